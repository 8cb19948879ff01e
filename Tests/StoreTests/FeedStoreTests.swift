import Foundation
import Store
import Testing

@Suite struct FeedStoreTests {
    @Test(arguments: Backend.available) func addedFeedIsDueAtOnceAndSurvivesReopen(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let feed = try database.store.addFeed(
            NewFeed(url: "https://news.example/rss", tags: ["world", "عربي"], interval: 600, origin: .socket), now: epoch)
        #expect(try database.store.dueFeeds(now: epoch, limit: 10).map(\.id) == [feed.id])

        let reopened = try database.reopen()
        let again = try #require(try reopened.feed(url: "https://news.example/rss"))
        #expect(again.tags == ["world", "عربي"])
        #expect(again.interval == 600)
        #expect(again.origin == .socket)
    }

    @Test(arguments: Backend.available) func duplicateFeedURLIsRefused(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        _ = try database.store.addFeed(NewFeed(url: "https://a.example/feed", origin: .socket), now: epoch)
        #expect(throws: StoreError.self) {
            try database.store.addFeed(NewFeed(url: "https://a.example/feed", origin: .socket), now: epoch)
        }
    }

    @Test(arguments: Backend.available) func configuredFeedsFollowTheFileButSocketFeedsStay(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
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

    @Test(arguments: Backend.available) func onlyNewItemsBecomeJobs(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        let first = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: "\"v1\"", lastModified: nil, title: "News", siteURL: nil, items: [item(1), item(2)])))
        #expect(first.newItems == 2)
        let second = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch + 600, nextPollAt: epoch + 1200,
            result: .fetched(etag: "\"v2\"", lastModified: nil, title: "News", siteURL: nil, items: [item(2), item(3)])))
        #expect(second.newItems == 1)
        let stored = try #require(try store.feed(id: feed.id))
        #expect(stored.etag == "\"v2\"")
        #expect(stored.title == "News")
        #expect(stored.itemCount == 3)
        #expect(try store.dueFeeds(now: epoch + 1199, limit: 10).isEmpty)
        #expect(try store.statistics().jobs[.queued] == 3)
    }

    @Test(arguments: Backend.available) func failedPollCountsFailuresUntilASuccess(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
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

    @Test(arguments: Backend.available) func failingFeedsAreTheUnpausedOnesMostFailuresFirst(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        var ids: [Int64] = []
        for (n, failures) in [1, 3, 0, 3, 5].enumerated() {
            let feed = try store.addFeed(NewFeed(url: "https://f\(n).example/rss", origin: .socket), now: epoch)
            ids.append(feed.id)
            for attempt in 0..<failures {
                _ = try store.recordPoll(PollOutcome(
                    feedID: feed.id, polledAt: epoch + Double(attempt), nextPollAt: epoch + 60, result: .failed(error: "HTTP 503")))
            }
        }
        _ = try store.setPaused(feedID: ids[4], paused: true, reason: "by hand", now: epoch)
        #expect(try store.failingFeeds(limit: 10).map(\.id) == [ids[1], ids[3], ids[0]])
        #expect(try store.failingFeeds(limit: 2).map(\.id) == [ids[1], ids[3]])
        #expect(try store.failingFeeds(limit: 2).first?.consecutiveFailures == 3)
        #expect(try store.statistics().failingFeeds == 3)
    }

    @Test(arguments: Backend.available) func aFeedsTTLIsKeptAcrossNotModifiedPollsAndClearedWhenTheFeedDropsIt(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        let fetched = PollOutcome.Result.fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: [])
        var outcome = PollOutcome(feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 3600, result: fetched)
        outcome.timeToLive = 3600
        _ = try store.recordPoll(outcome)
        _ = try store.recordPoll(PollOutcome(feedID: feed.id, polledAt: epoch + 1, nextPollAt: epoch + 3600, result: .notModified))
        #expect(try store.feed(id: feed.id)?.timeToLive == 3600)
        _ = try store.recordPoll(PollOutcome(feedID: feed.id, polledAt: epoch + 2, nextPollAt: epoch + 3600, result: fetched))
        #expect(try store.feed(id: feed.id)?.timeToLive == nil)
    }

    @Test(arguments: Backend.available) func removingAFeedRemovesItsItemsJobsAndArticles(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
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

    @Test(arguments: Backend.available) func requestPollMakesAFeedDue(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        _ = try store.recordPoll(PollOutcome(feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 3600, result: .notModified))
        #expect(try store.dueFeeds(now: epoch + 10, limit: 5).isEmpty)
        #expect(try store.requestPoll(feedID: feed.id, now: epoch + 10) == 1)
        #expect(try store.dueFeeds(now: epoch + 10, limit: 5).map(\.id) == [feed.id])
    }
}

