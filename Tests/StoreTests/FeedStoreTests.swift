import Foundation
import Store
import Testing

@Suite struct FeedStoreTests {
    @Test func addedFeedIsDueAtOnceAndSurvivesReopen() throws {
        let database = try TemporaryDatabase()
        let feed = try database.store.addFeed(
            NewFeed(url: "https://news.example/rss", tags: ["world", "عربي"], interval: 600, origin: .socket), now: epoch)
        #expect(try database.store.dueFeeds(now: epoch, limit: 10).map(\.id) == [feed.id])

        let reopened = try database.reopen()
        let again = try #require(try reopened.feed(url: "https://news.example/rss"))
        #expect(again.tags == ["world", "عربي"])
        #expect(again.interval == 600)
        #expect(again.origin == .socket)
    }

    @Test func duplicateFeedURLIsRefused() throws {
        let database = try TemporaryDatabase()
        _ = try database.store.addFeed(NewFeed(url: "https://a.example/feed", origin: .socket), now: epoch)
        #expect(throws: StoreError.self) {
            try database.store.addFeed(NewFeed(url: "https://a.example/feed", origin: .socket), now: epoch)
        }
    }

    @Test func configuredFeedsFollowTheFileButSocketFeedsStay() throws {
        let database = try TemporaryDatabase()
        let store = database.store
        _ = try store.addFeed(NewFeed(url: "https://socket.example/feed", origin: .socket), now: epoch)
        try store.syncConfiguredFeeds(
            [NewFeed(url: "https://a.example/feed", origin: .configuration), NewFeed(url: "https://b.example/feed", origin: .configuration)],
            now: epoch)
        try store.syncConfiguredFeeds([NewFeed(url: "https://b.example/feed", tags: ["x"], origin: .configuration)], now: epoch)
        let urls = try store.feeds().map(\.url)
        #expect(urls == ["https://socket.example/feed", "https://b.example/feed"])
        #expect(try store.feed(url: "https://b.example/feed")?.tags == ["x"])
    }

    @Test func onlyNewItemsBecomeJobs() throws {
        let database = try TemporaryDatabase()
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        let first = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: "\"v1\"", lastModified: nil, title: "News", siteURL: nil, items: [item(1), item(2)])))
        #expect(first == 2)
        let second = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch + 600, nextPollAt: epoch + 1200,
            result: .fetched(etag: "\"v2\"", lastModified: nil, title: "News", siteURL: nil, items: [item(2), item(3)])))
        #expect(second == 1)
        let stored = try #require(try store.feed(id: feed.id))
        #expect(stored.etag == "\"v2\"")
        #expect(stored.title == "News")
        #expect(stored.itemCount == 3)
        #expect(try store.dueFeeds(now: epoch + 1199, limit: 10).isEmpty)
        #expect(try store.statistics().jobs[.queued] == 3)
    }

    @Test func failedPollCountsFailuresUntilASuccess() throws {
        let database = try TemporaryDatabase()
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://down.example/rss", origin: .socket), now: epoch)
        for n in 1...2 {
            _ = try store.recordPoll(PollOutcome(
                feedID: feed.id, polledAt: epoch + Double(n), nextPollAt: epoch + 60, result: .failed(error: "connection refused")))
        }
        var stored = try #require(try store.feed(id: feed.id))
        #expect(stored.consecutiveFailures == 2)
        #expect(stored.lastError == "connection refused")
        #expect(try store.statistics().failingFeeds == 1)
        _ = try store.recordPoll(PollOutcome(feedID: feed.id, polledAt: epoch + 70, nextPollAt: epoch + 600, result: .notModified))
        stored = try #require(try store.feed(id: feed.id))
        #expect(stored.consecutiveFailures == 0)
        #expect(stored.lastError == nil)
    }

    @Test func removingAFeedRemovesItsItemsJobsAndArticles() throws {
        let database = try TemporaryDatabase()
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        _ = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: [item(1)])))
        let job = try #require(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch).first)
        _ = try store.completeJob(JobCompletion(jobID: job.id, leaseOwner: "w", article: article(for: job), finishedAt: epoch))
        #expect(try store.removeFeed(id: feed.id))
        #expect(try store.removeFeed(id: feed.id) == false)
        let statistics = try store.statistics()
        #expect(statistics.articles == 0)
        #expect(statistics.items == 0)
        #expect(statistics.jobs.values.reduce(0, +) == 0)
    }

    @Test func requestPollMakesAFeedDue() throws {
        let database = try TemporaryDatabase()
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        _ = try store.recordPoll(PollOutcome(feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 3600, result: .notModified))
        #expect(try store.dueFeeds(now: epoch + 10, limit: 5).isEmpty)
        #expect(try store.requestPoll(feedID: feed.id, now: epoch + 10) == 1)
        #expect(try store.dueFeeds(now: epoch + 10, limit: 5).map(\.id) == [feed.id])
    }
}
