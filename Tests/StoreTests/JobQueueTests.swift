import Foundation
import Store
import Testing

@Suite struct JobQueueTests {
    /// A store with one feed whose poll found `count` items.
    func queue(items count: Int, _ backend: Backend) throws -> (TemporaryDatabase, FeedRecord) {
        let database = try TemporaryDatabase(backend)
        let feed = try database.store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        _ = try database.store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: (1...count).map { item($0) })))
        return (database, feed)
    }

    @Test(arguments: Backend.available) func leasedJobsAreNotLeasedTwiceUntilTheLeaseExpires(_ backend: Backend) throws {
        let (database, _) = try queue(items: 3, backend)
        let store = database.store
        let first = try store.leaseJobs(owner: "a", limit: 2, leaseDuration: 60, now: epoch)
        #expect(first.count == 2)
        #expect(first.allSatisfy { $0.attempt == 1 })
        let second = try store.leaseJobs(owner: "b", limit: 5, leaseDuration: 60, now: epoch)
        #expect(second.count == 1)
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
        let afterExpiry = try store.leaseJobs(owner: "c", limit: 5, leaseDuration: 60, now: epoch + 61)
        #expect(afterExpiry.count == 3)
        #expect(afterExpiry.allSatisfy { $0.attempt == 2 })
    }

    @Test(arguments: Backend.available) func sameCanonicalURLIsStoredOnceAndTheRepeatIsADuplicate(_ backend: Backend) throws {
        let (database, _) = try queue(items: 2, backend)
        let store = database.store
        let jobs = try store.leaseJobs(owner: "w", limit: 2, leaseDuration: 60, now: epoch)
        let canonical = "https://news.example/story"
        let first = try store.completeJob(JobCompletion(
            jobID: jobs[0].id, leaseOwner: "w", article: article(for: jobs[0], canonical: canonical), finishedAt: epoch))
        let second = try store.completeJob(JobCompletion(
            jobID: jobs[1].id, leaseOwner: "w", article: article(for: jobs[1], canonical: canonical), finishedAt: epoch))
        #expect(first.status == .new)
        #expect(second.status == .duplicate)
        #expect(second.duplicateOf == first.articleID)
        let statistics = try store.statistics()
        #expect(statistics.articles == 1)
        #expect(statistics.jobs[.done] == 2)
    }

    @Test(arguments: Backend.available) func completionAfterALostLeaseWritesNothing(_ backend: Backend) throws {
        let (database, _) = try queue(items: 1, backend)
        let store = database.store
        let stale = try #require(try store.leaseJobs(owner: "dead", limit: 1, leaseDuration: 10, now: epoch).first)
        let fresh = try #require(try store.leaseJobs(owner: "alive", limit: 1, leaseDuration: 10, now: epoch + 11).first)
        let late = try store.completeJob(JobCompletion(jobID: stale.id, leaseOwner: "dead", article: article(for: stale), finishedAt: epoch))
        #expect(late.leaseHeld == false)
        #expect(try store.statistics().articles == 0)
        let outcome = try store.completeJob(JobCompletion(jobID: fresh.id, leaseOwner: "alive", article: article(for: fresh), finishedAt: epoch))
        #expect(outcome.status == .new)
    }

    @Test(arguments: Backend.available) func failedJobWaitsThenDies(_ backend: Backend) throws {
        let (database, _) = try queue(items: 1, backend)
        let store = database.store
        let job = try #require(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch).first)
        #expect(try store.failJob(JobFailure(jobID: job.id, leaseOwner: "w", error: "HTTP 503", retryAt: epoch + 30, failedAt: epoch)))
        #expect(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch + 29).isEmpty)
        #expect(try store.nextJobDue() == epoch + 30)
        let retry = try #require(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch + 30).first)
        #expect(retry.attempt == 2)
        #expect(try store.failJob(JobFailure(jobID: retry.id, leaseOwner: "w", error: "HTTP 503", retryAt: nil, failedAt: epoch + 31)))
        #expect(try store.statistics().jobs[.dead] == 1)
        #expect(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch + 10_000).isEmpty)
    }

    @Test(arguments: Backend.available) func releasedLeasesAreRunnableAgainWithoutCostingAnAttempt(_ backend: Backend) throws {
        let (database, _) = try queue(items: 2, backend)
        let store = database.store
        _ = try store.leaseJobs(owner: "stopping", limit: 2, leaseDuration: 600, now: epoch)
        #expect(try store.releaseLeases(owner: "stopping", refundAttempt: true) == 2)
        let again = try store.leaseJobs(owner: "next", limit: 5, leaseDuration: 600, now: epoch)
        #expect(again.count == 2)
        #expect(again.allSatisfy { $0.attempt == 1 })
    }

    @Test(arguments: Backend.available) func queuedJobsSurviveReopening(_ backend: Backend) throws {
        let (database, _) = try queue(items: 4, backend)
        let reopened = try database.reopen()
        #expect(try reopened.leaseJobs(owner: "w", limit: 10, leaseDuration: 60, now: epoch).count == 4)
    }

    @Test(arguments: Backend.available) func articleKeepsArabicParagraphsExactly(_ backend: Backend) throws {
        let (database, _) = try queue(items: 1, backend)
        let store = database.store
        let job = try #require(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch).first)
        let paragraphs = ["انطلقت في العاصمة الكازاخية، اليوم الجمعة.", "وعُقد، الخميس، أول اجتماع لمجموعة العمل."]
        let outcome = try store.completeJob(JobCompletion(
            jobID: job.id, leaseOwner: "w", article: article(for: job, paragraphs: paragraphs), finishedAt: epoch))
        let articleID = try #require(outcome.articleID)
        let stored = try #require(try store.article(id: articleID))
        #expect(stored.paragraphs == paragraphs)
        #expect(stored.text == paragraphs.joined(separator: "\n\n"))
    }
}
