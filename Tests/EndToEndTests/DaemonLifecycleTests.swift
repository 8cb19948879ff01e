import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon as a process: feeds added over the socket, restarts, signals.
@Suite(.serialized) struct DaemonLifecycleTests {
    /// A site with one English feed of two articles.
    func englishSite() throws -> FixtureSite {
        let site = try FixtureSite()
        site.set("/a.html", FixtureSite.englishPage(title: "Council approves transport plan", paragraphs: englishParagraphs("Transport")), type: "text/html; charset=utf-8")
        site.set("/b.html", FixtureSite.englishPage(title: "Book fair opens with record crowds", paragraphs: englishParagraphs("Books")), type: "text/html; charset=utf-8")
        site.set("/feed.xml", site.rss(title: "Test Times", items: [
            (guid: "a", path: "/a.html", title: "Council approves transport plan"),
            (guid: "b", path: "/b.html", title: "Book fair opens with record crowds"),
        ]), type: "application/rss+xml")
        return site
    }

    @Test func feedsAndArticlesSurviveARestartAndSeenItemsAreNotProcessedAgain() throws {
        let site = try englishSite()
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        #expect(daemon.newsctl(["feed", "add", site.url("/feed.xml"), "--interval", "10m", "--tag", "en", "--tag", "test"]).status == 0)
        try daemon.waitUntil("both articles are stored") { daemon.articleLog().count == 2 }
        let titles = Set(daemon.articleLog().compactMap { $0["title"] as? String })
        #expect(titles == ["Council approves transport plan", "Book fair opens with record crowds"])
        #expect(try daemon.stop() == 0)

        try daemon.start()
        let list = try #require(try daemon.newsctlJSON(["feed", "list"]) as? [String: Any])
        let feeds = try #require(list["feeds"] as? [[String: Any]])
        #expect(feeds.count == 1)
        #expect(feeds.first?["url"] as? String == site.url("/feed.xml"))
        #expect(feeds.first?["tags"] as? [String] == ["en", "test"])
        #expect(feeds.first?["interval"] as? Double == 600)

        // A new item appears; a forced poll stores it and only it.
        site.set("/c.html", FixtureSite.englishPage(title: "Hospital opens a children's wing", paragraphs: englishParagraphs("Hospital")), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Test Times", items: [
            (guid: "c", path: "/c.html", title: "Hospital opens a children's wing"),
            (guid: "a", path: "/a.html", title: "Council approves transport plan"),
            (guid: "b", path: "/b.html", title: "Book fair opens with record crowds"),
        ]), type: "application/rss+xml")
        #expect(daemon.newsctl(["feed", "poll", "--all"]).status == 0)
        try daemon.waitUntil("the new article is stored") { daemon.articleLog().count == 3 }
        #expect(daemon.articleLog().last?["title"] as? String == "Hospital opens a children's wing")
        let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
        #expect(stats["articles"] as? Int == 3)
        #expect(site.requests(to: "/a.html").count == 1)  // never fetched again
        #expect(try daemon.stop(signal: SIGINT) == 0)
    }

    @Test func articleShowPrintsTheStoredFields() throws {
        let site = try englishSite()
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1h")])
        try daemon.start()
        try daemon.waitUntil("both articles are stored") { daemon.articleLog().count == 2 }
        let id = try #require(daemon.articleLog().first?["article_id"] as? Int)
        let article = try #require(try daemon.newsctlJSON(["article", "show", String(id)]) as? [String: Any])
        for key in ["id", "feed_id", "url", "canonical_url", "title", "paragraphs", "text", "language", "published"] {
            #expect(article.keys.contains(key), "article show --json lacks \(key)")
        }
        #expect((article["paragraphs"] as? [String])?.count == 3)
        #expect(article["language"] as? String == "en")
        let text = daemon.newsctl(["article", "show", String(id)])
        #expect(text.status == 0)
        let paragraphs = try #require(article["paragraphs"] as? [String])
        #expect(text.stdout.contains(paragraphs[1]))
        #expect(daemon.newsctl(["article", "show", "999999"]).status == 3)
        #expect(try daemon.stop() == 0)
    }

    @Test func removedFeedIsGoneWithItsArticles() throws {
        let site = try englishSite()
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        #expect(daemon.newsctl(["feed", "add", site.url("/feed.xml")]).status == 0)
        try daemon.waitUntil("both articles are stored") { daemon.articleLog().count == 2 }
        let duplicate = daemon.newsctl(["feed", "add", site.url("/feed.xml")])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("already"))
        #expect(daemon.newsctl(["feed", "remove", site.url("/feed.xml")]).status == 0)
        let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
        #expect(stats["feeds"] as? Int == 0)
        #expect(stats["articles"] as? Int == 0)
        #expect(daemon.newsctl(["feed", "remove", "1"]).status == 3)
        #expect(try daemon.stop() == 0)
    }

    @Test func sigtermWhileArticlesAreInFlightExitsZeroAndLosesNothing() throws {
        let site = try FixtureSite()
        var items: [(guid: String, path: String, title: String)] = []
        for n in 1...6 {
            site.set("/slow/\(n).html", FixtureSite.englishPage(title: "Slow story \(n)", paragraphs: englishParagraphs("Slow \(n)")), type: "text/html", delay: 4)
            items.append((guid: "slow-\(n)", path: "/slow/\(n).html", title: "Slow story \(n)"))
        }
        site.set("/slow.xml", site.rss(title: "Slow", items: items), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/slow.xml"), "1h")], drainTimeout: "1s")
        try daemon.start()
        try daemon.waitUntil("an article page is being fetched") { !site.requests(to: "/slow/1.html").isEmpty || !site.requests(to: "/slow/6.html").isEmpty }
        #expect(try daemon.stop() == 0)
        #expect(daemon.daemonStderr.contains("newsd stopped"))
        #expect(daemon.articleLog().count < 6)  // the drain deadline cut the slow fetches short
        try daemon.start()
        try daemon.waitUntil("all six are stored", timeout: 30) { daemon.articleLog().count == 6 }
        let ids = daemon.articleLog().compactMap { $0["article_id"] as? Int }
        #expect(Set(ids).count == 6)
        #expect(daemon.articleLog().allSatisfy { $0["status"] as? String == "new" })
        #expect(try daemon.stop() == 0)
    }

    @Test func sighupReopensTheArticleLogForLogrotate() throws {
        let site = try englishSite()
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        site.set("/one.xml", site.rss(title: "One", items: [(guid: "a", path: "/a.html", title: "A")]), type: "application/rss+xml")
        #expect(daemon.newsctl(["feed", "add", site.url("/one.xml")]).status == 0)
        try daemon.waitUntil("the first article is logged") { daemon.articleLog().count == 1 }
        try FileManager.default.moveItem(atPath: daemon.articleLogPath, toPath: daemon.articleLogPath + ".1")
        daemon.signal(SIGHUP)
        try daemon.waitUntil("the log is reopened") { FileManager.default.fileExists(atPath: daemon.articleLogPath) }
        site.set("/two.xml", site.rss(title: "Two", items: [(guid: "b", path: "/b.html", title: "B")]), type: "application/rss+xml")
        #expect(daemon.newsctl(["feed", "add", site.url("/two.xml")]).status == 0)
        try daemon.waitUntil("the second article is logged in the new file") { daemon.articleLog().count == 1 }
        #expect(daemon.articleLog().first?["title"] as? String == "Book fair opens with record crowds")
        let rotated = try String(contentsOfFile: daemon.articleLogPath + ".1", encoding: .utf8)
        #expect(rotated.split(separator: "\n").count == 1)
        #expect(try daemon.stop() == 0)
    }
}
