import Foundation
import Testing

/// `[retention] max_age`: the daemon's hourly maintenance (first run 5 s after start) prunes old
/// articles, keeping tombstones, and the jobs that finished before the same age.
@Suite(.serialized) struct RetentionTests {
    @Test func oldArticlesAndTheirFinishedJobsArePruned() throws {
        let site = try FixtureSite()
        site.set("/a.html", FixtureSite.englishPage(title: "Harbour reopens", paragraphs: englishParagraphs("Harbour")), type: "text/html")
        site.set("/b.html", FixtureSite.englishPage(title: "Bridge closes", paragraphs: englishParagraphs("Bridge")), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Port", items: [
            (guid: "a", path: "/a.html", title: "Harbour reopens"), (guid: "b", path: "/b.html", title: "Bridge closes"),
        ]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1h")], extra: "[retention]\nmax_age = \"1s\"")
        try daemon.start()
        try daemon.waitUntil("both articles are stored") { daemon.articleLog().count == 2 }

        func stats() throws -> (articles: Int, done: Int) {
            let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
            let jobs = stats["jobs"] as? [String: Int] ?? [:]
            return (stats["articles"] as? Int ?? -1, jobs["done"] ?? -1)
        }
        try daemon.waitUntil("the maintenance prunes them", timeout: 30) { try stats() == (0, 0) }
        #expect(daemon.daemonStderr.contains("old articles pruned"))
        #expect(daemon.daemonStderr.contains("finished_jobs=2"))
        #expect(try daemon.stop() == 0)
    }
}
