@testable import FeedFarm
import Testing

/// The feeds' summaries are made alone, without the story's other paragraphs: they must be the
/// story's first paragraph all the same.
@Suite struct FeedSummaryTests {
    @Test func theSummaryIsTheStorysFirstParagraph() {
        let site = NewsSite(configuration: .init(feeds: 6, initialItems: 20, paragraphs: 1...14, arabicEvery: 3))
        for feed in 1...6 {
            for item in 1...20 {
                let paragraphs = site.paragraphs(feed: feed, item: item)
                #expect(!paragraphs.isEmpty)
                #expect(site.firstParagraph(feed: feed, item: item) == paragraphs.first, "feed \(feed) item \(item)")
            }
        }
    }
}
