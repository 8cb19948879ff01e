import Dispatch
import Foundation
import Store
import Synchronization
import Testing

/// Instance leases and each owner's article-log outbox: daemons sharing a database confirm only
/// their own lines, and a dead one's lines go to exactly one other.
@Suite struct InstanceTests {
    /// Two daemons, `a` and `b`, each with committed jobs whose log lines are pending.
    func twoOwnersWithPendingLines(_ database: TemporaryDatabase) throws -> [String: [PendingLogLine]] {
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        _ = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: (1...6).map { item($0) })))
        for owner in ["a", "b"] {
            let jobs = try store.leaseJobs(owner: owner, limit: 3, leaseDuration: 60, now: epoch)
            _ = try store.commit(
                jobs.map { .completed(JobCompletion(jobID: $0.id, leaseOwner: owner, article: article(for: $0), finishedAt: epoch)) },
                deduplicator: CanonicalURLDeduplicator()
            ) { result, _ in "\(owner): job \(result.jobID)" }
        }
        return ["a": try store.pendingLogLines(owner: "a"), "b": try store.pendingLogLines(owner: "b")]
    }

    @Test(arguments: Backend.available) func eachDaemonConfirmsOnlyItsOwnLines(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let pending = try twoOwnersWithPendingLines(database)
        #expect(pending["a"]?.count == 3)
        #expect(pending["b"]?.count == 3)
        #expect(pending["a"]?.allSatisfy { $0.line.hasPrefix("a: ") } == true)
        // b's lines come after a's: confirming b's last would have cleared a's lines too before owners.
        let store = database.store
        try store.removeLogLines(owner: "b", upTo: try #require(pending["b"]?.last?.id))
        #expect(try store.pendingLogLines(owner: "b").isEmpty)
        #expect(try store.pendingLogLines(owner: "a") == pending["a"])
    }

    @Test(arguments: Backend.available) func aDeadDaemonsLinesAreTakenOverOnce(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let pending = try twoOwnersWithPendingLines(database)
        let stores = [database.store, try database.openAnother(), try database.openAnother()]
        try stores[0].renewInstance(owner: "a", logPath: "/var/log/a.jsonl", leaseDuration: 30, now: epoch)
        // Two daemons find `a` dead at once: one gets its lines, the other none.
        let taken = Mutex<[[PendingLogLine]]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                let lines = try stores[index + 1].takeOverLogLines(of: "a", by: "taker-\(index)")
                taken.withLock { $0.append(lines) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let results = taken.withLock { $0 }.sorted { $0.count < $1.count }
        #expect(results.map(\.count) == [0, 3])
        #expect(results[1] == pending["a"])
        let taker = try #require(["taker-0", "taker-1"].first { try !stores[0].pendingLogLines(owner: $0).isEmpty })
        #expect(try stores[0].pendingLogLines(owner: taker) == pending["a"])
        #expect(try stores[0].pendingLogLines(owner: "a").isEmpty)
        #expect(try stores[0].pendingLogLines(owner: "b") == pending["b"])
        // The dead daemon's instance is forgotten with its lines.
        #expect(try stores[0].instances().contains { $0.owner == "a" } == false)
    }

    @Test(arguments: Backend.available) func instancesListWhatEachDaemonHolds(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        _ = try twoOwnersWithPendingLines(database)
        let store = database.store
        for n in 1...3 { _ = try store.addFeed(NewFeed(url: "https://site\(n).example/rss", origin: .socket), now: epoch) }
        let first = try #require(try store.feeds().first)
        _ = try store.recordPoll(PollOutcome(
            feedID: first.id, polledAt: epoch, nextPollAt: epoch + 10_000,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: [item(7), item(8)])))
        #expect(try store.leaseDueFeeds(owner: "b", limit: 2, leaseDuration: 60, now: epoch + 700).count == 2)
        #expect(try store.leaseJobs(owner: "c", limit: 5, leaseDuration: 60, now: epoch).count == 2)
        try store.renewInstance(owner: "b", logPath: "/var/log/b.jsonl", leaseDuration: 30, now: epoch)
        try store.renewInstance(owner: "b", logPath: "/var/log/b.jsonl", leaseDuration: 30, now: epoch + 10)

        let instances = try store.instances()
        #expect(instances.map(\.owner) == ["a", "b", "c"])
        let b = instances[1]
        #expect(b.startedAt == epoch)
        #expect(b.renewedAt == epoch + 10)
        #expect(b.expiresAt == epoch + 40)
        #expect(b.logPath == "/var/log/b.jsonl")
        #expect(b.isLive(at: epoch + 39) && !b.isLive(at: epoch + 40))
        #expect(b.leasedFeeds == 2)
        #expect(b.pendingLogLines == 3)
        #expect(instances[0].expiresAt == nil && !instances[0].isLive(at: epoch))
        #expect(instances[0].pendingLogLines == 3 && instances[0].leasedJobs == 0)
        #expect(instances[2].leasedJobs == 2 && instances[2].leasedFeeds == 0)

        try store.removeInstance(owner: "b")
        #expect(try store.instances().first { $0.owner == "b" }?.expiresAt == nil)
    }
}
