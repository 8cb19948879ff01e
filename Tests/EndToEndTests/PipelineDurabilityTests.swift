import FeedFarm
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The durable pipeline under crashes, shutdowns and reloads: nothing lost, nothing twice.
@Suite(.serialized) struct PipelineDurabilityTests {
    /// The synthetic site: 20 feeds × 10 items; items 5 and 10 are wire stories every feed of a
    /// language carries, so 164 distinct articles and 36 duplicates.
    static let feeds = 20
    static let itemsPerFeed = 10
    static let distinctArticles = 164

    /// Serves the site with latency on article pages (a few seconds of work in all), so kills
    /// land at every stage.
    func startSite(slowest: UInt32 = 400_000) throws -> HTTPServer {
        let site = NewsSite(configuration: .init(feeds: Self.feeds, initialItems: Self.itemsPerFeed))
        return try HTTPServer { request in
            if request.path.hasPrefix("/articles/") { usleep(UInt32.random(in: 50_000...slowest)) }
            return site.respond(to: request)
        }
    }

    func feedList(_ server: HTTPServer) -> [(url: String, interval: String)] {
        (1...Self.feeds).map { ("\(server.baseURL)\(NewsSite.feedPath($0))", "1h") }
    }

    /// Checks the end state: every item logged exactly once, every article stored once.
    func expectEverythingExactlyOnce(_ daemon: DaemonHarness, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let log = daemon.articleLog()
        let urls = log.compactMap { $0["url"] as? String }
        #expect(urls.count == Self.feeds * Self.itemsPerFeed, "log lines", sourceLocation: sourceLocation)
        #expect(Set(urls).count == urls.count, "an item was logged twice", sourceLocation: sourceLocation)
        let new = log.filter { $0["status"] as? String == "new" }
        #expect(new.count == Self.distinctArticles, "new lines", sourceLocation: sourceLocation)
        #expect(Set(new.compactMap { $0["article_id"] as? Int }).count == new.count, "an article logged new twice", sourceLocation: sourceLocation)
        #expect(log.allSatisfy { ["new", "duplicate"].contains($0["status"] as? String ?? "") }, sourceLocation: sourceLocation)
        let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any], sourceLocation: sourceLocation)
        #expect(stats["articles"] as? Int == Self.distinctArticles, "stored articles", sourceLocation: sourceLocation)
        #expect((stats["jobs"] as? [String: Int])?["done"] == Self.feeds * Self.itemsPerFeed, sourceLocation: sourceLocation)
    }

    @Test(.timeLimit(.minutes(3)))
    func killedAtRandomMomentsTwentyTimesItStillStoresAndLogsEverythingExactlyOnce() throws {
        let server = try startSite()
        defer { server.stop() }
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: feedList(server), extra: "[jobs]\nlease = \"30s\"")
        var linesBeforeKill: [Int] = []
        for _ in 1...20 {
            try daemon.launch()
            usleep(UInt32.random(in: 100_000...1_200_000))
            linesBeforeKill.append(daemon.articleLog().count)
            try daemon.stop(signal: SIGKILL)
        }
        try daemon.start()
        try daemon.waitUntil("every item is processed", timeout: 60) { daemon.articleLog().count >= Self.feeds * Self.itemsPerFeed }
        Thread.sleep(forTimeInterval: 0.3)  // anything logged twice would show now
        try expectEverythingExactlyOnce(daemon)
        // The kills landed at different stages, not all before or after the work.
        #expect(Set(linesBeforeKill).count > 3, "kills at \(linesBeforeKill)")
        #expect(try daemon.stop() == 0)
    }

    @Test func sigtermUnderLoadExitsZeroWithinTheDeadlineAndLosesNothing() throws {
        let server = try startSite()
        defer { server.stop() }
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: feedList(server), drainTimeout: "2s")
        try daemon.start()
        try daemon.waitUntil("articles are flowing") { daemon.articleLog().count >= 5 }
        let stopping = Date()
        #expect(try daemon.stop(signal: SIGTERM) == 0)
        #expect(Date().timeIntervalSince(stopping) < 5)
        #expect(daemon.daemonStderr.contains("newsd stopped"))
        try daemon.start()
        try daemon.waitUntil("every item is processed", timeout: 60) { daemon.articleLog().count >= Self.feeds * Self.itemsPerFeed }
        Thread.sleep(forTimeInterval: 0.3)
        try expectEverythingExactlyOnce(daemon)
        #expect(try daemon.stop() == 0)
    }

    @Test func sighupAppliesFeedsAddedAndRemovedInTheFile() throws {
        let site = try FixtureSite()
        site.set("/a.html", FixtureSite.englishPage(title: "Story A", paragraphs: englishParagraphs("A")), type: "text/html")
        site.set("/b.html", FixtureSite.englishPage(title: "Story B", paragraphs: englishParagraphs("B")), type: "text/html")
        site.set("/one.xml", site.rss(title: "One", items: [(guid: "a", path: "/a.html", title: "Story A")]), type: "application/rss+xml")
        site.set("/two.xml", site.rss(title: "Two", items: [(guid: "b", path: "/b.html", title: "Story B")]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/one.xml"), "1h")])
        try daemon.start()
        try daemon.waitUntil("feed one's article is stored") { daemon.articleLog().count == 1 }
        // --no-check: the URL serves nothing; only its survival across the reload matters.
        #expect(daemon.newsctl(["feed", "add", site.url("/a.html").replacingOccurrences(of: "a.html", with: "socket.xml"), "--no-check"]).status == 0)

        try daemon.writeConfig(feeds: [(site.url("/two.xml"), "30m")])
        daemon.signal(SIGHUP)
        try daemon.waitUntil("feed two's article is stored") { daemon.articleLog().count == 2 }
        #expect(daemon.articleLog().last?["title"] as? String == "Story B")
        let list = try #require(try daemon.newsctlJSON(["feed", "list"]) as? [String: Any])
        let urls = Set((list["feeds"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String })
        #expect(urls == [site.url("/two.xml"), site.url("/socket.xml")])  // the socket's feed stays
        #expect(daemon.daemonStderr.contains("configuration reloaded"))

        // An invalid file changes nothing, and `newsctl reload` says why.
        try "[workers]\ncount = 0\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let refused = daemon.newsctl(["reload"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("workers.count"))
        #expect(daemon.newsctl(["feed", "list"]).stdout.contains("two.xml"))
        #expect(try daemon.stop() == 0)
    }

    @Test func deadJobsAreListedAndRetriedOnRequest() throws {
        let site = try FixtureSite()
        site.set("/feed.xml", site.rss(title: "T", items: [(guid: "gone", path: "/gone.html", title: "Missing page")]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1h")])
        try daemon.start()
        try daemon.waitUntil("the 404 is logged as failed") { daemon.articleLog().first?["status"] as? String == "failed" }
        #expect((daemon.articleLog().first?["error"] as? String)?.contains("404") == true)
        let dead = try #require(try daemon.newsctlJSON(["jobs", "list", "--state", "dead"]) as? [String: Any])
        let jobs = try #require(dead["jobs"] as? [[String: Any]])
        #expect(jobs.count == 1)
        #expect((jobs.first?["last_error"] as? String)?.contains("404") == true)
        #expect(daemon.newsctl(["jobs", "list"]).stdout.contains("dead"))

        site.set("/gone.html", FixtureSite.englishPage(title: "Found again", paragraphs: englishParagraphs("Found")), type: "text/html")
        let retried = daemon.newsctl(["jobs", "retry", "--all-dead"])
        #expect(retried.status == 0)
        #expect(retried.stdout.contains("1"))
        try daemon.waitUntil("the retried job stores its article") { daemon.articleLog().last?["status"] as? String == "new" }
        #expect(daemon.newsctl(["jobs", "retry", "12345"]).status == 3)
        #expect(try daemon.stop() == 0)
    }
}
