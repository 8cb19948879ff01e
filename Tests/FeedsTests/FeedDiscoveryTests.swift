import Foundation
import Testing

@testable import Feeds

@Suite("Feed discovery")
struct FeedDiscoveryTests {
    @Test("links in an English page: the site's feeds first, comment feeds last, relative URLs resolved")
    func englishPage() {
        let html = """
            <!DOCTYPE html><html><head><title>Example Blog</title>
            <link rel="alternate" type="application/rss+xml" title="Example Blog &raquo; Comments Feed" href="/comments/feed/">
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/rss+xml" title="Example Blog &raquo; Feed" href="/feed/">
            <link rel="alternate" type="application/atom+xml" href="atom.xml">
            <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
            <link rel="alternate" type="application/feed+json" title="JSON" href="https://cdn.example.org/feed.json">
            </head><body><link rel="alternate feed" type="application/rss+xml" href="/late.xml"></body></html>
            """
        let links = FeedDiscovery.linkedFeeds(inPage: Data(html.utf8), url: "https://blog.example.org/posts/hello.html", contentType: "text/html")
        #expect(links.map(\.url) == [
            "https://blog.example.org/feed/", "https://blog.example.org/posts/atom.xml", "https://cdn.example.org/feed.json",
            "https://blog.example.org/late.xml", "https://blog.example.org/comments/feed/",
        ])
        #expect(links.first?.title == "Example Blog » Feed")
        #expect(links.allSatisfy { $0.source == .link })
    }

    @Test("an Arabic page in windows-1256 with <base href>")
    func arabicPage() throws {
        let html = """
            <html dir="rtl"><head><meta charset="windows-1256"><base href="https://akhbar.example/ar/">
            <title>أخبار اليوم</title>
            <link rel="alternate" type="application/rss+xml" title="آخر الأخبار" href="rss.xml"></head>
            <body><p>مرحبا</p></body></html>
            """
        let bytes = try iconvEncode(html, to: "WINDOWS-1256")
        let links = FeedDiscovery.linkedFeeds(inPage: bytes, url: "https://akhbar.example/", contentType: "text/html")
        #expect(links == [FeedCandidate(url: "https://akhbar.example/ar/rss.xml", title: "آخر الأخبار", type: "application/rss+xml", source: .link)])
    }

    @Test("common paths under the page's directory, then at the root; links come first, no duplicates")
    func commonPaths() {
        let paths = FeedDiscovery.commonPaths(for: "https://site.example/blog/index.html").map(\.url)
        #expect(paths.prefix(2) == ["https://site.example/blog/feed", "https://site.example/blog/rss.xml"])
        #expect(paths.contains("https://site.example/feed"))
        #expect(paths.contains("https://site.example/index.xml"))
        #expect(paths.contains("https://site.example/feed.json"))
        #expect(Set(paths).count == paths.count)
        let page = "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\"></head></html>"
        let all = FeedDiscovery.candidates(inPage: Data(page.utf8), url: "https://site.example/", contentType: nil)
        #expect(all.first == FeedCandidate(url: "https://site.example/feed", type: "application/rss+xml", source: .link))
        #expect(all.filter { $0.url == "https://site.example/feed" }.count == 1)
        #expect(all.dropFirst().allSatisfy { $0.source == .commonPath })
    }

    @Test("no feed links, junk and non-HTTP links give only common paths")
    func nothingLinked() {
        #expect(FeedDiscovery.linkedFeeds(inPage: Data(), url: "https://x.example/", contentType: nil).isEmpty)
        let page = "<link rel=alternate type=application/rss+xml href=\"javascript:alert(1)\"><link rel=alternate type=application/rss+xml>"
        #expect(FeedDiscovery.linkedFeeds(inPage: Data(page.utf8), url: "https://x.example/", contentType: nil).isEmpty)
        #expect(!FeedDiscovery.candidates(inPage: Data([0xFF, 0x00, 0x13]), url: "https://x.example/", contentType: nil).isEmpty)
    }
}
