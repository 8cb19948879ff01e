@testable import Daemon
import Testing

@Suite struct ArticleProcessorTests {
    @Test func declaredCanonicalWinsWhenItNamesAnArticle() {
        #expect(ArticleProcessor.canonicalURL(
            declared: "https://Example.org/story?utm_source=x", fetched: "https://m.example.org/story", item: "https://m.example.org/story")
            == "https://example.org/story")
    }

    @Test func canonicalPointingAtTheFrontPageIsIgnored() {
        #expect(ArticleProcessor.canonicalURL(
            declared: "https://example.org/", fetched: "https://example.org/2026/story#top", item: "https://example.org/2026/story")
            == "https://example.org/2026/story")
    }

    @Test func withoutACanonicalTheFetchedURLIsNormalised() {
        #expect(ArticleProcessor.canonicalURL(
            declared: nil, fetched: "HTTPS://EXAMPLE.org:443/a?b=1&utm_medium=rss", item: "https://example.org/a")
            == "https://example.org/a?b=1")
        #expect(ArticleProcessor.canonicalURL(declared: "not a url", fetched: "https://example.org/a", item: "") == "https://example.org/a")
    }
}
