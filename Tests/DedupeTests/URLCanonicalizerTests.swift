import Dedupe
import Testing

@Suite struct URLCanonicalizerTests {
    @Test(arguments: [
        ("HTTPS://Example-News.TEST./world/story", "https://example-news.test/world/story"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a"),
        ("https://example.org/a?b=2&fbclid=x&a=1&gclid=y", "https://example.org/a?a=1&b=2"),
        ("https://example.org/Path/Case", "https://example.org/Path/Case"),
    ])
    func canonicalForms(input: String, expected: String) {
        #expect(URLCanonicalizer.canonicalize(input) == expected)
    }

    @Test func seedFeedLinkMatchesThePageCanonical() {
        let link = "https://example-news.test/world/2018/03/16/astana-guarantors-meeting?utm_source=rss&utm_medium=feed"
        #expect(URLCanonicalizer.canonicalize(link) == "https://example-news.test/world/2018/03/16/astana-guarantors-meeting")
    }

    @Test func arabicPathIsKeptAndEncoded() throws {
        let canonical = try #require(URLCanonicalizer.canonicalize("https://example.org/أخبار/سوريا?utm_campaign=x"))
        #expect(canonical == "https://example.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7")
    }

    @Test(arguments: ["ftp://example.org/file", "mailto:a@example.org", "/relative/path", "", "not a url"])
    func nonHTTPURLsHaveNoCanonicalForm(input: String) {
        #expect(URLCanonicalizer.canonicalize(input) == nil)
    }
}
