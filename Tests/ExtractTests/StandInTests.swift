import Foundation
import Testing

@testable import Markup

/// Attribute values and texts that go around libxml2 (``UnreadContent/bypassesParser``) reach
/// the stream's delegate as libxml2 would have handed them over: the outline of the events
/// (elements, attributes, texts) is the same with and without stand-ins.
@Suite("Attribute values and texts around libxml2")
struct StandInTests {
    /// The attributes the outline recorder writes, all read.
    private static let read = ["id", "class", "title", "hidden", "lang", "href", "style", "data-x", "content", "name"]

    private func outline(_ data: Data, encoding: String, bypassing: Bool) throws -> String {
        let recorder = HTMLStreamParserTests.OutlineRecorder()
        let unread = UnreadContent(
            readAttributes: AttributeNames(Self.read), collapsesBlankRuns: false, bypassesParser: bypassing)
        try HTMLStreamParser.parse(data, encoding: encoding, elidingUnreadContent: unread, delegate: recorder)
        return recorder.outline
    }

    /// How many values and texts of the page would go around libxml2.
    private func standIns(_ data: Data, encoding: String) -> Int {
        let unread = UnreadContent(readAttributes: AttributeNames(Self.read), collapsesBlankRuns: false, bypassesParser: true)
        return UnreadContentElision.elide(data, unread, valuesAreUTF8: LibXML.isUTF8(encoding))?.standIns.count ?? 0
    }

