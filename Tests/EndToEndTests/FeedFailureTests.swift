import FeedFarm
import Foundation
import Testing

/// Feeds that fail: the daemon says what happened, keeps running and tries again.
@Suite(.serialized) struct FeedFailureTests {
    func feedInfo(_ daemon: DaemonHarness) throws -> [String: Any] {
        let list = try #require(try daemon.newsctlJSON(["feed", "list"]) as? [String: Any])
        return try #require((list["feeds"] as? [[String: Any]])?.first)
    }

    @Test func unreachableAndBrokenFeedsAreReportedAndRetried() throws {
        // A port with nothing listening: bind one, note it, close it.
        let closedPort = try HTTPServer { _ in .status(200) }
        let deadURL = "\(closedPort.baseURL)/feed.xml"
        closedPort.stop()
        let site = try FixtureSite()
        site.set("/broken.xml", "<html><body>this is not a feed</body></html>", type: "text/html")

        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(deadURL, "1s")])
        try daemon.start()
        try daemon.waitUntil("the failure is recorded") { (try feedInfo(daemon)["consecutive_failures"] as? Int ?? 0) >= 1 }
        #expect(daemon.daemonStderr.contains("feed poll failed"))
        #expect(daemon.newsctl(["feed", "poll", deadURL]).status == 0)
        try daemon.waitUntil("the retry is recorded") { (try feedInfo(daemon)["consecutive_failures"] as? Int ?? 0) >= 2 }
        let text = daemon.newsctl(["feed", "list"])
        #expect(text.stdout.contains("failing"))
        #expect(text.stdout.contains("last error"))

        // --no-check: subscribed as given, without fetching it first (it is no feed).
        #expect(daemon.newsctl(["feed", "add", site.url("/broken.xml"), "--no-check"]).status == 0)
        try daemon.waitUntil("the broken feed is polled") { !site.requests(to: "/broken.xml").isEmpty }
        try daemon.waitUntil("its failure is recorded") {
            let list = try #require(try daemon.newsctlJSON(["feed", "list"]) as? [String: Any])
            let broken = (list["feeds"] as? [[String: Any]])?.first { $0["url"] as? String == site.url("/broken.xml") }
            return (broken?["last_error"] as? String)?.isEmpty == false
        }
        #expect(daemon.process?.isRunning == true)
        #expect(try daemon.stop() == 0)
    }

    @Test func privateAddressesAreRefusedUnlessAllowed() throws {
        let site = try FixtureSite()
        site.set("/feed.xml", site.rss(title: "Local", items: []), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1h")], allowPrivateNetworks: false)
        try daemon.start()
        try daemon.waitUntil("the refusal is recorded") { (try feedInfo(daemon)["last_error"] as? String) != nil }
        let error = try #require(try feedInfo(daemon)["last_error"] as? String)
        #expect(error.contains("allow_private_networks"), "\(error)")
        #expect(site.requests(to: "/feed.xml").isEmpty)
        #expect(try daemon.stop() == 0)
    }
}
