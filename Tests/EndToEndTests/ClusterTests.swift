import FeedFarm
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Several real daemons on one PostgreSQL database, as a cluster: each article-log line reaches
/// one log once, `stats` names the instances, and a daemon killed mid-run loses nothing.
@Suite(
    .serialized,
    .enabled(
        if: PostgresTestDatabase.isConfigured,
        "NEWSD_TEST_POSTGRES_URL is not set: the cluster tests are skipped (.ci/with-postgres sets it)"))
struct ClusterTests {
    /// A daemon configured for the shared database.
    func daemon(_ database: PostgresTestDatabase, feeds: [(String, String)] = [], lease: String = "3s") throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: feeds, extra: "[jobs]\nlease = \"\(lease)\"")
        try daemon.rewrite(section: "storage", adding: "backend = \"postgres\"\nurl = \"\(database.url)\"")
        return daemon
    }

    /// An article-log line as a daemon renders it.
    func line(_ url: String) -> String {
        """
        {"ts":"2026-11-29T09:00:00Z","status":"new","article_id":1,"feed_id":1,"feed_url":"https://x.example/rss",\
        "url":"\(url)","canonical_url":"\(url)","title":"t","lang":"en","words":1,"ms":1}
        """
    }

    @Test(.timeLimit(.minutes(1)))
    func aDeadDaemonsOutboxLinesReachALiveDaemonsLogAndALiveOnesStayItsOwn() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let daemon = try daemon(database)
        try daemon.start()  // migrates the database
        #expect(try daemon.stop() == 0)
        // Lines committed for three owners and never confirmed: one whose instance lease ran
        // out, one written before owners were kept, and one of a daemon alive on another host.
        let now = Date().timeIntervalSince1970
        try database.execute(
            """
            INSERT INTO instances (owner, log_path, started_at, renewed_at, expires_at) VALUES
                ('elsewhere:11:dead', NULL, \(now - 600), \(now - 60), \(now - 30)),
                ('elsewhere:12:live', NULL, \(now - 600), \(now), \(now + 600));
            INSERT INTO log_outbox (line, owner) VALUES
                ('\(line("https://dead.example/1"))', 'elsewhere:11:dead'),
                ('\(line("https://live.example/1"))', 'elsewhere:12:live'),
                ('\(line("https://dead.example/2"))', 'elsewhere:11:dead'),
                ('\(line("https://legacy.example/1"))', '');
            """)
        try daemon.start()
        try daemon.waitUntil("the dead daemon's lines are logged") { daemon.articleLog().count >= 3 }
        Thread.sleep(forTimeInterval: 0.5)  // a line logged twice would show now
        let urls = daemon.articleLog().compactMap { $0["url"] as? String }
        #expect(urls.sorted() == ["https://dead.example/1", "https://dead.example/2", "https://legacy.example/1"])
        #expect(try database.execute("SELECT owner FROM log_outbox").count == 1)

        // `stats` names both instances and what each holds.
        let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
        let instances = try #require(stats["instances"] as? [[String: Any]])
        #expect(instances.map { $0["name"] as? String ?? "?" }.dropFirst() == ["elsewhere:12:live"])
        #expect(instances.first?["answering"] as? Bool == true)
        #expect(instances.first?["live"] as? Bool == true)
        #expect(instances.last?["live"] as? Bool == true)
        #expect(instances.last?["pending_log_lines"] as? Int == 1)
        let text = daemon.newsctl(["stats"]).stdout
        #expect(text.contains("instance   elsewhere:12:live (live, renewed "), "\(text)")
        #expect(text.contains("0 feeds and 0 jobs leased, 1 log lines pending"), "\(text)")
        #expect(try daemon.stop() == 0)
        // Stopped, it leaves no instance behind.
        #expect(try database.execute("SELECT owner FROM instances").count == 1)
    }

    @Test(.timeLimit(.minutes(2)))
    func threeDaemonsOneKilledMidRunStoreAndLogEveryItemOnce() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let site = NewsSite(configuration: .init(feeds: 30, initialItems: 10))
        let expected = site.expectation()
        let server = try HTTPServer { request in
            if request.path.hasPrefix("/articles/") { usleep(UInt32.random(in: 20_000...120_000)) }
            return site.respond(to: request)
        }
        defer { server.stop() }
        let feeds = (1...30).map { ("\(server.baseURL)\(NewsSite.feedPath($0))", "1h") }
        let daemons = try (0..<3).map { _ in try daemon(database, feeds: feeds) }
        let processes = try daemons.map { try $0.launch() }
        for (daemon, process) in zip(daemons, processes) {
            try daemon.waitUntil("the control socket answers") {
                guard process.isRunning else { throw HarnessError("newsd exited early:\n\(daemon.diagnostics)") }
                return daemon.newsctl(["version"]).status == 0
            }
        }
        func logged() -> [[String: Any]] { daemons.flatMap { $0.articleLog() } }
        try daemons[0].waitUntil("a third of the items are processed", timeout: 40) {
            logged().count >= expected.items / 3
        }
        // Each instance's holdings as `stats` reports them, by the daemon's index.
        func holdings(asking daemon: DaemonHarness) throws -> [Int: [String: Any]] {
            let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
            let instances = try #require(stats["instances"] as? [[String: Any]])
            var byDaemon: [Int: [String: Any]] = [:]
            for instance in instances {
                let pid = (instance["name"] as? String)?.split(separator: ":").dropLast().last.flatMap { Int32($0) }
                if let index = processes.firstIndex(where: { $0.processIdentifier == pid }) { byDaemon[index] = instance }
            }
            return byDaemon
        }
        func held(_ instance: [String: Any]?) -> Int {
            (instance?["leased_jobs"] as? Int ?? 0) + (instance?["leased_feeds"] as? Int ?? 0)
        }
        // The daemon that holds the most leases dies mid-run: one that leased nothing yet
        // (the others can take every job before its first look at the shared queue) would
        // test no take-over.
        let before = try holdings(asking: daemons[0])
        let victimIndex = try #require(before.max { held($0.value) < held($1.value) }?.key)
        #expect(held(before[victimIndex]) > 0, "no daemon held a lease a third of the way: \(before)")
        let victim = daemons[victimIndex]
        let survivors = daemons.indices.filter { $0 != victimIndex }.map { daemons[$0] }
        let killed = Date()
        #expect(try victim.stop(signal: SIGKILL) == SIGKILL)

        // Its leases are taken over within the lease time (3 s), give or take a second of
        // polling the queue and a scheduler tick.
        try survivors[0].waitUntil("the killed daemon holds nothing", timeout: 15) {
            guard let holdings = try holdings(asking: survivors[0])[victimIndex] else { return true }
            return holdings["leased_jobs"] as? Int == 0 && holdings["leased_feeds"] as? Int == 0
                && holdings["pending_log_lines"] as? Int == 0
        }
        let tookOver = Date().timeIntervalSince(killed)
        #expect(tookOver < 3 + 4, "took over after \(tookOver)s")

        try survivors[0].waitUntil("every item is logged", timeout: 40) { logged().count >= expected.items }
        Thread.sleep(forTimeInterval: 0.5)  // anything logged twice would show now
        let log = logged()
        let urls = log.compactMap { $0["url"] as? String }
        #expect(urls.count == expected.items)
        #expect(Set(urls).count == expected.items, "an item was logged twice")
        #expect(log.filter { $0["status"] as? String == "new" }.count == expected.articles)
        #expect(log.filter { $0["status"] as? String == "duplicate" }.count == expected.duplicates)
        for daemon in survivors {
            let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
            #expect(stats["articles"] as? Int == expected.articles)
            #expect(stats["items"] as? Int == expected.items)
            #expect((stats["jobs"] as? [String: Int]) == ["queued": 0, "leased": 0, "done": expected.items, "dead": 0])
        }
        for daemon in survivors { #expect(try daemon.stop() == 0) }
    }
}
