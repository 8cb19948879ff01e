import FeedFarm
import Foundation
import Synchronization
import Testing

/// The daemon as a good citizen: it waits when told to, stops polling what is gone, follows
/// feeds that moved, and keeps its connections to one host few.
@Suite(.serialized) struct FeedPolitenessTests {
    func feeds(_ daemon: DaemonHarness) throws -> [[String: Any]] {
        let list = try #require(try daemon.newsctlJSON(["feed", "list"]) as? [String: Any])
        return try #require(list["feeds"] as? [[String: Any]])
    }

    func feed(_ daemon: DaemonHarness, _ url: String) throws -> [String: Any]? {
        try feeds(daemon).first { $0["url"] as? String == url }
    }

    func seconds(until timestamp: Any?) -> Double {
        guard let text = timestamp as? String, let date = try? Date(text, strategy: .iso8601) else { return -1 }
        return date.timeIntervalSinceNow
    }

    @Test func aHostThatAsksSeveralFeedsToWaitIsLeftAloneButOtherHostsAreNot() throws {
        let busy = try FixtureSite()
        let other = try FixtureSite()
        for path in ["/a.xml", "/b.xml"] {
            busy.set(path, response: .status(429, headers: [("Retry-After", "3600")]))
        }
        busy.set("/c.xml", busy.rss(title: "C", items: []), type: "application/rss+xml")
        other.set("/d.xml", other.rss(title: "D", items: []), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(busy.url("/a.xml"), "1m"), (busy.url("/b.xml"), "1m")])
        try daemon.start()
        try daemon.waitUntil("both feeds were told to wait") {
            try feeds(daemon).allSatisfy { ($0["last_error"] as? String)?.contains("429") == true }
        }
        for info in try feeds(daemon) { #expect(seconds(until: info["next_poll"]) > 3500) }

        #expect(daemon.newsctl(["feed", "add", busy.url("/c.xml"), "--no-check"]).status == 0)
        #expect(daemon.newsctl(["feed", "add", other.url("/d.xml")]).status == 0)
        try daemon.waitUntil("the other host's feed is polled") { !other.requests(to: "/d.xml").isEmpty }
        Thread.sleep(forTimeInterval: 1.5)
        #expect(busy.requests(to: "/c.xml").isEmpty, "the throttled host was polled")
        #expect(seconds(until: try feed(daemon, busy.url("/c.xml"))?["next_poll"]) > 3500)
        #expect(daemon.daemonStderr.contains("host asked several feeds to wait"))
        #expect(try daemon.stop() == 0)
    }

    @Test func aGoneFeedIsPausedAndResumesOnRequest() throws {
        let site = try FixtureSite()
        site.set("/gone.xml", response: .status(410))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/gone.xml"), "1m")])
        try daemon.start()
        try daemon.waitUntil("the feed is paused") { try feed(daemon, site.url("/gone.xml"))?["paused"] as? Bool == true }
        #expect(try feed(daemon, site.url("/gone.xml"))?["paused_reason"] as? String == "410 Gone")
        let shown = daemon.newsctl(["feed", "show", site.url("/gone.xml")])
        #expect(shown.stdout.contains("410 Gone"))
        #expect(shown.stdout.contains("gone"))
        #expect(daemon.newsctl(["feed", "list"]).stdout.contains("paused"))
        #expect(daemon.newsctl(["feed", "poll", "--all"]).status == 0)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(site.requests(to: "/gone.xml").count == 1, "a paused feed was polled")

        site.set("/gone.xml", site.rss(title: "Back", items: []), type: "application/rss+xml")
        #expect(daemon.newsctl(["feed", "resume", site.url("/gone.xml")]).status == 0)
        try daemon.waitUntil("the resumed feed is polled") { site.requests(to: "/gone.xml").count == 2 }
        try daemon.waitUntil("it is healthy") { try feed(daemon, site.url("/gone.xml"))?["title"] as? String == "Back" }
        #expect(try daemon.stop() == 0)
    }

