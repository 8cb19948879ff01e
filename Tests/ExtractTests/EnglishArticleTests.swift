import Foundation
import Testing

@testable import Extract

@Suite("English pages")
struct EnglishArticleTests {
    static let page = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
          <meta charset="utf-8">
          <title>Harbour bridge reopens after repairs - The Daily Example</title>
          <meta property="og:site_name" content="The Daily Example">
          <meta name="description" content="The bridge is open again.">
          <link rel="canonical" href="/news/2024/harbour-bridge">
          <script type="application/ld+json">
          {"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"The Daily Example"},
            {"@type":"NewsArticle","headline":"Harbour bridge reopens after repairs",
             "datePublished":"2024-05-07T08:30:00-04:00",
             "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"Sam Roe"}],
             "image":{"@type":"ImageObject","url":"/img/bridge.jpg"},
             "publisher":{"@type":"Organization","name":"The Daily Example"}}]}
          </script>
        </head>
        <body>
          <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
          <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
          <main>
            <article>
              <h1>Harbour bridge reopens after repairs</h1>
              <div class="byline">By Jane Doe and Sam Roe</div>
              <div class="social-share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
              <div class="article-body">
                <p>The harbour bridge reopened to traffic on Tuesday morning, three weeks after engineers closed it to repair corroded cables, the city council said.</p>
                <p>Commuters who had faced long detours welcomed the news, although some said the repairs, which cost about $4 million, had taken longer than promised.</p>
                <p>Read more: <a href="/news/2024/bridge-closure">Why the bridge was closed</a></p>
                <h2>What changed</h2>
                <p>Engineers replaced twelve cables and added sensors that will read more than a thousand measurements a minute, allowing problems to be spotted early.</p>
                <div class="ad-slot">Advertisement</div>
                <p>"We expect the bridge to serve the city for another fifty years," said the council's chief engineer, who asked residents to report any unusual noises.</p>
                <ul class="related-links"><li><a href="/a">Council budget approved</a></li><li><a href="/b">New ferry timetable</a></li></ul>
              </div>
            </article>
            <section id="comments"><h3>Comments</h3><p>First! This is the best bridge in the whole country, honestly, I love it.</p></section>
          </main>
          <aside class="most-popular"><h3>Most popular</h3><ol><li><a href="/x">Story one about something else</a></li></ol></aside>
          <footer><p>Copyright 2024 The Daily Example. All rights reserved. Terms and privacy policy apply.</p></footer>
        </body>
        </html>
        """

    @Test("body without boilerplate; 'read more' mid-sentence stays; metadata from JSON-LD and meta")
    func englishArticle() throws {
        let article = try ArticleExtractor().extract(
            Data(Self.page.utf8), url: "https://daily.example.com/news/2024/harbour-bridge?ref=home", contentType: "text/html")
        #expect(article.paragraphs == [
            "The harbour bridge reopened to traffic on Tuesday morning, three weeks after engineers closed it to repair corroded cables, the city council said.",
            "Commuters who had faced long detours welcomed the news, although some said the repairs, which cost about $4 million, had taken longer than promised.",
            "What changed",
            "Engineers replaced twelve cables and added sensors that will read more than a thousand measurements a minute, allowing problems to be spotted early.",
            "\"We expect the bridge to serve the city for another fifty years,\" said the council's chief engineer, who asked residents to report any unusual noises.",
        ])
        #expect(article.title == "Harbour bridge reopens after repairs")
        #expect(article.byline == "Jane Doe, Sam Roe")
        #expect(article.published == utc(2024, 5, 7, 12, 30))
        #expect(article.language == "en")
        #expect(article.imageURL == "https://daily.example.com/img/bridge.jpg")
        #expect(article.canonicalURL == "https://daily.example.com/news/2024/harbour-bridge")
        #expect(article.siteName == "The Daily Example")
        #expect(article.description == "The bridge is open again.")
        #expect(article.wordCount == 97)
        #expect(!article.text.contains("cookies"))
        #expect(!article.text.contains("First!"))
    }

    @Test("a <title> suffix is stripped only when it is the site name")
    func titleSuffix() {
        #expect(PageMetadata.cleanTitle("Storm hits coast | Example News", siteName: "Example News", headlines: [])
            == "Storm hits coast")
        #expect(PageMetadata.cleanTitle("Example News - Storm hits coast", siteName: "Example News", headlines: [])
            == "Storm hits coast")
        #expect(PageMetadata.cleanTitle("Rock - Paper - Scissors", siteName: "Example News", headlines: [])
            == "Rock - Paper - Scissors")
        #expect(PageMetadata.cleanTitle("Storm hits coast - Weather", siteName: nil, headlines: ["Storm hits coast"])
            == "Storm hits coast")
    }

    @Test("a page written as <div>text<br><br>text</div> with no <p>")
    func brSeparatedBody() throws {
        let html = """
            <html><head><title>Local fair</title></head><body>
            <div id="menu"><a href="/">Home</a> | <a href="/about">About</a></div>
            <div class="story">The county fair opened on Friday with more visitors than ever before, organisers said, despite the rain.<br><br>
            Prize vegetables, livestock shows and a new funfair drew families from across the region, many of them for the first time.<br>
            <br>The fair runs until Sunday evening, and tickets are still available at the gate, the organisers added.</div>
            </body></html>
            """
        let article = try ArticleExtractor().extract(Data(html.utf8), url: "https://fair.example/", contentType: nil)
        #expect(article.paragraphs.count == 3)
        #expect(article.paragraphs.first?.hasPrefix("The county fair opened") == true)
        #expect(article.language == "en")
        #expect(article.title == "Local fair")
    }

    @Test("hidden boxes are left out: style (any case, spaces around the colon), aria-hidden, hidden")
    func hiddenElements() throws {
        let paragraph = "The council approved the new budget on Monday after a long debate about school funding and roads."
        let html = """
            <html><head><title>Budget</title></head><body><article>
            <p>\(paragraph)</p>
            <div style="color: red; DISPLAY : None">A box the page keeps out of sight until a button is pressed.</div>
            <div style="visibility:hidden">A second box that the page shows only to some of its readers.</div>
            <div aria-hidden="TRUE">A third box that screen readers are told to pass over in silence.</div>
            <div hidden>A fourth box that waits hidden for a script to bring it into view.</div>
            <p style="display: block">\(paragraph.replacingOccurrences(of: "Monday", with: "Tuesday"))</p>
            </article></body></html>
            """
        let article = try ArticleExtractor().extract(Data(html.utf8), url: "https://budget.example/", contentType: nil)
        #expect(article.paragraphs == [paragraph, paragraph.replacingOccurrences(of: "Monday", with: "Tuesday")])
        // The same boxes shown are kept: it is the attributes that leave them out.
        var shown = html
        for attribute in [#"style="color: red; DISPLAY : None""#, #"style="visibility:hidden""#, #"aria-hidden="TRUE""#, "hidden"] {
            shown = shown.replacingOccurrences(of: "<div \(attribute)>", with: "<div>")
        }
        let all = try ArticleExtractor().extract(Data(shown.utf8), url: "https://budget.example/", contentType: nil)
        #expect(all.paragraphs.count == 6)
    }
}