    private func expectSameValues(_ html: String, standingIn expected: Int? = nil, _ comment: Comment? = nil) throws {
        let data = Data(html.utf8)
        let bypassed = try outline(data, encoding: "UTF-8", bypassing: true)
        #expect(bypassed == (try outline(data, encoding: "UTF-8", bypassing: false)), comment)
        if let expected { #expect(standIns(data, encoding: "UTF-8") == expected, comment) }
    }

    @Test("a stand-in is written and read back for every number a page may use")
    func stampRoundTrip() {
        let numbers = Array(0..<2_000) + [32_767, 32_768, 99_999, StandIns.capacity - 1]
        for number in numbers {
            var output = [UInt8](repeating: 0xFF, count: StandIns.maximumLength)
            let length = output.withUnsafeMutableBufferPointer { StandIns.write(number, to: $0.baseAddress!) }
            output.removeLast(output.count - length)
            #expect(output.allSatisfy { $0 == 0x7F || (0x41...0x60).contains($0) })
            output.append(0)
            let ranges = [Range<Int>](repeating: 0..<0, count: number) + [3..<7]
            let page: [UInt8] = Array("abcdefgh".utf8)
            let value = page.withUnsafeBufferPointer { page in
                ranges.withUnsafeBufferPointer { ranges in
                    output.withUnsafeBufferPointer { reported in
                        StandIns(page: page.baseAddress, ranges: ranges).value(reported.baseAddress).string
                    }
                }
            }
            #expect(value == "defg", "\(number)")
        }
    }

    @Test("values go around libxml2 and come back as libxml2 would hand them over")
    func handWritten() throws {
        try expectSameValues(
            #"<html><body><div class="lead story" id=main-column title='it is "here"'>x</div></body></html>"#, standingIn: 3)
        let bodies = [
            #"<a href="https://example.com/a/b?c=d&amp;e=f">entity: not stood in</a><a href=/short>s</a>"#,
            "<div title=\"tab\tand\nnewline\">t</div><div title=\"carriage\r\nreturn\">u</div>",
            #"<p class="عنوان رئيسي" lang=ar title="«إقرأ أيضاً»">نص</p>"#,
            #"<p class=a id=bb title=ccc>short values</p><p class=dddd>four</p>"#,
            #"<div class="one" class="two" id="x1" ID="x2">first wins</div>"#,
            "<div title=\"not a character: \u{FFFE} \u{FFFF}\">\u{FFFE} in a text \u{FFFF}</div>",
            #"<meta name=description content="a description that is long"><meta charset=utf-8>"#,
            #"<svg class="icon-share"><path d="M0 0"/></svg><p class='after svg'>t</p>"#,
            #"<div style = "display: none" data-x = 'spaced = "value"'>hidden</div>"#,
            #"<img src="/i.jpg" title=unquoted/value/>"#,
            "<div title=\"control \u{1} character\">c</div><div title=\"é and \u{7}\">d</div>",
        ]
        for body in bodies {
            try expectSameValues("<html><head></head><body>\(body)</body></html>", Comment(rawValue: body))
        }
    }

    @Test("texts go around libxml2 and come back as libxml2 would hand them over")
    func texts() throws {
        let pages = [
            "  Text before the root element <html><body><p>and a paragraph</p></body></html>",
            "<!DOCTYPE html>   after the doctype <!-- c -->  after a comment <p>para</p>",
            "<html><head>text in the head implies a paragraph<title>The title</title></head><body>x</body></html>",
            "<p>a &amp; b, &eacute;t&eacute;</p><p>a < b and c<5 and x <= y</p><p>x<b>bold</b>y</p>",
            "<p>carriage\r\nreturns and \u{1} control characters</p><p>\u{FFFE} not a character</p>",
            "<pre>\n  indented\n    code</pre><p>after the pre, texts stay in the page</p>",
            "<table><tr>text in a row<td>cell text</td></tr></table><ul>list text<li>item text</li></ul>",
            "<p>" + String(repeating: "long text with blanks ", count: 200) + String(repeating: " ", count: 1_500) + "end</p>",
            "<p>\u{627}\u{644}\u{646}\u{635} «إقرأ أيضاً:» Arabic text</p><textarea>  typed\n text </textarea>",
            "<body><p>unclosed <i>italic <b>bold</p> after</b></i> text</body> trailing text after body",
            // libxml2 hands a text over in pieces of 1,000 bytes: no stand-in may straddle two.
            "<p>" + String(repeating: " ", count: 999) + "after many blanks</p><p>" + String(repeating: "\n", count: 1_200) + "more</p>",
        ]
        for page in pages {
            try expectSameValues(page, Comment(rawValue: page))
        }
        #expect(standIns(Data(pages[0].utf8), encoding: "UTF-8") == 2)
    }

    @Test("the corpus pages read the same with and without stand-ins (when ../shared is there)")
    func corpusPages() throws {
        guard let pages = try HTMLStreamParserTests.corpusPages() else { return }
        var standingIn = 0
        for page in pages {
            let charset = CharsetDetector.htmlCharset(for: page.data, contentType: page.contentType).charset
            let bypassed = try outline(page.data, encoding: charset, bypassing: true)
            #expect(bypassed == (try outline(page.data, encoding: charset, bypassing: false)), "\(page.name)")
            standingIn += standIns(page.data, encoding: charset)
        }
        #expect(standingIn > 50_000)
    }

    @Test("a page with a DEL byte of its own has no stand-ins")
    func pageWithMarker() throws {
        let html = "<html><body><p class=\"\u{7F}A\" title=\"a long title\">t</p><p title='\u{7F}B'>u</p></body></html>"
        try expectSameValues(html, standingIn: 0)
    }

    @Test("pages with thousands of values (stand-ins of several letters)")
    func manyValues() throws {
        let rows = (0..<2_500).map { "<li class=\"item item-\($0)\" data-x=\"v\($0)-long\"><a href=\"/story/\($0)\">s\($0)</a></li>" }
        try expectSameValues("<html><body><ul>\(rows.joined())</ul></body></html>", standingIn: 9_900)  // 7,500 values, 2,400 texts of four bytes or more
    }

    @Test("a page whose stand-ins are longer than the values they stand for (numbers past 32,768)")
    func longerStandIns() throws {
        let rows = (0..<40_000).map { "<b class=c\($0 % 900 + 100)>" }
        let html = "<html><body><p>" + rows.joined() + "</p></body></html>"
        try expectSameValues(html, standingIn: 40_000)
        let unread = UnreadContent(readAttributes: AttributeNames(Self.read), collapsesBlankRuns: false, bypassesParser: true)
        let elided = try #require(UnreadContentElision.elide(Data(html.utf8), unread, valuesAreUTF8: true))
        #expect(elided.data.count > html.utf8.count)
    }

    @Test("in a windows-1256 page only ASCII values go around libxml2")
    func legacyCharset() throws {
        let html = #"<html><body><p class="story-body" title="عنوان المقال">«إقرأ أيضاً:» نص</p></body></html>"#
        let encoded = try iconvEncode(html, to: "WINDOWS-1256")
        let bypassed = try outline(encoded, encoding: "WINDOWS-1256", bypassing: true)
        #expect(bypassed == (try outline(encoded, encoding: "WINDOWS-1256", bypassing: false)))
        #expect(bypassed.contains(#"title="عنوان المقال""#))
        #expect(standIns(encoded, encoding: "WINDOWS-1256") == 1)
    }

    @Test("random values and texts: the same with and without stand-ins")
    func generated() throws {
        var generator = SystemRandomNumberGenerator()
        let plain = ["a", "B", " ", "-", "\t", "\n", "é", "ع", "/", "=", "long-value"]
        let tricky = plain + ["&amp;", "&", "\r", "'", "\"", "\u{1}", "x>y", "<"]
        var standingIn = 0
        for _ in 0..<200 {
            var body = ""
            for _ in 0..<20 {
                let name = Self.read.randomElement(using: &generator)!
                let pieces = Int.random(in: 0..<40, using: &generator) == 0 ? tricky : plain
                let value = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let quote = ["\"", "'", ""].randomElement(using: &generator)!
                let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
                body += "<span \(name)=\(quote)\(value)\(quote) class=\"c\">\(text)</span>"
            }
            try expectSameValues("<html><body>\(body)</body></html>", Comment(rawValue: body))
            standingIn += standIns(Data("<html><body>\(body)</body></html>".utf8), encoding: "UTF-8")
        }
        #expect(standingIn > 400)  // most pages stop eliding at their first tricky value
    }
}
