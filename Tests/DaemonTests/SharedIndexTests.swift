@testable import Daemon
import Dedupe
import Dispatch
import FeedFarm
import Foundation
import Postgres
import Store
import Synchronization
import Testing

/// Two daemons' deduplicators on one PostgreSQL database: each sees the near copies the other
/// stored since it started, so a story reaching both is stored once.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["NEWSD_TEST_POSTGRES_URL"].map { !$0.isEmpty } ?? false,
        "NEWSD_TEST_POSTGRES_URL is not set: the shared near-duplicate index tests are skipped (.ci/with-postgres sets it)"))
struct SharedIndexTests {
    let epoch = DedupeJobFixtures.epoch

    /// A fresh database on the test server, and a closure that drops it.
    func database() throws -> (url: String, drop: () -> Void) {
        let server = try #require(ProcessInfo.processInfo.environment["NEWSD_TEST_POSTGRES_URL"])
        let name = "newsd_dd_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try PostgresConnection(url: server).execute("CREATE DATABASE \(name)")
        var components = try #require(URLComponents(string: server))
        components.path = "/" + name
        return (try #require(components.string), { _ = try? PostgresConnection(url: server).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") })
    }

    func jobs(_ store: PostgresStore, urls: [String]) throws -> [LeasedJob] { try DedupeJobFixtures.jobs(store, urls: urls) }

    func completion(_ job: LeasedJob, _ paragraphs: [String]) -> JobCompletion {
        JobCompletion(jobID: job.id, leaseOwner: "t", article: DedupeJobFixtures.article(job, paragraphs), finishedAt: epoch)
    }

    /// The story with its last paragraph cut and an agency line in front: a near copy, not an exact one.
    func nearCopy(_ story: [String]) -> [String] {
        ["(وكالات) أعدّ هذا التقرير مراسلو الوكالة."] + story.dropLast()
    }

    @Test func aNearCopyStoredByTheOtherDaemonSinceStartIsADuplicate() throws {
        let (url, drop) = try database()
        defer { drop() }
        let stores = [try PostgresStore(url: url), try PostgresStore(url: url)]
        defer { for store in stores { try? store.close() } }
        // Both daemons start on an empty database, with empty indexes.
        let deduplicators = try stores.map { StoryDeduplicator(stored: try $0.fingerprints()) }
        let story = SyntheticText.paragraphs(seed: 11, arabic: true, count: 8)
        let leased = try jobs(stores[0], urls: ["https://a.example/1", "https://b.example/2", "https://c.example/3"])

        let first = try stores[0].completeJob(completion(leased[0], story), deduplicator: deduplicators[0])
        #expect(first.status == .new)
        let copy = try stores[1].completeJob(completion(leased[1], nearCopy(story)), deduplicator: deduplicators[1])
        #expect(copy.status == .duplicate)
        #expect(copy.reason == .nearDuplicate)
        #expect(copy.duplicateOf == first.articleID)
        #expect(deduplicators[1].indexedArticles == 1)

        // And the other way round: daemon 0 learns of what daemon 1 stored.
        let other = SyntheticText.paragraphs(seed: 12, arabic: true, count: 8)
        let more = try jobs(stores[1], urls: ["https://d.example/4", "https://e.example/5"])
        let second = try stores[1].completeJob(completion(more[0], other), deduplicator: deduplicators[1])
        #expect(second.status == .new)
        let again = try stores[0].completeJob(completion(more[1], nearCopy(other)), deduplicator: deduplicators[0])
        #expect(again.status == .duplicate)
        #expect(again.duplicateOf == second.articleID)
        #expect(deduplicators[0].indexedArticles == 2)
    }

    @Test func twoDaemonsStoringNearCopiesAtOnceKeepOneNewAndOneDuplicate() throws {
        let (url, drop) = try database()
        defer { drop() }
        let stores = [try PostgresStore(url: url), try PostgresStore(url: url)]
        defer { for store in stores { try? store.close() } }
        let deduplicators = try stores.map { StoryDeduplicator(stored: try $0.fingerprints()) }
        let rounds = 10
        let leased = try jobs(stores[0], urls: (0..<(2 * rounds)).map { "https://site\($0 % 2).example/story-\($0)" })
        for round in 0..<rounds {
            let story = SyntheticText.paragraphs(seed: UInt64(100 + round), arabic: round % 2 == 0, count: 8)
            let versions = [story, nearCopy(story)]
            let outcomes = Mutex<[StoredOutcome]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let outcome = try? stores[index].completeJob(
                    completion(leased[2 * round + index], versions[index]), deduplicator: deduplicators[index])
                outcomes.withLock { $0.append(outcome ?? StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: false)) }
            }
            let statuses = outcomes.withLock { $0 }.map(\.status).sorted { $0.rawValue < $1.rawValue }
            #expect(statuses == [.duplicate, .new], "round \(round)")
            #expect(outcomes.withLock { $0 }.compactMap(\.reason) == [.nearDuplicate], "round \(round)")
        }
        #expect(try stores[1].statistics().articles == rounds)
    }
}