    @Test func aFeedPermanentlyRedirectedOnSeveralPollsMovesButATemporaryRedirectNever() throws {
        let site = try FixtureSite()
        site.set("/old.xml", response: .status(301, headers: [("Location", "/new.xml")]))
        site.set("/new.xml", site.rss(title: "Moved", items: []), type: "application/rss+xml")
        site.set("/away.xml", response: .status(302, headers: [("Location", "/new.xml")]))
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        #expect(daemon.newsctl(["feed", "add", site.url("/old.xml")]).status == 0)
        #expect(daemon.newsctl(["feed", "add", site.url("/away.xml")]).status == 0)
        for round in 1...3 {
            try daemon.waitUntil("poll \(round)") { site.requests(to: "/old.xml").count >= round && site.requests(to: "/away.xml").count >= round }
            Thread.sleep(forTimeInterval: 0.2)
            if round < 3 { #expect(daemon.newsctl(["feed", "poll", "--all"]).status == 0) }
        }
        try daemon.waitUntil("the feed has moved") { try feed(daemon, site.url("/new.xml")) != nil }
        #expect(try feed(daemon, site.url("/old.xml")) == nil)
        #expect(try feed(daemon, site.url("/away.xml")) != nil)
        let history = daemon.newsctl(["feed", "show", site.url("/new.xml")]).stdout
        #expect(history.contains("moved"))
        #expect(history.contains(site.url("/old.xml")))
        #expect(daemon.daemonStderr.contains("feed moved after permanent redirects"))
        #expect(try daemon.stop() == 0)
    }

    @Test func anUnchangedBodyWithoutValidatorsIsNotParsedAgain() throws {
        let site = try FixtureSite()
        site.set("/plain.xml", site.rss(title: "Plain", items: []), type: "application/rss+xml", validators: false)
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/plain.xml"), "1m")])
        try daemon.start()
        try daemon.waitUntil("the first poll") { try feed(daemon, site.url("/plain.xml"))?["title"] as? String == "Plain" }
        #expect(daemon.newsctl(["feed", "poll", "--all"]).status == 0)
        try daemon.waitUntil("the second poll is recognised as unchanged") { daemon.daemonStderr.contains("unchanged body") }
        #expect(try daemon.stop() == 0)
    }

    @Test func manyFeedsOfOneHostShareAFewConnections() throws {
        let open = Mutex((now: 0, peak: 0))
        let server = try HTTPServer { request in
            open.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            defer { open.withLock { $0.now -= 1 } }
            Thread.sleep(forTimeInterval: 0.05)
            return .ok("<rss version=\"2.0\"><channel><title>\(request.path)</title></channel></rss>", contentType: "application/rss+xml")
        }
        defer { server.stop() }
        let daemon = try DaemonHarness()
        try daemon.writeConfig(
            feeds: (1...30).map { ("\(server.baseURL)/feed\($0).xml", "1h") },
            extra: "")
        try daemon.rewrite(section: "fetch", adding: "per_host_connections = 2")
        try daemon.start()
        try daemon.waitUntil("every feed is polled") { try feeds(daemon).allSatisfy { $0["title"] is String } }
        #expect(open.withLock { $0.peak } <= 2)
        #expect(open.withLock { $0.peak } == 2)
        #expect(try daemon.stop() == 0)
    }

    @Test func privateNetworksNamedInTheConfigurationAreAllowed() throws {
        let site = try FixtureSite()
        site.set("/feed.xml", site.rss(title: "Intranet", items: []), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1h")], allowPrivateNetworks: false)
        try daemon.rewrite(section: "fetch", adding: "allow_networks = [\"127.0.0.0/8\"]")
        try daemon.start()
        try daemon.waitUntil("the allowed feed is polled") { try feed(daemon, site.url("/feed.xml"))?["title"] as? String == "Intranet" }
        #expect(try daemon.stop() == 0)
    }
}
