import Foundation
import Testing

/// The loop end to end on the seed: an Arabic wire story whose page prints its body twice with
/// promo lines, served as UTF-8 by one feed and as windows-1256 by another.
@Suite(.serialized, .enabled(if: SharedCorpus.isPresent, "needs ../shared/corpus/seed (absent outside the team's machines)"))
struct SeedArticleTests {
    struct Expected: Decodable {
        var title: String
        var paragraphs: [String]
        var canonical_url: String
        var published: String
        var language: String
    }

    @Test func feedAddedOverTheSocketBecomesTheSeedArticleOnceAndItsMirrorADuplicate() throws {
        let expected = try JSONDecoder().decode(Expected.self, from: try SharedCorpus.data("expected.json"))
        let site = try FixtureSite()
        let feed = String(decoding: try SharedCorpus.data("feed.xml"), as: UTF8.self)
            .replacingOccurrences(of: "https://example-news.test", with: site.baseURL)
        site.set("/seed/feed.xml", feed, type: "application/rss+xml; charset=utf-8")
        site.set("/world/2018/03/16/astana-guarantors-meeting", Array(try SharedCorpus.data("page-utf8.html")), type: "text/html; charset=utf-8")
        let mirror = feed.replacingOccurrences(of: "/world/2018/03/16/astana-guarantors-meeting", with: "/mirror/astana.html")
            .replacingOccurrences(of: "example-news-118532", with: "mirror-1")
        site.set("/mirror/feed.xml", mirror, type: "application/rss+xml; charset=utf-8")
        site.set("/mirror/astana.html", Array(try SharedCorpus.data("page-windows1256.html")), type: "text/html; charset=windows-1256")

        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()

        let added = daemon.newsctl(["feed", "add", site.url("/seed/feed.xml"), "--interval", "1h", "--tag", "ar"])
        #expect(added.status == 0, "\(added.stderr)")
        try daemon.waitUntil("the seed article is logged") { daemon.articleLog().count == 1 }
        let line = try #require(daemon.articleLog().first)
        #expect(line["status"] as? String == "new")
        #expect(line["title"] as? String == expected.title)
        #expect(line["lang"] as? String == "ar")
        #expect(line["canonical_url"] as? String == expected.canonical_url)
        #expect(line["duplicate_of"] is NSNull)
        let articleID = try #require(line["article_id"] as? Int)

        let article = try #require(try daemon.newsctlJSON(["article", "show", String(articleID)]) as? [String: Any])
        #expect(article["title"] as? String == expected.title)
        #expect(article["paragraphs"] as? [String] == expected.paragraphs)
        #expect(article["published"] as? String == expected.published)
        #expect(article["language"] as? String == "ar")
        #expect(article["canonical_url"] as? String == expected.canonical_url)
        #expect((article["text"] as? String)?.contains("إقرأ أيضاً") == false)

        // A second poll is conditional, answered 304, and adds nothing. (Three requests: `feed add`
        // fetched the URL once to check it is a feed, then the first poll, then this one.)
        #expect(daemon.newsctl(["feed", "poll", site.url("/seed/feed.xml")]).status == 0)
        try daemon.waitUntil("the feed is polled again") { site.requests(to: "/seed/feed.xml").count == 3 }
        #expect(site.requests(to: "/seed/feed.xml").last?.header("If-None-Match") != nil)

        // The same story from another feed, as windows-1256: the same canonical URL, so a duplicate.
        #expect(daemon.newsctl(["feed", "add", site.url("/mirror/feed.xml")]).status == 0)
        try daemon.waitUntil("the mirror is logged") { daemon.articleLog().count == 2 }
        let duplicate = daemon.articleLog()[1]
        #expect(duplicate["status"] as? String == "duplicate")
        #expect(duplicate["duplicate_of"] as? Int == articleID)
        #expect(duplicate["title"] as? String == expected.title)

        let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
        #expect(stats["articles"] as? Int == 1)
        #expect(try daemon.stop() == 0)
    }
}
