import Foundation
import Testing

@testable import Extract

@Suite("Sanitised HTML rendering")
struct ArticleHTMLTests {
    static let englishPage = """
        <html lang="en"><head><title>Tide tables - Example Coast</title></head><body>
        <article class="story-body">
          <p>The harbour master published <a href="/tides/2024" onclick="steal()">new tide tables</a> on Monday, after a winter of storms moved the sandbanks in the estuary.</p>
          <p>Skippers should read the <a href="javascript:alert(1)">safety notes</a> and the <a href="#top">summary</a> before they sail, the harbour master said in a statement.</p>
          <img src="/img/estuary.jpg" alt="The estuary at &quot;low&quot; tide" onerror="steal()">
          <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
          <h3 style="color:red">High water times this week</h3>
          <table class="tides"><tr><th>Day</th><th>Time</th></tr><tr><td>Monday</td><td>06:12</td></tr></table>
          <ol><li>Check the forecast before leaving the moorings.</li><li>Carry a radio &amp; flares.</li></ol>
          <blockquote>The sandbanks have moved more this winter than in the last ten years together.</blockquote>
          <script>document.write('<p>injected</p>')</script>
          <p>Copies of the tables are available at the harbour office &lt;script&gt; on the quay, free of charge, from nine until five.</p>
        </article></body></html>
        """

    func extract(_ page: String) throws -> Article {
        try ArticleExtractor().extract(Data(page.utf8), url: "https://coast.example.org/news/tides?x=1", contentType: nil)
    }

    @Test("allow-listed elements only, absolute http(s) links, no scripts or handlers")
    func english() throws {
        let article = try extract(Self.englishPage)
        let html = article.html
        #expect(html.contains("<a href=\"https://coast.example.org/tides/2024\">new tide tables</a>"))
        #expect(html.contains("the safety notes and the summary before"))
        #expect(html.contains("<img src=\"https://coast.example.org/img/estuary.jpg\" alt=\"The estuary at &quot;low&quot; tide\">"))
        #expect(html.contains("<h3>High water times this week</h3>"))
        #expect(html.contains("<table><tbody><tr><th>Day</th><th>Time</th></tr><tr><td>Monday</td><td>06:12</td></tr></tbody></table>"))
        #expect(html.contains("<ol><li>Check the forecast before leaving the moorings.</li><li>Carry a radio &amp; flares.</li></ol>"))
        #expect(html.contains("<blockquote><p>The sandbanks have moved"))
        #expect(html.contains("harbour office &lt;script&gt; on the quay"))
        for forbidden in ["onclick", "onerror", "javascript:", "style=", "data:", "injected", "<script", "steal"] {
            #expect(!html.contains(forbidden), "\(forbidden) in \(html)")
        }
        #expect(!ExtractFuzzTests.isUnsafe(html))
        #expect(article.paragraphs.first?.hasPrefix("The harbour master published new tide tables on Monday") == true)
        #expect(!article.paragraphs.contains(""))
    }

    @Test("Arabic: diacritics kept as written in the text and the HTML")
    func arabic() throws {
        let paragraph = "قَالَ وَزِيرُ الخارجية إن المحادثات ستُستأنف الأسبوع المقبل في العاصمة، بعد توقف دام شهرين بسبب الخلافات حول جدول الأعمال."
        let page = """
            <html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>المحادثات تستأنف</title></head><body>
            <div class="article-content">
              <p>\(paragraph)</p>
              <p>وأضاف أن <a href="https://news.example.test/ar/talks">الوفود</a> ستصل تباعاً إلى مقر الاجتماعات، وأن جدول الأعمال سيُنشر قبل يومين من بدء الجلسات.</p>
              <p>اقرأ أيضاً: <a href="/ar/other">عنوان خبر آخر</a></p>
            </div></body></html>
            """
        let article = try extract(page)
        #expect(article.paragraphs.first == paragraph)
        #expect(article.html.contains("<p>" + paragraph + "</p>"))
        #expect(article.html.contains("<a href=\"https://news.example.test/ar/talks\">الوفود</a>"))
        #expect(!article.html.contains("اقرأ أيضاً"))
        #expect(article.paragraphs.count == 2)
    }

    @Test("inline buffer: whitespace collapsed as in the text, empty links dropped, nested links flattened")
    func inlineBuffer() {
        var buffer = InlineBuffer()
        buffer.append("  Hello ")
        buffer.startLink("https://a.example/x?a=1&b=2")
        buffer.append(" world ")
        buffer.endLink()
        buffer.startLink("https://a.example/empty")
        buffer.append("   ")
        buffer.endLink()
        buffer.append(" & <goodbye>  ")
        #expect(buffer.plainText == "Hello world & <goodbye>")
        #expect(buffer.html(base: nil) == "Hello <a href=\"https://a.example/x?a=1&amp;b=2\">world</a> &amp; &lt;goodbye&gt;")
    }

    @Test("syntax-highlighting classes inside code are not furniture")
    func codeComments() throws {
        let page = """
            <html><body><article class="post-content">
            <p>Git keeps every version of a project, and a handful of commands cover most of what a beginner needs each day.</p>
            <pre><code><span class="comment"># start a repository in this folder</span>
            git init
            <span class="token comment"># record every change</span>
            git commit -am "first commit"</code></pre>
            <p>Branches let you try an idea without touching the main line of work, and merging brings the idea back in.</p>
            </article></body></html>
            """
        let article = try extract(page)
        #expect(article.text.contains("# start a repository in this folder git init # record every change git commit"))
        #expect(article.html.contains("<pre># start a repository"))
    }

    @Test("the fuzzer's allow-list check catches what it must")
    func checker() {
        #expect(ExtractFuzzTests.isUnsafe("<p>a</p><script>x</script>"))
        #expect(ExtractFuzzTests.isUnsafe("<p><a href=\"javascript:x\">a</a></p>"))
        #expect(ExtractFuzzTests.isUnsafe("<p onclick=\"x\">a</p>"))
        #expect(ExtractFuzzTests.isUnsafe("<img src=\"data:image/png;base64,xx\" alt=\"\">"))
        #expect(!ExtractFuzzTests.isUnsafe("<p>it is &lt;script&gt; <a href=\"https://a.example/\">x</a></p><img src=\"https://a.example/i.png\" alt=\"javascript: &quot;x&quot;\">"))
    }

    @Test("unsafe URLs are refused")
    func urls() {
        #expect(SafeURL.link("javascript:alert(1)", base: "https://a.example/") == nil)
        #expect(SafeURL.link(" JaVaScRiPt:alert(1)", base: "https://a.example/") == nil)
        #expect(SafeURL.link("java\tscript:alert(1)", base: "https://a.example/") == nil)
        #expect(SafeURL.link("data:text/html,<b>x</b>", base: "https://a.example/") == nil)
        #expect(SafeURL.link("vbscript:x", base: nil) == nil)
        #expect(SafeURL.link("../b", base: "https://a.example/x/y") == "https://a.example/b")
        #expect(SafeURL.link("mailto:desk@example.org", base: nil) == "mailto:desk@example.org")
        #expect(SafeURL.image("//cdn.example/i.png", base: "https://a.example/") == "https://cdn.example/i.png")
    }
}