@Suite struct FeedLeaseTests {
    @Test(arguments: Backend.available) func aLeasedFeedIsNotLeasedByAnotherUntilPolledOrExpired(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let a = try store.addFeed(NewFeed(url: "https://a.example/rss", origin: .socket), now: epoch)
        let b = try store.addFeed(NewFeed(url: "https://b.example/rss", origin: .socket), now: epoch + 1)
        #expect(try store.leaseDueFeeds(owner: "one", limit: 1, leaseDuration: 60, now: epoch + 1).map(\.id) == [a.id])
        #expect(try store.leaseDueFeeds(owner: "two", limit: 5, leaseDuration: 60, now: epoch + 1).map(\.id) == [b.id])
        #expect(try store.leaseDueFeeds(owner: "three", limit: 5, leaseDuration: 60, now: epoch + 60).isEmpty)
        #expect(try store.dueFeeds(now: epoch + 2, limit: 5).count == 2)  // a read, leases or not
        #expect(Set(try store.leaseOwners()) == ["one", "two"])
        // The owner's own lease comes back renewed only once less than half of it is left.
        #expect(try store.leaseDueFeeds(owner: "one", limit: 5, leaseDuration: 60, now: epoch + 2).isEmpty)
        #expect(try store.leaseDueFeeds(owner: "one", limit: 5, leaseDuration: 60, now: epoch + 30).isEmpty)
        #expect(try store.leaseDueFeeds(owner: "one", limit: 5, leaseDuration: 60, now: epoch + 31).map(\.id) == [a.id])
        #expect(try store.leaseDueFeeds(owner: "one", limit: 5, leaseDuration: 60, now: epoch + 32).isEmpty)
        // Renewed until epoch + 91: still held past its first expiry (epoch + 61).
        #expect(try store.leaseDueFeeds(owner: "three", limit: 5, leaseDuration: 60, now: epoch + 61).map(\.id) == [b.id])
        #expect(try store.releaseFeedLeases(owner: "three", feedIDs: nil) == 1)

        // Recording the poll ends the lease; an expired lease is up for grabs.
        _ = try store.recordPoll(PollOutcome(feedID: a.id, polledAt: epoch + 3, nextPollAt: epoch + 600, result: .notModified))
        #expect(try store.leaseDueFeeds(owner: "three", limit: 5, leaseDuration: 1000, now: epoch + 61).map(\.id) == [b.id])
        #expect(try store.leaseDueFeeds(owner: "four", limit: 5, leaseDuration: 60, now: epoch + 600).map(\.id) == [a.id])

        // Given back: by feed, or all of an owner's.
        #expect(try store.releaseFeedLeases(owner: "four", feedIDs: [b.id]) == 0)
        #expect(try store.releaseFeedLeases(owner: "four", feedIDs: [a.id]) == 1)
        #expect(try store.releaseFeedLeases(owner: "three", feedIDs: nil) == 1)
        #expect(try store.leaseDueFeeds(owner: "five", limit: 5, leaseDuration: 1000, now: epoch + 600).map(\.id) == [b.id, a.id])

        // Putting a poll off ends its lease too.
        try store.deferPolls(feedIDs: [a.id], until: epoch + 700)
        #expect(try store.leaseDueFeeds(owner: "six", limit: 5, leaseDuration: 60, now: epoch + 650).isEmpty)
        #expect(try store.leaseDueFeeds(owner: "six", limit: 5, leaseDuration: 60, now: epoch + 700).map(\.id) == [a.id])
    }

    @Test(arguments: Backend.available) func pausedFeedsAreNeverLeased(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://a.example/rss", origin: .socket), now: epoch)
        #expect(try store.setPaused(feedID: feed.id, paused: true, reason: nil, now: epoch))
        #expect(try store.leaseDueFeeds(owner: "one", limit: 5, leaseDuration: 60, now: epoch + 10_000).isEmpty)
    }
}

