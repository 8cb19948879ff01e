import FeedFarm
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two real daemons on one PostgreSQL database (the server `NEWSD_TEST_POSTGRES_URL` names,
/// a fresh database of its own): each feed is polled by one of them, each item stored once.
@Suite(
    .serialized,
    .enabled(
        if: PostgresTestDatabase.isConfigured,
        "NEWSD_TEST_POSTGRES_URL is not set: the daemons-on-PostgreSQL tests are skipped (.ci/with-postgres sets it)"))
struct SharedPostgresTests {
    static let feeds = 20
    static let itemsPerFeed = 10
    /// Items 5 and 10 are wire stories every feed of a language carries (see `PipelineDurabilityTests`).
    static let distinctArticles = 164

    @Test(.timeLimit(.minutes(2)))
    func twoDaemonsPollEachFeedOnceAndStoreEachItemOnce() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let url = database.url
        let site = NewsSite(configuration: .init(feeds: Self.feeds, initialItems: Self.itemsPerFeed))
        let feedRequests = Mutex<[String: Int]>([:])
        let server = try HTTPServer { request in
            if request.path.hasPrefix("/feeds/") { feedRequests.withLock { $0[request.path, default: 0] += 1 } }
            if request.path.hasPrefix("/articles/") { usleep(UInt32.random(in: 5_000...50_000)) }
            return site.respond(to: request)
        }
        defer { server.stop() }
        let feeds = (1...Self.feeds).map { ("\(server.baseURL)\(NewsSite.feedPath($0))", "1h") }
        let daemons = try (0..<2).map { _ in
            let daemon = try DaemonHarness()
            try daemon.writeConfig(feeds: feeds)
            try daemon.rewrite(section: "storage", adding: "backend = \"postgres\"\nurl = \"\(url)\"")
            return daemon
        }
        // Both start together, as a cluster restarting would.
        let processes = try daemons.map { try $0.launch() }
        for (daemon, process) in zip(daemons, processes) {
            try daemon.waitUntil("the control socket answers") {
                guard process.isRunning else { throw HarnessError("newsd exited early:\n\(daemon.diagnostics)") }
                return daemon.newsctl(["version"]).status == 0
            }
        }
        let total = Self.feeds * Self.itemsPerFeed
        try daemons[0].waitUntil("every item is processed by one daemon or the other", timeout: 60) {
            daemons.map { $0.articleLog().count }.reduce(0, +) >= total
        }
        Thread.sleep(forTimeInterval: 0.5)  // anything done twice would show now

        // Every feed polled once in all (its next poll is an hour away), by whichever daemon leased it.
        let requests = feedRequests.withLock { $0 }
        #expect(requests.count == Self.feeds)
        #expect(requests.values.allSatisfy { $0 == 1 }, "feed requests: \(requests)")
        // Every item logged once across the two logs, every story stored once.
        let log = daemons.flatMap { $0.articleLog() }
        let urls = log.compactMap { $0["url"] as? String }
        #expect(urls.count == total)
        #expect(Set(urls).count == total, "an item was processed twice")
        #expect(log.filter { $0["status"] as? String == "new" }.count == Self.distinctArticles)
        // Either daemon answers for the whole database.
        for daemon in daemons {
            let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
            #expect(stats["articles"] as? Int == Self.distinctArticles)
            #expect((stats["jobs"] as? [String: Int])?["done"] == total)
        }
        for daemon in daemons { #expect(try daemon.stop() == 0) }
    }

    @Test(.timeLimit(.minutes(2)))
    func aDaemonKilledWithItsLeasesLosesNothingTheOtherTakesOverWhenTheyExpire() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let url = database.url
        let site = NewsSite(configuration: .init(feeds: Self.feeds, initialItems: Self.itemsPerFeed))
        let feedRequests = Mutex(0)
        let server = try HTTPServer { request in
            if request.path.hasPrefix("/feeds/") {
                // The first daemon's polls are slow: it holds every feed's lease when it dies.
                if feedRequests.withLock({ count in count += 1; return count }) <= Self.feeds { usleep(2_500_000) }
            }
            if request.path.hasPrefix("/articles/") { usleep(UInt32.random(in: 20_000...200_000)) }
            return site.respond(to: request)
        }
        defer { server.stop() }
        let feeds = (1...Self.feeds).map { ("\(server.baseURL)\(NewsSite.feedPath($0))", "1h") }
        let daemons = try (0..<2).map { _ in
            let daemon = try DaemonHarness()
            try daemon.writeConfig(feeds: feeds, extra: "[jobs]\nlease = \"3s\"")
            try daemon.rewrite(section: "storage", adding: "backend = \"postgres\"\nurl = \"\(url)\"")
            return daemon
        }
        try daemons[0].start()
        try daemons[0].waitUntil("the first daemon polls") { feedRequests.withLock { $0 } >= Self.feeds }
        // The second starts while the first lives (so it does not free the first's leases as a
        // dead local process's), then the first dies holding them.
        try daemons[1].start()
        let killed = Date()
        #expect(try daemons[0].stop(signal: SIGKILL) == SIGKILL)
        let total = Self.feeds * Self.itemsPerFeed
        try daemons[1].waitUntil("the survivor has processed every item", timeout: 60) {
            let stats = try daemons[1].newsctlJSON(["stats"]) as? [String: Any]
            return (stats?["jobs"] as? [String: Int])?["done"] == total
        }
        // Not before the first daemon's leases (3 s) expired, and well within a few lease times.
        let tookOver = Date().timeIntervalSince(killed)
        #expect(tookOver >= 1.5, "took over after \(tookOver)s")
        #expect(tookOver < 30, "took over after \(tookOver)s")
        let stats = try #require(try daemons[1].newsctlJSON(["stats"]) as? [String: Any])
        #expect(stats["articles"] as? Int == Self.distinctArticles)
        #expect((stats["jobs"] as? [String: Int]) == ["queued": 0, "leased": 0, "done": total, "dead": 0])
        // Every item logged once across the two logs. The first usually dies before recording a
        // poll; on a loaded machine its slow polls may end before the kill, and then it logged a
        // few itself. (Log lines follow their commit by a moment.)
        try daemons[1].waitUntil("every item is logged") { daemons.map { $0.articleLog().count }.reduce(0, +) >= total }
        Thread.sleep(forTimeInterval: 0.3)  // anything logged twice would show now
        let log = daemons.flatMap { $0.articleLog() }.compactMap { $0["url"] as? String }
        #expect(log.count == total)
        #expect(Set(log).count == total)
        #expect(try daemons[1].stop() == 0)
    }
}
