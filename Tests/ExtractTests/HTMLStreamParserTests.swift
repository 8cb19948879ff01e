import Foundation
import Markup
import Testing

/// The stream of events ``HTMLStreamParser`` sends is the tree ``HTMLDocument`` builds: both
/// are written out as one outline (elements with attributes, text runs, `|` for a comment) and
/// compared.
@Suite("HTML stream parser")
struct HTMLStreamParserTests {
    /// Writes the events of the root element (the first one started) as an outline.
    final class OutlineRecorder: HTMLStreamDelegate {
        var outline = ""
        var depth = 0
        var rootEnded = false
        var starts = 0
        var ends = 0
        var sawText: [String] = []
        private var text: [UInt8] = []

        func startElement(_ name: HTMLTagName, attributes: HTMLStartTagAttributes) {
            starts += 1
            flush()
            depth += 1
            guard !rootEnded else { return }
            #expect(name.string == name.string.lowercased())
            outline += "<" + name.string
            for attribute in Self.pairs(attributes) { outline += " \(attribute.name)=\"\(attribute.value)\"" }
            outline += ">"
        }

        func endElement(_ name: HTMLTagName) {
            ends += 1
            flush()
            depth -= 1
            guard !rootEnded else { return }
            outline += "</" + name.string + ">"
            if depth == 0 { rootEnded = true }
        }

        func characters(_ text: UnsafeBufferPointer<UInt8>) {
            self.text.append(contentsOf: text)
        }

        func textBoundary() {
            flush()
            if depth > 0, !rootEnded { outline += "|" }
        }

        private func flush() {
            guard !text.isEmpty else { return }
            let string = String(decoding: text, as: UTF8.self)
            sawText.append(string)
            if depth > 0, !rootEnded { outline += "«" + string + "»" }
            text.removeAll()
        }

        /// The attributes by their public accessors: every name the tag has, looked up.
        static func pairs(_ attributes: HTMLStartTagAttributes) -> [(name: String, value: String)] {
            let names = ["id", "class", "title", "hidden", "lang", "href", "style", "data-x", "content", "name"]
            return names.compactMap { name in attributes[name].map { (name, $0) } }
        }
    }

    /// The same outline from libxml2's tree.
    static func treeOutline(_ node: MarkupNode) -> String {
        switch node.kind {
        case .element:
            var result = "<" + node.name
            let names = ["id", "class", "title", "hidden", "lang", "href", "style", "data-x", "content", "name"]
            for name in names { if let value = node.attribute(name) { result += " \(name)=\"\(value)\"" } }
            result += ">"
            for child in node.children { result += treeOutline(child) }
            return result + "</" + node.name + ">"
        case .text, .cdata:
            return "«" + (node.content ?? "") + "»"
        case .comment, .processingInstruction:
            return "|"
        default:
            return ""
        }
    }

    static func outlines(_ data: Data, encoding: String) throws -> (stream: String, tree: String) {
        let recorder = OutlineRecorder()
        try HTMLStreamParser.parse(data, encoding: encoding, elidingUnreadContent: nil, delegate: recorder)
        #expect(recorder.starts == recorder.ends, "every start has its end")
        let document = try HTMLDocument(data: data, encoding: encoding, url: nil)
        let root = try #require(document.root)
        return (recorder.outline, treeOutline(root))
    }

    static let pages = [
        "<HTML><BODY CLASS='Main'><DIV ID=a><P>One <B>two</B></P><!-- c --><P>three</P></DIV></BODY></HTML>",
        "Just text <p>para<p>second<div>block</div>",
        "<b><i>x</b>y</i><table><tr><td>cell<td>cell2</table><ul><li>a<li>b</ul>",
        "<p title=\"a&amp;b &quot;q&quot;\">&lt;tag&gt; &nbsp;&eacute; &#x627; text<!--x-->after</p>",
        "<html lang=ar><head><title>T</title><meta name=description content='d'><script>var a = \"<p>\";</script>"
            + "<style>p{}</style></head><body hidden><p data-x=1>x</p></body></html>",
        "<div><p>open <b>bold <a href='/x'>link",
        "<!DOCTYPE html><html><body><h1>Title</h1><p>body<br>line<hr>rule</p><?pi x?><p>after</p></body></html>",
        "<frameset><frame src=a></frameset>",
        "<p>مرحبا <b>بالعالم</b> اقرأ أيضاً:</p>",
        "\u{FEFF}<p>a page that starts with a byte-order mark</p>",
    ]

    @Test("the events are the tree libxml2 builds", arguments: pages)
    func eventsMatchTree(_ page: String) throws {
        let (stream, tree) = try Self.outlines(Data(page.utf8), encoding: "UTF-8")
        #expect(stream == tree)
        #expect(!stream.isEmpty)
    }

    @Test("windows-1256 pages arrive as UTF-8 Arabic, as in the tree")
    func legacyCharset() throws {
        let page = "<html><body><p class=lead>«إقرأ أيضاً:» السلامُ عليكم</p></body></html>"
        let bytes = try iconvEncode(page, to: "WINDOWS-1256")
        #expect(bytes.count < page.utf8.count)
        let (stream, tree) = try Self.outlines(bytes, encoding: "WINDOWS-1256")
        #expect(stream == tree)
        #expect(stream.contains("«إقرأ أيضاً:» السلامُ عليكم"))
    }

