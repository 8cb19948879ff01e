import Extract
import FeedFarm
import Foundation
import Testing

/// The synthetic site's pages at real-world sizes: page furniture makes them tens to a couple of
/// hundred KiB, and an extractor still finds exactly the article of the bare page.
@Suite struct PaddedPageTests {
    static let baseURL = "http://127.0.0.1:8088"
    static let pageBytes = 30 * 1024...200 * 1024
    let bare = NewsSite(configuration: .init(feeds: 12, initialItems: 10, itemsPerFeed: 10, arabicEvery: 3))
    let padded = NewsSite(configuration: .init(feeds: 12, initialItems: 10, itemsPerFeed: 10, arabicEvery: 3, pageBytes: pageBytes))

    @Test func paddedPagesExtractToTheBarePagesArticle() throws {
        let extractor = ArticleExtractor()
        for feed in 1...12 {
            for item in [1, 2, 5, 7, 10] {
                let url = padded.itemURL(feed: feed, item: item, baseURL: Self.baseURL)
                let bareArticle = try extractor.extract(
                    Data(bare.articlePageBytes(feed: feed, item: item, baseURL: Self.baseURL)), url: url,
                    contentType: "text/html; charset=utf-8")
                let page = padded.articlePageBytes(feed: feed, item: item, baseURL: Self.baseURL)
                let article = try extractor.extract(Data(page), url: url, contentType: "text/html; charset=utf-8")
                #expect(article.paragraphs == bareArticle.paragraphs, "feed \(feed) item \(item)")
                // Nothing of the furniture leaks into the body. (The extractor keeps one of two
                // paragraphs made of the same sentences, so a story may lose some.)
                let story = padded.paragraphs(feed: feed, item: item)
                #expect(article.paragraphs.allSatisfy(story.contains), "feed \(feed) item \(item)")
                #expect(article.title == bareArticle.title)
                #expect(article.canonicalURL == bareArticle.canonicalURL)
                #expect(article.language == (padded.isArabic(feed: feed) ? "ar" : "en"))
                #expect(article.byline == bareArticle.byline)
                #expect(article.imageURL == bareArticle.imageURL)
                #expect(article.published == bareArticle.published)
                #expect(article.siteName == bareArticle.siteName)
            }
        }
    }

    @Test func pageSizesFollowTheDrawnDistribution() throws {
        var sizes: [Int] = []
        for feed in 1...12 {
            for item in 1...10 {
                let page = padded.articlePageBytes(feed: feed, item: item, baseURL: Self.baseURL)
                let drawn = try #require(padded.drawnPageSize(feed: feed, item: item))
                #expect(Self.pageBytes.contains(drawn))
                // The furniture fills the page to its drawn size, give or take a closing tag.
                #expect(abs(page.count - drawn) < 64, "feed \(feed) item \(item): \(page.count) bytes, drawn \(drawn)")
                #expect(page == padded.articlePageBytes(feed: feed, item: item, baseURL: Self.baseURL), "not deterministic")
                #expect(String(validating: page, as: UTF8.self) != nil)
                sizes.append(page.count)
            }
        }
        sizes.sort()
        let median = sizes[sizes.count / 2]
        #expect((60 * 1024...100 * 1024).contains(median), "median \(median)")
        #expect(sizes.first! < 50 * 1024 && sizes.last! > 130 * 1024, "sizes from \(sizes.first!) to \(sizes.last!)")
        // Without `pageBytes` the pages stay small.
        #expect(bare.articlePageBytes(feed: 1, item: 1, baseURL: Self.baseURL).count < 6 * 1024)
        #expect(bare.drawnPageSize(feed: 1, item: 1) == nil)
    }

    @Test func aThirdOfTheFeedsAreArabicAndTheExpectationCountsWireStoriesOncePerLanguage() {
        #expect((1...12).filter(padded.isArabic(feed:)) == [3, 6, 9, 12])
        // 8 English and 4 Arabic feeds of 10 items; items 5 and 10 are wire stories.
        #expect(padded.expectation() == .init(items: 120, articles: 8 * 8 + 2 + 4 * 8 + 2, duplicates: 7 * 2 + 3 * 2))
        // The durability tests' site: 20 feeds × 10 items, half Arabic.
        let durability = NewsSite(configuration: .init(feeds: 20, initialItems: 10))
        #expect(durability.expectation() == .init(items: 200, articles: 164, duplicates: 36))
        #expect(NewsSite(configuration: .init(feeds: 3, initialItems: 4, arabicEvery: 3)).expectation()
            == .init(items: 12, articles: 12, duplicates: 0))
    }
}
