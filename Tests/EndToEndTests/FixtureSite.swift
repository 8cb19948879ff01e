import FeedFarm
import Foundation
import Synchronization

/// A loopback web site whose pages a test sets and changes while the daemon runs. Every page
/// gets an ETag from its content and answers `If-None-Match` with 304, like a real server.
final class FixtureSite: Sendable {
    struct Page: Sendable {
        var contentType: String
        var body: [UInt8]
        /// Seconds to wait before answering, to play a slow server.
        var delay: Double = 0
        /// Whether to send an ETag (a server without validators makes newsd compare bodies).
        var validators = true
        /// A whole response instead (status and headers), for errors and redirects.
        var response: HTTPResponse?
    }

    /// The pages by path, shared with the server's handler.
    private final class Pages: Sendable {
        let byPath = Mutex([String: Page]())
    }

    private let pages = Pages()
    let server: HTTPServer

    init() throws {
        let pages = self.pages
        server = try HTTPServer { request in
            guard let page = pages.byPath.withLock({ $0[request.path] }) else { return .status(404) }
            if page.delay > 0 { Thread.sleep(forTimeInterval: page.delay) }
            if let response = page.response { return response }
            guard page.validators else { return .ok(page.body, contentType: page.contentType) }
            let etag = "\"\(page.body.count)-\(FixtureSite.checksum(page.body))\""
            if request.header("If-None-Match") == etag { return .status(304, headers: [("ETag", etag)]) }
            return .ok(page.body, contentType: page.contentType, headers: [("ETag", etag)])
        }
    }

    deinit {
        server.stop()
    }

    var baseURL: String { server.baseURL }

    func url(_ path: String) -> String { baseURL + path }

    func set(_ path: String, _ text: String, type: String, delay: Double = 0, validators: Bool = true) {
        set(path, Array(text.utf8), type: type, delay: delay, validators: validators)
    }

    func set(_ path: String, _ body: [UInt8], type: String, delay: Double = 0, validators: Bool = true) {
        pages.byPath.withLock { $0[path] = Page(contentType: type, body: body, delay: delay, validators: validators) }
    }

    /// Answers `path` with `response` (an error status, a redirect).
    func set(_ path: String, response: HTTPResponse) {
        pages.byPath.withLock { $0[path] = Page(contentType: "", body: [], response: response) }
    }

    /// Requests the server has answered for `path`.
    func requests(to path: String) -> [HTTPRequest] {
        server.requests.filter { $0.path == path }
    }

    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }

    /// An RSS 2.0 feed of `items` (guid, path, title) linking to pages on this site.
    func rss(title: String, items: [(guid: String, path: String, title: String)]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>\(title)</title><link>\(baseURL)/</link>\n"
        for item in items {
            xml += "<item><title>\(item.title)</title><link>\(url(item.path))</link><guid>\(item.guid)</guid>"
            xml += "<pubDate>Sun, 29 Nov 2026 08:00:00 GMT</pubDate></item>\n"
        }
        return xml + "</channel></rss>\n"
    }

    /// An English article page with furniture around a body of `paragraphs`.
    static func englishPage(title: String, paragraphs: [String], canonical: String? = nil) -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(title) | Test Times</title>
        \(canonical.map { "<link rel=\"canonical\" href=\"\($0)\">" } ?? "")
        <meta property="og:title" content="\(title)"></head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <article><h1>\(title)</h1><div class="share"><a href="#">Share</a></div>
        \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
        </article><footer><p>Copyright Test Times. All rights reserved.</p></footer></body></html>
        """
    }
}

/// Paragraphs long enough to read as an article, different for each story name.
func englishParagraphs(_ story: String) -> [String] {
    let seed = story.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    var paragraphs = SyntheticText.paragraphs(seed: seed, arabic: false, count: 3)
    paragraphs[0] = "\(story): " + paragraphs[0]
    return paragraphs
}
