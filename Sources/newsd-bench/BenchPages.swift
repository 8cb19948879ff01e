import ArgumentParser
import Foundation
import Markup

/// The pages of an extraction benchmark, read and decompressed into memory.
struct BenchPages {
    struct Page {
        var id: String
        var path: String
        var data: Data
        var contentType: String?
        var url: String { "https://bench.test/" + id }
    }

    static func load(_ directory: String, limit: Int?, headersFile: String?) throws -> [Page] {
        var folder = directory
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory + "/html", isDirectory: &isDirectory), isDirectory.boolValue {
            folder = directory + "/html"
        }
        var headers: [String: [String: String]] = [:]
        if let headersFile {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: headersFile)))
            headers = (object as? [String: Any] ?? [:]).compactMapValues { ($0 as? [String: Any])?.compactMapValues { $0 as? String } }
        }
        var pages: [Page] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            guard let suffix = [".html.gz", ".html"].first(where: name.hasSuffix) else { continue }
            let id = String(name.dropLast(suffix.count))
            let path = folder + "/" + name
            let raw = try Data(contentsOf: URL(fileURLWithPath: path))
            let data = Gzip.isCompressed(raw) ? try Gzip.decompress(raw) : raw
            let contentType = headers[id]?.first { $0.key.lowercased() == "content-type" }?.value
            pages.append(Page(id: id, path: path, data: data, contentType: contentType))
            if let limit, pages.count >= limit { break }
        }
        guard !pages.isEmpty else { throw ValidationError("\(folder) holds no .html or .html.gz pages") }
        return pages
    }
}
