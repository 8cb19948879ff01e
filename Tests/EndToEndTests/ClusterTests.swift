import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Several real daemons on one PostgreSQL database, as a cluster: each article-log line reaches
/// one log once, and `stats` names the instances.
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
}
