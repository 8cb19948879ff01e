@testable import Daemon
import Dedupe
import FeedFarm
import Foundation
import Store
import Testing

@Suite struct StoryDeduplicatorTests {
    let epoch = DedupeJobFixtures.epoch

    func store() throws -> (SQLiteStore, String) {
        let folder = NSTemporaryDirectory() + "newsd-dedupe-\(UUID().uuidString)"
        return (try SQLiteStore(path: folder + "/newsd.sqlite"), folder)
    }

    func jobs(_ store: SQLiteStore, urls: [String]) throws -> [LeasedJob] { try DedupeJobFixtures.jobs(store, urls: urls) }
    func article(_ job: LeasedJob, _ paragraphs: [String]) -> NewArticle { DedupeJobFixtures.article(job, paragraphs) }

    @Test func anIndexRebuiltFromTheStoreStillFindsTheStory() throws {
        let (store, folder) = try store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let story = SyntheticText.paragraphs(seed: 42, arabic: true, count: 8)
        let first = try #require(try jobs(store, urls: ["https://a.example/1"]).first)
        let stored = try store.completeJob(
            JobCompletion(jobID: first.id, leaseOwner: "t", article: article(first, story), finishedAt: epoch),
            deduplicator: StoryDeduplicator(stored: []))
        #expect(stored.status == .new)

        // A restart: a fresh deduplicator loads the stored fingerprints.
        let restarted = StoryDeduplicator(stored: try store.fingerprints())
        #expect(restarted.indexedArticles == 1)
        var copy = Array(story.dropLast())
        copy.insert("(وكالات) أعدّ هذا التقرير مراسلو الوكالة.", at: 0)
        let other = try #require(try jobs(store, urls: ["https://b.example/copy"]).first)
        let duplicate = try store.completeJob(
            JobCompletion(jobID: other.id, leaseOwner: "t", article: article(other, copy), finishedAt: epoch), deduplicator: restarted)
        #expect(duplicate.status == .duplicate)
        #expect(duplicate.reason == .nearDuplicate)
        #expect(duplicate.duplicateOf == stored.articleID)

        let unrelated = try #require(try jobs(store, urls: ["https://c.example/other"]).first)
        let different = try store.completeJob(
            JobCompletion(
                jobID: unrelated.id, leaseOwner: "t",
                article: article(unrelated, SyntheticText.paragraphs(seed: 7, arabic: true, count: 8)), finishedAt: epoch),
            deduplicator: restarted)
        #expect(different.status == .new)
        try store.close()
    }

    @Test func twoCopiesInOneBatchAreOneNewAndOneDuplicate() throws {
        let (store, folder) = try store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let story = SyntheticText.paragraphs(seed: 9, arabic: false, count: 6)
        let leased = try jobs(store, urls: ["https://a.example/x", "https://b.example/y"])
        let deduplicator = StoryDeduplicator(stored: [])
        let results = leased.map { job in
            JobResult.completed(JobCompletion(jobID: job.id, leaseOwner: "t", article: article(job, story), finishedAt: epoch))
        }
        let outcomes = try store.commit(results, deduplicator: deduplicator) { _, _ in nil }.outcomes
        #expect(outcomes.map(\.status) == [.new, .duplicate])
        #expect(outcomes[1].reason == .exactText)
        try store.close()
    }
}