    @Test("invalid UTF-8 is repaired unless the caller vouches for the bytes")
    func invalidUTF8() throws {
        let bytes = Data("<p>caf".utf8) + Data([0xE9]) + Data(" ok</p>".utf8)
        let recorder = OutlineRecorder()
        try HTMLStreamParser.parse(bytes, encoding: "UTF-8", elidingUnreadContent: nil, delegate: recorder)
        #expect(recorder.outline.contains("caf\u{FFFD} ok"))
    }

    @Test("unread content is left out when asked: script bodies go, JSON-LD stays")
    func elision() throws {
        let page = "<html><head><script>var big = 1;</script><script type='application/ld+json'>{\"a\":1}</script>"
            + "</head><body><p>text</p></body></html>"
        let recorder = OutlineRecorder()
        try HTMLStreamParser.parse(Data(page.utf8), encoding: "UTF-8", elidingUnreadContent: .rawText, delegate: recorder)
        #expect(!recorder.sawText.contains("var big = 1;"))
        #expect(recorder.sawText.contains("{\"a\":1}"))
        #expect(recorder.sawText.contains("text"))
    }

    @Test("a page nested thousands deep streams to its end, balanced")
    func deepNesting() throws {
        let page = String(repeating: "<div>", count: 5000) + "deep end" + String(repeating: "</div>", count: 5000)
        let recorder = OutlineRecorder()
        try HTMLStreamParser.parse(Data(page.utf8), encoding: "UTF-8", elidingUnreadContent: nil, delegate: recorder)
        #expect(recorder.starts == recorder.ends)
        #expect(recorder.starts >= 5000)
        #expect(recorder.sawText.contains("deep end"))
    }

    @Test("empty input is refused")
    func empty() {
        #expect(throws: MarkupError.self) {
            try HTMLStreamParser.parse(Data(), encoding: "UTF-8", elidingUnreadContent: nil, delegate: OutlineRecorder())
        }
    }

    @Test("the events are the tree on the readability and Arabic corpus pages (when ../shared is there)")
    func corpusPages() throws {
        guard let pages = try Self.corpusPages() else { return }
        for page in pages {
            let charset = CharsetDetector.htmlCharset(for: page.data, contentType: page.contentType).charset
            let (stream, tree) = try Self.outlines(page.data, encoding: charset)
            #expect(stream == tree, "\(page.name)")
        }
        #expect(pages.count > 200)
    }

    /// The readability and Arabic corpus pages, or nil (with a message) when ../shared has none.
    static func corpusPages() throws -> [(name: String, data: Data, contentType: String?)]? {
        let readability = Corpus.root.appendingPathComponent("readability-test-pages")
        let arabic = Corpus.root.appendingPathComponent("arabic-pages")
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: readability.path),
            let arabicPages = try? FileManager.default.contentsOfDirectory(atPath: arabic.appendingPathComponent("html").path)
        else {
            print("skipped: \(Corpus.root.path) has no readability-test-pages or arabic-pages")
            return nil
        }
        var pages: [(name: String, data: Data, contentType: String?)] = []
        for name in folders.sorted() {
            if let data = try? Data(contentsOf: readability.appendingPathComponent(name).appendingPathComponent("source.html")) {
                pages.append((name, data, nil))
            }
        }
        let headers = (try? JSONSerialization.jsonObject(with: Data(contentsOf: arabic.appendingPathComponent("headers.json"))))
            as? [String: [String: String]] ?? [:]
        for file in arabicPages.sorted() {
            let id = String(file.prefix { $0 != "." })
            var data = try Data(contentsOf: arabic.appendingPathComponent("html").appendingPathComponent(file))
            if file.hasSuffix(".gz") { data = try Gzip.decompress(data) }
            let contentType = headers[id]?.first { $0.key.lowercased() == "content-type" }?.value
            pages.append((id, data, contentType))
        }
        return pages
    }

    @Test("every attribute HTMLAttributes reads is in its names, so extraction's elision keeps it")
    func attributeNamesCoverReads() throws {
        final class Capture: HTMLStreamDelegate {
            var attributes: HTMLAttributes?
            var strings: [String: String] = [:]
            func startElement(_ name: HTMLTagName, attributes: HTMLStartTagAttributes) {
                guard name.string == "div" else { return }
                let read = attributes.htmlAttributes
                self.attributes = read
                for child in Mirror(reflecting: read).children {
                    if let value = child.value as? HTMLAttributeValue { strings[child.label ?? ""] = value.string }
                }
            }
            func endElement(_ name: HTMLTagName) {}
            func characters(_ text: UnsafeBufferPointer<UInt8>) {}
            func textBoundary() {}
        }
        let tag = "<div " + HTMLAttributes.names.map { "\($0)=\"v-\($0)\"" }.joined(separator: " ") + " data-other=x>"
        let capture = Capture()
        try HTMLStreamParser.parse(
            Data("<html><body>\(tag)t</div></body></html>".utf8), encoding: "UTF-8",
            elidingUnreadContent: UnreadContent(readAttributes: AttributeNames(HTMLAttributes.names), collapsesBlankRuns: false), delegate: capture)
        let attributes = try #require(capture.attributes)
        #expect(attributes.hidden && !attributes.isEmpty)
        for child in Mirror(reflecting: attributes).children where child.label != "hidden" && child.label != "isEmpty" {
            let value = child.value as? HTMLAttributeValue
            #expect(value != nil, "HTMLAttributes.\(child.label ?? "?") is read but its attribute is not in HTMLAttributes.names")
        }
        #expect(capture.strings["className"] == "v-class")
        #expect(capture.strings["dataLazySrc"] == "v-data-lazy-src")
    }
}
