import Foundation
import Testing

@testable import Extract

@Suite("The seed article (acceptance)", .enabled(if: Corpus.hasSeed, "needs ../shared/corpus/seed"))
struct SeedArticleTests {
    static let url = "https://example-news.test/world/2018/03/16/astana-guarantors-meeting?utm_source=rss"

    func check(_ article: Article) throws {
        let expected = try ExpectedArticle.load()
        #expect(article.paragraphs.count == 12)
        #expect(article.paragraphs == expected.paragraphs)
        if article.paragraphs != expected.paragraphs {
            for (index, pair) in zip(article.paragraphs, expected.paragraphs).enumerated() where pair.0 != pair.1 {
                Issue.record("paragraph \(index) differs:\n got: \(pair.0)\nwant: \(pair.1)")
            }
        }
        #expect(article.title == expected.title)
        #expect(article.canonicalURL == expected.canonical_url)
        #expect(article.published == ISO8601DateFormatter().date(from: expected.published))
        #expect(article.published == utc(2018, 3, 16, 6, 12))
        #expect(article.language == expected.language)
        #expect(article.byline == expected.author)
        #expect(article.imageURL == expected.image)
        #expect(article.siteName == "أخبار المثال")
        #expect(article.wordCount > 300)
    }

    @Test("page-utf8.html with and without a Content-Type")
    func utf8Page() throws {
        let data = try Corpus.seedFile("page-utf8.html")
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: "text/html; charset=utf-8"))
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: nil))
    }

    @Test("page-windows1256.html served as windows-1256")
    func windows1256PageWithHeader() throws {
        let data = try Corpus.seedFile("page-windows1256.html")
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: "text/html; charset=windows-1256"))
    }

    @Test("page-windows1256.html with no Content-Type (the <meta charset> decides)")
    func windows1256PageWithoutHeader() throws {
        let data = try Corpus.seedFile("page-windows1256.html")
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: nil))
    }

    @Test("page-windows1256.html with its <meta charset> removed: the header, or detection alone")
    func windows1256PageWithoutMeta() throws {
        var data = try Corpus.seedFile("page-windows1256.html")
        let meta = Data("<meta charset=\"windows-1256\">".utf8)
        let range = try #require(data.range(of: meta))
        data.removeSubrange(range)
        #expect(data.range(of: Data("charset".utf8)) == nil)
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: "text/html; charset=windows-1256"))
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: "text/html"))
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: nil))
    }

    @Test("a wrong HTTP charset (utf-8 for windows-1256 bytes) is overruled by the bytes")
    func wrongHeader() throws {
        let data = try Corpus.seedFile("page-windows1256.html")
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: "text/html; charset=utf-8"))
        try check(try ArticleExtractor().extract(data, url: Self.url, contentType: "text/html; charset=iso-8859-1"))
    }
}
