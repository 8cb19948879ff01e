import Foundation
import Markup
import Testing

@Suite("HTML documents and nodes")
struct HTMLDocumentTests {
    @Test("names are lowercase, attributes and navigation work, the document outlives its nodes")
    func nodes() throws {
        var body: MarkupNode?
        do {
            let document = try HTMLDocument(
                html: "<HTML><BODY CLASS='Main'><DIV ID=a><P>One <B>two</B></P><!-- c --><P>three</P></DIV></BODY></HTML>",
                url: "https://example.test/dir/page.html")
            body = document.body
        }
        let node = try #require(body)  // the document is only referenced by the node now
        #expect(node.name == "body")
        #expect(node.attribute("class") == "Main")
        #expect(node.attribute("CLASS") == "Main")
        let div = try #require(node.firstChildElement(named: "div"))
        #expect(div.attribute("id") == "a")
        #expect(div.elementChildren.map(\.name) == ["p", "p"])
        #expect(div.children.map(\.kind) == [.element, .comment, .element])
        #expect(div.descendantElements(named: "b").first?.textContent == "two")
        #expect(div.textContent == "One twothree")
        #expect(div.renderedText() == "One two\n\nthree")
        #expect(div.elementChildren.first?.parent == div)
        #expect(div.resolve("../img/x.jpg") == "https://example.test/img/x.jpg")
        #expect(node.descendants.filter(\.isElement).count == 4)
    }

    @Test("<base href> changes the base for relative links")
    func baseElement() throws {
        let document = try HTMLDocument(
            html: "<html><head><base href='/static/'></head><body><img src='a.png'></body></html>", url: "https://x.test/news/1")
        #expect(document.baseURL == "https://x.test/static/")
        #expect(document.body?.resolve("a.png") == "https://x.test/static/a.png")
    }

    @Test("plain text of HTML fragments")
    func plainText() {
        #expect(PlainText.fromHTML("<p>Hello&nbsp;<b>world</b></p><p>Again<br>and again</p>") == "Hello world\n\nAgain\nand again")
        #expect(PlainText.fromHTML("AT&amp;T &lt;rocks&gt;") == "AT&T <rocks>")
        #expect(PlainText.fromHTML("no markup   at\n all") == "no markup at all")
        #expect(PlainText.fromHTML("<script>x()</script><p>نصٌّ عربيٌّ</p>") == "نصٌّ عربيٌّ")
        #expect(PlainText.collapsingWhitespace("  a\u{00A0}\u{200B}b \n\t c  ") == "a b c")
        #expect(PlainText.collapsingWhitespace("حذّر  جاووش\nأوغلو") == "حذّر جاووش أوغلو")
    }

    @Test("relative references resolve against a base, non-ASCII paths are percent-encoded")
    func urls() {
        #expect(URLResolver.resolve("/a/b?c=1", against: "https://x.test/p/q") == "https://x.test/a/b?c=1")
        #expect(URLResolver.resolve("img.jpg", against: "https://x.test/p/q") == "https://x.test/p/img.jpg")
        #expect(URLResolver.resolve("//cdn.test/i.png", against: "https://x.test/") == "https://cdn.test/i.png")
        #expect(URLResolver.resolve("https://y.test/", against: "https://x.test/") == "https://y.test/")
        #expect(URLResolver.resolve("/أخبار/1", against: "https://x.test/") == "https://x.test/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1")
        #expect(URLResolver.resolve("  ", against: "https://x.test/") == nil)
        #expect(URLResolver.resolve("/a", against: nil) == "/a")
    }

    @Test("an empty document is an error, not a crash")
    func empty() {
        #expect(throws: MarkupError.self) { try HTMLDocument(data: Data(), encoding: nil, url: nil) }
        #expect(throws: MarkupError.self) { try XMLDocument(data: Data(), encoding: nil, url: nil) }
    }
}
