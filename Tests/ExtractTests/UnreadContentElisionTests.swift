import Foundation
import Markup
import Testing

@Suite("Script and style bodies and svg content left out before parsing")
struct UnreadContentElisionTests {
    /// The tree as text: elements with their attributes, text and comments, but not the text
    /// inside `script` and `style` (what elision may change).
    private func shape(_ node: MarkupNode, insideRawText: Bool = false, attributes kept: Set<String>? = nil) -> String {
        switch node.kind {
        case .element:
            let attributes = node.attributes.filter { kept?.contains($0.name) ?? true }.map { " \($0.name)=[\($0.value)]" }.joined()
            if node.name == "svg" { return "<svg\(attributes)/>" }  // its content may go
            let raw = node.name == "script" || node.name == "style"
            let inner = node.children.map { shape($0, insideRawText: raw, attributes: kept) }.joined()
            return "<\(node.name)\(attributes)>\(inner)</\(node.name)>"
        case .text, .cdata: return insideRawText ? "" : "T[\(node.content ?? "")]"
        case .comment: return "C[\(node.content ?? "")]"
        default: return "N"
        }
    }

    private func parse(_ html: String, eliding: Bool) throws -> HTMLDocument {
        try HTMLDocument(data: Data(html.utf8), encoding: "UTF-8", url: nil, elidingUnreadContent: eliding ? .rawText : nil)
    }

    @Test("script and style bodies go, the elements and everything else stay; JSON-LD stays")
    func elides() throws {
        let html = """
            <html><head><style>p { color: red }</style><script type="application/ld+json">{"headline": "H"}</script>
            <SCRIPT src=x.js async>var a = "<p>not text</p>";</SCRIPT ></head><body><p>One</p>
            <script>document.write("<style>")</script><p>Two</p></body></html>
            """
        let elided = try parse(html, eliding: true)
        let plain = try parse(html, eliding: false)
        let root = try #require(elided.root)
        #expect(shape(root) == shape(try #require(plain.root)))
        let scripts = root.descendantElements(named: "script")
        #expect(scripts.map(\.textContent) == [#"{"headline": "H"}"#, "", ""])
        #expect(root.descendantElements(named: "style").map(\.textContent) == [""])
        #expect(try #require(elided.body).renderedText() == "One\n\nTwo")
    }

    @Test("an inline svg keeps its element and attributes, not its content")
    func svg() throws {
        let html = "<html><body><p>a<svg class='icon'><g><path d='M0 0'/></g><title>Share</title></svg>b</p></body></html>"
        let root = try #require(try parse(html, eliding: true).root)
        let svg = try #require(root.descendantElements(named: "svg").first)
        #expect(svg.attribute("class") == "icon")
        #expect(svg.children.map(\.kind).isEmpty)
        #expect(root.descendantElements(named: "p").first?.textContent == "ab")
    }

    @Test("tricky markup parses to the same tree with and without elision")
    func sameTree() throws {
        let bodies = [
            "a < b and <script>x</script><p>t</p>",
            "a <_x y=\"<script>\">q</script><p>t</p>",
            "</ <script>x</script><p>t</p>",
            "<? <script>x</script><p>t</p>",
            "<?php echo 1 ?><script>x</script><p>t</p>",
            "<p>a</p foo=\"<script>\">z</script><p>t</p>",
            "<div @click=\"a>b\"><script>s</script></div>",
            "<!--a--!><script>s</script>--><p>t</p>",
            "<!-- <script> --><p>t</p><script>s</script>",
            "<!--><script>s</script><p>t</p>",
            "<p>a<script/>b</p><script>c</script>",
            "<div title='it&apos;s > here'><script>s</script></div>",
            "<div title=\"<b>\"><script>s</script></div>",
            "<a href=x>y</a><script>var s = '</scr' + 'ipt>';</script><p>t</p>",
            "<script>never closed <p>t</p>",
            "<style>a{}</stylex><p>t</p></style><p>u</p>",
            "<!DOCTYPE html><script>s</script><p>t</p>",
            "<![CDATA[<script>]]><p>t</p>",
            "<p>t</p><script",
            "<svg viewBox='0 0 1 1'><g><path d='M0 0'/><title>Icon</title></g></svg><p>t</p>",
            "<svg><g><path></g></svg><p>t</p>",
            "<svg><svg><g></svg></g></svg><p>t</p>",
            "<svg><style>a{}</style><script>s</script><!-- c --></svg><p>t</p>",
            "<div><svg><g></div><p>t</p></svg><p>u</p>",
            "<svg><foreignObject><div>x</div></foreignObject></svg><p>t</p>",
            "<svg><a href=x><text>y</text></a></svg><p>t</p>",
            "<svg></path></g></svg><p>t</p>",
            "<svg><p>t</p>",
        ]
        for body in bodies {
            let html = "<html><body>\(body)</body></html>"
            let elided = try #require(try parse(html, eliding: true).root)
            let plain = try #require(try parse(html, eliding: false).root)
            #expect(shape(elided) == shape(plain), "\(body)")
        }
    }

