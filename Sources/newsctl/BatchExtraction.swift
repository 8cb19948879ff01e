import ArgumentParser
import Dispatch
import Extract
import Foundation
import Markup
import Synchronization

/// `newsctl extract --batch`: every `<id>.html[.gz]` of a folder to `<id>.txt`, on all cores.
struct BatchExtraction {
    var input: String
    var output: String
    var headersFile: String?

    func run() throws {
        let headers = try loadHeaders()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: input).sorted()
        } catch {
            Output.error("\(input): cannot list the folder (\(error.localizedDescription))")
            throw ExitCode(66)
        }
        let pages: [(id: String, file: String)] = names.compactMap { name in
            for suffix in [".html.gz", ".html"] where name.hasSuffix(suffix) {
                return (String(name.dropLast(suffix.count)), name)
            }
            return nil
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let failures = FailureList()
        let empty = FailureList()
        let extractor = ArticleExtractor()
        DispatchQueue.concurrentPerform(iterations: pages.count) { index in
            let page = pages[index]
            let inputPath = input + "/" + page.file
            var text = ""
            do {
                let data = try PageFile.read(inputPath)
                let contentType = Self.contentType(in: headers[page.id])
                let article = try extractor.extract(data, url: "file://" + inputPath, contentType: contentType)
                text = article.text
            } catch let error as ExtractionError {
                empty.add("\(page.file): \(error.message)")
            } catch {
                failures.add("\(page.file): \(error)")
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output + "/" + page.id + ".txt"))
            } catch {
                failures.add("\(page.id).txt: \(error.localizedDescription)")
            }
        }
        let failed = failures.all
        let noArticle = empty.all
        for message in (failed + noArticle).prefix(20) { Output.error(message) }
        FileHandle.standardError.write(Data(
            "newsctl: \(pages.count) pages: \(pages.count - failed.count - noArticle.count) articles, \(noArticle.count) without article text, \(failed.count) failed\n".utf8))
        if !failed.isEmpty { throw ExitCode(1) }
    }

    private func loadHeaders() throws -> [String: [String: String]] {
        guard let headersFile else { return [:] }
        let data = try Output.readInput(headersFile)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            Output.error("\(headersFile): cannot read the headers (not a JSON object)")
            throw ExitCode(65)
        }
        return object.compactMapValues { value in
            (value as? [String: Any])?.compactMapValues { $0 as? String }
        }
    }

    /// The `Content-Type` among a page's headers, whatever its case.
    static func contentType(in headers: [String: String]?) -> String? {
        headers?.first { $0.key.lowercased() == "content-type" }?.value
    }
}

/// Failure messages gathered from concurrent work (guarded by a `Mutex`).
final class FailureList: Sendable {
    private let messages = Mutex<[String]>([])

    func add(_ message: String) { messages.withLock { $0.append(message) } }

    var all: [String] { messages.withLock { $0 } }
}