@Suite struct FeedMaintenanceTests {
    func poll(_ store: any NewsStore, _ feed: FeedRecord, at time: Date, redirect: String?) throws -> PollRecord {
        try store.recordPoll(PollOutcome(feedID: feed.id, polledAt: time, nextPollAt: time + 60, result: .notModified, permanentRedirect: redirect))
    }

    @Test(arguments: Backend.available) func aFeedMovesAfterConsecutivePermanentRedirectsAndRemembersItsOldURL(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "http://old.example/rss", origin: .socket), now: epoch)
        #expect(try poll(store, feed, at: epoch + 1, redirect: "https://new.example/rss").movedTo == nil)
        #expect(try poll(store, feed, at: epoch + 2, redirect: nil).movedTo == nil)  // the streak breaks
        #expect(try poll(store, feed, at: epoch + 3, redirect: "https://new.example/rss").movedTo == nil)
        #expect(try poll(store, feed, at: epoch + 4, redirect: "https://new.example/rss").movedTo == nil)
        #expect(try poll(store, feed, at: epoch + 5, redirect: "https://new.example/rss").movedTo == "https://new.example/rss")
        #expect(try store.feed(id: feed.id)?.url == "https://new.example/rss")
        let history = try store.feedHistory(feedID: feed.id, limit: 10)
        #expect(history.first?.event == "moved")
        #expect(history.first?.detail.contains("http://old.example/rss") == true)
    }

    @Test(arguments: Backend.available) func aMovedConfigurationFeedStillMatchesTheFile(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        try store.syncConfiguredFeeds([NewFeed(url: "http://old.example/rss", tags: ["a"], origin: .configuration)], now: epoch)
        let feed = try #require(try store.feed(url: "http://old.example/rss"))
        for n in 1...3 { _ = try poll(store, feed, at: epoch + Double(n), redirect: "https://new.example/rss") }
        try store.syncConfiguredFeeds([NewFeed(url: "http://old.example/rss", tags: ["b"], origin: .configuration)], now: epoch + 10)
        let feeds = try store.feeds()
        #expect(feeds.map(\.url) == ["https://new.example/rss"])
        #expect(feeds.first?.tags == ["b"])
        #expect(feeds.first?.id == feed.id)
    }

    @Test(arguments: Backend.available) func pausedFeedsAreNotDueAndResumeAtOnce(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://a.example/rss", origin: .socket), now: epoch)
        #expect(try store.setPaused(feedID: feed.id, paused: true, reason: nil, now: epoch))
        #expect(try store.setPaused(feedID: feed.id, paused: true, reason: nil, now: epoch) == false)
        #expect(try store.dueFeeds(now: epoch + 1000, limit: 10).isEmpty)
        #expect(try store.feed(id: feed.id)?.pausedReason == "paused by the operator")
        #expect(try store.setPaused(feedID: feed.id, paused: false, reason: nil, now: epoch + 5))
        #expect(try store.dueFeeds(now: epoch + 5, limit: 10).map(\.id) == [feed.id])
        #expect(try store.feedHistory(feedID: feed.id, limit: 5).map(\.event) == ["resumed", "paused"])
        #expect(throws: StoreError.self) { try store.setPaused(feedID: 999, paused: true, reason: nil, now: epoch) }
    }

    @Test(arguments: Backend.available) func goneFeedsArePausedByTheirPoll(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://a.example/rss", origin: .socket), now: epoch)
        _ = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 60, result: .failed(error: "HTTP 410 Gone"), pauseReason: "410 Gone"))
        let stored = try #require(try store.feed(id: feed.id))
        #expect(stored.isPaused)
        #expect(stored.pausedReason == "410 Gone")
        #expect(try store.feedHistory(feedID: feed.id, limit: 5).first?.event == "gone")
    }

    @Test(arguments: Backend.available) func intervalsAndTagsChangeAndPollsCanBeDeferred(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://a.example/rss", tags: ["x"], interval: 600, origin: .socket), now: epoch)
        #expect(try store.updateFeed(id: feed.id, interval: .some(nil), tags: nil)?.interval == nil)
        #expect(try store.updateFeed(id: feed.id, interval: .some(120), tags: ["y", "z"])?.tags == ["y", "z"])
        #expect(try store.feed(id: feed.id)?.interval == 120)
        try store.deferPolls(feedIDs: [feed.id], until: epoch + 500)
        #expect(try store.dueFeeds(now: epoch + 499, limit: 5).isEmpty)
        #expect(try store.dueFeeds(now: epoch + 500, limit: 5).count == 1)
    }
}