    @Test("with the attributes read named, the others go and the tree is otherwise the same")
    func attributes() throws {
        let read = ["class", "href", "xml:lang", "hidden", "content"]
        let unread = UnreadContent(readAttributes: AttributeNames(read), collapsesBlankRuns: false)
        let bodies = [
            #"<div CLASS="a" data-x='{"k": 1}' style=color:red hidden title="t > u">x</div>"#,
            #"<a href=/x target=_blank rel="noopener"class=b>link</a><img srcset="a.jpg 1x, b.jpg 2x" src=a.jpg>"#,
            #"<p xml:lang=ar aria-label="نص" data-lazy='1'>نص</p><br/><input value=v disabled>"#,
            #"<meta name=description content="d"><span onclick="a()"/>t"#,
            "<div " + String(repeating: "x", count: 101) + "class=c>cut name</div>",
            #"<div @click="a>b" data-y=1 class=c>stops eliding</div><p data-z=2>t</p>"#,
        ]
        for body in bodies {
            let html = "<html><body>\(body)<script type=application/json>{}</script></body></html>"
            let elided = try #require(try HTMLDocument(data: Data(html.utf8), encoding: "UTF-8", url: nil, elidingUnreadContent: unread).root)
            let plain = try #require(try parse(html, eliding: false).root)
            #expect(shape(elided, attributes: Set(read)) == shape(plain, attributes: Set(read)), "\(body)")
        }
        let html = #"<html><body><div class=c data-x=1 title=t>x</div></body></html>"#
        let root = try #require(try HTMLDocument(data: Data(html.utf8), encoding: "UTF-8", url: nil, elidingUnreadContent: unread).root)
        #expect(root.descendantElements(named: "div").first?.attributes.map(\.name) == ["class"])
    }

    @Test("only JSON-LD scripts keep their bodies")
    func jsonScripts() throws {
        let html = """
            <html><head><script type="application/LD+JSON">{"a": 1}</script><script type="application/json" id="__NEXT_DATA__">{"b": 2}</script>
            <script type="application/ld&#x2B;json">{"c": 3}</script><script type="text/javascript">var d = 4</script>
            </head><body><p>t</p></body></html>
            """
        let root = try #require(try parse(html, eliding: true).root)
        #expect(root.descendantElements(named: "script").map(\.textContent) == [#"{"a": 1}"#, "", #"{"c": 3}"#, ""])
    }

    @Test("runs of blanks around texts are cut to one, except from a pre or textarea on")
    func blankRuns() throws {
        let unread = UnreadContent(readAttributes: nil, collapsesBlankRuns: true)
        let html = """
            <html>
              <body>
                <p>one   two\t\t three</p>   <div> \n  <b>bold</b>  text \n </div>
                <pre>  keep
                   this</pre>  <p>a    b</p>
              </body>
            </html>
            """
        let elided = try #require(try HTMLDocument(data: Data(html.utf8), encoding: "UTF-8", url: nil, elidingUnreadContent: unread).root)
        let plain = try #require(try parse(html, eliding: false).root)
        #expect(elided.descendantElements(named: "p").first?.textContent == "one   two\t\t three")  // inside: left
        #expect(elided.descendantElements(named: "div").first?.textContent == " bold text ")
        #expect(plain.descendantElements(named: "div").first?.textContent == " \n  bold  text \n ")
        #expect(elided.descendantElements(named: "pre").first?.textContent == "  keep\n       this")
        #expect(elided.descendantElements(named: "p").last?.textContent == "a    b")
        // Whitespace-collapsed, the two trees read the same.
        #expect(PlainText.collapsingWhitespace(shape(elided)) == PlainText.collapsingWhitespace(shape(plain)))
    }
}
