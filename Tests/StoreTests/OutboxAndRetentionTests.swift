import Foundation
import Store
import Testing

@Suite struct OutboxAndRetentionTests {
    func queue(items count: Int, feedURL: String = "https://news.example/rss", in database: TemporaryDatabase) throws -> FeedRecord {
        let feed = try database.store.addFeed(NewFeed(url: feedURL, origin: .socket), now: epoch)
        _ = try database.store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: (1...count).map { item($0) })))
        return feed
    }

    @Test(arguments: Backend.available) func aBatchCommitsArticlesFailuresAndTheirLogLinesTogether(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        _ = try queue(items: 3, in: database)
        let store = database.store
        let jobs = try store.leaseJobs(owner: "w", limit: 3, leaseDuration: 60, now: epoch)
        let results: [JobResult] = [
            .completed(JobCompletion(jobID: jobs[0].id, leaseOwner: "w", article: article(for: jobs[0]), finishedAt: epoch)),
            .failed(JobFailure(jobID: jobs[1].id, leaseOwner: "w", error: "HTTP 503", retryAt: epoch + 30, failedAt: epoch)),
            .failed(JobFailure(jobID: jobs[2].id, leaseOwner: "w", error: "HTTP 404", retryAt: nil, failedAt: epoch)),
        ]
        let committed = try store.commit(results, deduplicator: CanonicalURLDeduplicator()) { result, outcome in
            if case .failed(let failure) = result, failure.retryAt != nil { return nil }
            return "line for job \(result.jobID): \(outcome.status.rawValue)"
        }
        #expect(committed.outcomes.map(\.status) == [.new, .failed, .failed])
        #expect(committed.outcomes.allSatisfy { $0.leaseHeld })
        let pending = try store.pendingLogLines(owner: "w")
        #expect(pending.map(\.line) == ["line for job \(jobs[0].id): new", "line for job \(jobs[2].id): failed"])
        #expect(committed.lastLogLine == pending.last?.id)
        let statistics = try store.statistics()
        #expect(statistics.jobs[.done] == 1)
        #expect(statistics.jobs[.queued] == 1)
        #expect(statistics.jobs[.dead] == 1)

        try store.removeLogLines(owner: "w", upTo: pending[0].id)
        #expect(try store.pendingLogLines(owner: "w").map(\.id) == [pending[1].id])
        #expect(try database.reopen().pendingLogLines(owner: "w").count == 1)
    }

    @Test(arguments: Backend.available) func lostLeasesWriteNoLogLine(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        _ = try queue(items: 1, in: database)
        let store = database.store
        let job = try #require(try store.leaseJobs(owner: "old", limit: 1, leaseDuration: 10, now: epoch).first)
        _ = try store.leaseJobs(owner: "new", limit: 1, leaseDuration: 10, now: epoch + 11)
        let committed = try store.commit([
            .completed(JobCompletion(jobID: job.id, leaseOwner: "old", article: article(for: job), finishedAt: epoch))
        ], deduplicator: CanonicalURLDeduplicator()) { _, _ in "should not be written" }
        #expect(committed.outcomes[0].leaseHeld == false)
        #expect(committed.lastLogLine == nil)
        #expect(try store.pendingLogLines(owner: "old").isEmpty)
        #expect(try store.pendingLogLines(owner: "new").isEmpty)
    }

    @Test(arguments: Backend.available) func deadJobsAreListedAndRetriedWithFreshAttempts(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        _ = try queue(items: 2, in: database)
        let store = database.store
        for job in try store.leaseJobs(owner: "w", limit: 2, leaseDuration: 60, now: epoch) {
            #expect(try store.failJob(JobFailure(jobID: job.id, leaseOwner: "w", error: "HTTP 404", retryAt: nil, failedAt: epoch)))
        }
        let dead = try store.jobs(state: .dead, limit: 10)
        #expect(dead.count == 2)
        #expect(dead.allSatisfy { $0.lastError == "HTTP 404" && $0.attempts == 1 })
        #expect(try store.jobs(state: nil, limit: 1).count == 1)
        #expect(try store.retryDeadJobs(id: dead[0].id, now: epoch + 5) == 1)
        #expect(try store.retryDeadJobs(id: nil, now: epoch + 5) == 1)
        let again = try store.leaseJobs(owner: "w", limit: 5, leaseDuration: 60, now: epoch + 5)
        #expect(again.count == 2)
        #expect(again.allSatisfy { $0.attempt == 1 })
    }

    @Test(arguments: Backend.available) func finishedJobsArePrunedAndTheOthersStay(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let feed = try queue(items: 4, in: database)
        let store = database.store
        let jobs = try store.leaseJobs(owner: "w", limit: 3, leaseDuration: 60, now: epoch)
        #expect(jobs.count == 3)
        _ = try store.completeJob(JobCompletion(
            jobID: jobs[0].id, leaseOwner: "w", article: article(for: jobs[0], canonical: "https://news.example/a"), finishedAt: epoch))
        _ = try store.completeJob(JobCompletion(
            jobID: jobs[1].id, leaseOwner: "w", article: article(for: jobs[1], canonical: "https://news.example/b"),
            finishedAt: epoch + 100))
        #expect(try store.failJob(JobFailure(jobID: jobs[2].id, leaseOwner: "w", error: "HTTP 404", retryAt: nil, failedAt: epoch)))
        // One done before the cutoff, one after, one dead, one still queued.
        #expect(try store.pruneFinishedJobs(finishedBefore: epoch + 50) == 1)
        #expect(try store.jobs(state: .done, limit: 10).map(\.id) == [jobs[1].id])
        #expect(try store.jobs(state: .dead, limit: 10).count == 1)
        #expect(try store.statistics().jobs[.queued] == 1)
        #expect(try store.pruneFinishedJobs(finishedBefore: epoch + 50) == 0)
        // The item keeps its status: the same items polled again queue nothing.
        let again = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch + 200, nextPollAt: epoch + 800,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: (1...4).map { item($0) })))
        #expect(again.newItems == 0)
        #expect(try store.statistics().jobs.values.reduce(0, +) == 3)
    }

    @Test(arguments: Backend.available) func prunedArticlesLeaveTombstonesThatKeepTheStoryADuplicate(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let first = try queue(items: 1, in: database)
        let store = database.store
        let job = try #require(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch).first)
        let stored = try store.completeJob(JobCompletion(
            jobID: job.id, leaseOwner: "w", article: article(for: job, canonical: "https://news.example/story"), finishedAt: epoch))
        #expect(try store.pruneArticles(fetchedBefore: epoch + 1, now: epoch + 2) == 1)
        #expect(try store.article(id: try #require(stored.articleID)) == nil)
        #expect(try store.statistics().articles == 0)
        #expect(try store.feed(id: first.id)?.itemCount == 1)  // the item's identity stays: it is not new again

        _ = try queue(items: 1, feedURL: "https://other.example/rss", in: database)
        let other = try #require(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch + 3).first)
        let repeated = try store.completeJob(JobCompletion(
            jobID: other.id, leaseOwner: "w", article: article(for: other, canonical: "https://news.example/story"), finishedAt: epoch + 3))
        #expect(repeated.status == .duplicate)
        #expect(repeated.duplicateOf == stored.articleID)
        #expect(try store.pruneArticles(fetchedBefore: epoch, now: epoch + 4) == 0)
    }

    /// A new article never takes the id of a pruned one: its tombstone still answers for that
    /// id, and the near-duplicate index still holds its fingerprint under it.
    @Test(arguments: Backend.available) func aNewArticleNeverTakesThePrunedLastArticlesID(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        _ = try queue(items: 2, in: database)
        let store = database.store
        let jobs = try store.leaseJobs(owner: "w", limit: 2, leaseDuration: 60, now: epoch)
        try #require(jobs.count == 2)
        let pruned = try #require(try store.completeJob(JobCompletion(
            jobID: jobs[0].id, leaseOwner: "w", article: article(for: jobs[0]), finishedAt: epoch)).articleID)
        #expect(try store.pruneArticles(fetchedBefore: epoch + 1, now: epoch + 2) == 1)
        let next = try store.completeJob(JobCompletion(
            jobID: jobs[1].id, leaseOwner: "w", article: article(for: jobs[1], paragraphs: ["Another story, told apart."]),
            finishedAt: epoch + 3))
        #expect(next.status == .new)
        #expect(try #require(next.articleID) > pruned)
        #expect(try store.article(id: try #require(next.articleID))?.storyID == next.articleID)
    }
}
