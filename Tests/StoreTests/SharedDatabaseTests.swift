import Dispatch
import Foundation
import Store
import Synchronization
import Testing

/// Two stores on one database at once, as two daemons sharing it: nothing is done twice.
@Suite struct SharedDatabaseTests {
    @Test(arguments: Backend.available) func twoStoresLeasingAtOnceNeverGetTheSameJob(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let stores = [database.store, try database.openAnother()]
        let feed = try stores[0].addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        _ = try stores[0].recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: (1...120).map { item($0) })))
        let leased = Mutex<[[Int64]]>([[], []])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                while true {
                    let jobs = try stores[index].leaseJobs(owner: "daemon-\(index)", limit: 3, leaseDuration: 600, now: epoch)
                    if jobs.isEmpty { break }
                    leased.withLock { $0[index].append(contentsOf: jobs.map(\.id)) }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        let result = leased.withLock { $0 }
        #expect(failures.withLock { $0 } == [])
        #expect(Set(result[0]).isDisjoint(with: result[1]))
        #expect(result[0].count + result[1].count == 120)
        #expect(Set(result[0] + result[1]).count == 120)
        #expect(try stores[1].jobs(state: .leased, limit: 200).count == 120)
    }

    @Test(arguments: Backend.available) func twoStoresLeasingFeedsAtOnceNeverPollTheSameFeed(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let stores = [database.store, try database.openAnother()]
        for n in 1...90 {
            _ = try stores[n % 2].addFeed(NewFeed(url: "https://site\(n).example/rss", origin: .socket), now: epoch)
        }
        let polled = Mutex<[[Int64]]>([[], []])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                var seen: Set<Int64> = []
                while true {
                    // A daemon's own fresh leases do not come back; it stops when nothing comes.
                    let feeds = try stores[index].leaseDueFeeds(
                        owner: "daemon-\(index)", limit: 4, leaseDuration: 600, now: epoch)
                    if feeds.isEmpty { break }
                    if !feeds.allSatisfy({ seen.insert($0.id).inserted }) {
                        failures.withLock { $0.append("daemon-\(index) was given a feed it holds already") }
                    }
                    polled.withLock { $0[index].append(contentsOf: feeds.map(\.id)) }
                    // Most polls are recorded at once; every fifth feed stays leased, as by a daemon that died.
                    _ = try stores[index].recordPolls(feeds.filter { $0.id % 5 != 0 }.map {
                        PollOutcome(feedID: $0.id, polledAt: epoch, nextPollAt: epoch + 10_000, result: .notModified)
                    })
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        let result = polled.withLock { $0 }
        #expect(failures.withLock { $0 } == [])
        #expect(Set(result[0]).isDisjoint(with: result[1]))
        #expect(result[0].count + result[1].count == 90)
        #expect(Set(result[0] + result[1]).count == 90)
        // Daemon 0 dies holding leases: daemon 1 takes its feeds once the leases expire, not before.
        let unpolled = try stores[1].feeds().filter { $0.lastPolledAt == nil }.map(\.id)
        #expect(unpolled.count == 18)
        let ofTheDead = Set(unpolled).intersection(result[0])
        #expect(!ofTheDead.isEmpty)
        // Just before: only daemon 1's own leases, renewed (less than half of them is left).
        let before = Set(try stores[1].leaseDueFeeds(owner: "daemon-1", limit: 100, leaseDuration: 600, now: epoch + 599).map(\.id))
        #expect(before == Set(unpolled).subtracting(ofTheDead))
        let after = Set(try stores[1].leaseDueFeeds(owner: "daemon-1", limit: 100, leaseDuration: 600, now: epoch + 600).map(\.id))
        #expect(after == ofTheDead)
    }

    @Test(arguments: Backend.available) func twoStoresStoringOneStoryAtOnceKeepOneNewAndOneDuplicate(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let stores = [database.store, try database.openAnother()]
        let rounds = 12
        let feed = try stores[0].addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        _ = try stores[0].recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: (1...(2 * rounds)).map { item($0) })))
        let jobs = try stores[0].leaseJobs(owner: "w", limit: 2 * rounds, leaseDuration: 600, now: epoch)
        #expect(jobs.count == 2 * rounds)
        for round in 0..<rounds {
            let canonical = "https://news.example/story-\(round)"
            let statuses = Mutex<[StoredOutcome.Status]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let job = jobs[2 * round + index]
                let outcome = try? stores[index].completeJob(JobCompletion(
                    jobID: job.id, leaseOwner: "w", article: article(for: job, canonical: canonical), finishedAt: epoch))
                statuses.withLock { $0.append(outcome?.status ?? .failed) }
            }
            #expect(statuses.withLock { $0 }.sorted { $0.rawValue < $1.rawValue } == [.duplicate, .new], "round \(round)")
        }
        let statistics = try stores[1].statistics()
        #expect(statistics.articles == rounds)
        #expect(statistics.jobs[.done] == 2 * rounds)
    }
}
