import Foundation

extension NewsSite {
    /// What a daemon that processes every item the site's feeds list must end up with, by the
    /// site's own rules: every item is one processed item; a wire story is one article per
    /// language and a duplicate in every other feed of that language; every other item is an
    /// article of its own.
    public struct Expectation: Sendable, Equatable {
        /// Items listed by all feeds together (one job and one article log line each).
        public var items: Int
        /// Distinct articles: logged `new` and stored.
        public var articles: Int
        /// Items logged `duplicate` (wire stories seen again in another feed).
        public var duplicates: Int

        public init(items: Int, articles: Int, duplicates: Int) {
            self.items = items
            self.articles = articles
            self.duplicates = duplicates
        }
    }

    /// The items every feed lists at `now` (the latest `itemsPerFeed` published), oldest first.
    public func listedItems(at now: Date = Date()) -> ClosedRange<Int>? {
        let count = publishedCount(at: now)
        guard count > 0 else { return nil }
        return max(1, count - configuration.itemsPerFeed + 1)...count
    }

    /// The outcome of processing every listed item of every feed once.
    public func expectation(at now: Date = Date()) -> Expectation {
        guard let listed = listedItems(at: now), configuration.feeds > 0 else {
            return Expectation(items: 0, articles: 0, duplicates: 0)
        }
        let wire = listed.filter(isWire(item:)).count
        let own = listed.count - wire
        let arabicFeeds = (1...configuration.feeds).filter(isArabic(feed:)).count
        var expectation = Expectation(items: configuration.feeds * listed.count, articles: 0, duplicates: 0)
        for feedsOfLanguage in [arabicFeeds, configuration.feeds - arabicFeeds] where feedsOfLanguage > 0 {
            expectation.articles += feedsOfLanguage * own + wire
            expectation.duplicates += (feedsOfLanguage - 1) * wire
        }
        return expectation
    }
}
