import ArgumentParser
import Feeds
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `newsctl parse FILE`: runs the feed parser locally, no daemon needed.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Parse a feed file locally (no daemon) and print it as JSON.",
        discussion: """
            Prints one JSON object: {"bozo", "version", "encoding", "feed": {...}, "entries": [...]}, the shape \
            ../shared/tools/feed_conformance.py reads. A file that is not a feed prints "bozo": true and its reason, \
            and still exits 0. The document's URL (the base for relative links) and HTTP response headers come from \
            --url and --content-type, else from $FEED_URL and $FEED_HTTP_HEADERS (a JSON object of headers: \
            Content-Type, Content-Location, Content-Language).
            """)

    @Argument(help: ArgumentHelp("The feed document.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("The URL the document was served from.", valueName: "url")) var url: String?
    @Option(help: ArgumentHelp("The HTTP Content-Type it was served with.", valueName: "type")) var contentType: String?

    func run() throws {
        let data = try Output.readInput(file)
        let environment = ProcessInfo.processInfo.environment
        let headers = Self.headers(environment["FEED_HTTP_HEADERS"])
        do {
            let feed = try FeedParser.parse(
                data, url: url ?? environment["FEED_URL"].flatMap { $0.isEmpty ? nil : $0 },
                contentType: contentType ?? headers["content-type"], contentLocation: headers["content-location"],
                contentLanguage: headers["content-language"])
            FeedJSON.write(feed) { Self.writeToStandardOutput($0) }
        } catch {
            FeedJSON.encode(error).withUnsafeBytes { Self.writeToStandardOutput($0.bindMemory(to: UInt8.self)) }
        }
    }

    /// Writes all the bytes to stdout (retrying short writes).
    static func writeToStandardOutput(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(STDOUT_FILENO, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            pointer += written
            remaining -= written
        }
    }

    /// Response headers from `$FEED_HTTP_HEADERS`, by lowercased name.
    static func headers(_ text: String?) -> [String: String] {
        guard let text, let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        var headers: [String: String] = [:]
        for (name, value) in object {
            if let value = value as? String { headers[name.lowercased()] = value }
        }
        return headers
    }
}
