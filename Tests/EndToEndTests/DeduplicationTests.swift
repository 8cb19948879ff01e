import FeedFarm
import Foundation
import Testing

/// Deduplication in the daemon: the same story from different outlets, the same URL with
/// tracking parameters, and an edited article.
@Suite(.serialized) struct DeduplicationTests {
    @Test(.enabled(if: SharedCorpus.isPresent, "needs ../shared/corpus/seed"))
    func theSeedStoryFromTwoOutletsIsOneNewAndOneNearDuplicate() throws {
        struct Expected: Decodable { var title: String; var paragraphs: [String] }
        let expected = try JSONDecoder().decode(Expected.self, from: try SharedCorpus.data("expected.json"))
        let site = try FixtureSite()
        // Outlet A: the seed page itself (its body printed twice, promo lines inside).
        let seedFeed = String(decoding: try SharedCorpus.data("feed.xml"), as: UTF8.self)
            .replacingOccurrences(of: "https://example-news.test", with: site.baseURL)
        site.set("/seed/feed.xml", seedFeed, type: "application/rss+xml; charset=utf-8")
        site.set("/world/2018/03/16/astana-guarantors-meeting", Array(try SharedCorpus.data("page-utf8.html")), type: "text/html; charset=utf-8")
        // Outlet B: another template, an edited headline, the last paragraph cut, a credit line added.
        var body = Array(expected.paragraphs.dropLast())
        body.append("(وكالات) ساهم في إعداد هذا التقرير مراسلو الوكالة في أستانة وموسكو.")
        let page = """
            <!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>لافروف: حققنا نتائج جيدة في سوريا — صحيفة الغد</title></head>
            <body><div id="menu"><a href="/">الرئيسية</a> <a href="/arab">عربي</a> <a href="/world">دولي</a></div>
            <div class="post"><h1 class="post-title">لافروف: حققنا نتائج جيدة في سوريا</h1><span class="post-date">16/03/2018</span>
            <div class="entry">\(body.map { "<p>\($0)</p>" }.joined(separator: "\n"))</div></div>
            <div class="sidebar"><h4>الأكثر مشاهدة</h4><ul><li><a href="/1">ارتفاع أسعار الذهب في الأسواق المحلية</a></li></ul></div>
            <div class="copyright">جميع الحقوق محفوظة لصحيفة الغد</div></body></html>
            """
        site.set("/alghad/2018/03/lavrov.html", page, type: "text/html; charset=utf-8")
        site.set("/alghad/rss.xml", site.rss(title: "صحيفة الغد", items: [(guid: "ghad-1", path: "/alghad/2018/03/lavrov.html", title: "لافروف: حققنا نتائج جيدة في سوريا")]), type: "application/rss+xml")

        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        #expect(daemon.newsctl(["feed", "add", site.url("/seed/feed.xml")]).status == 0)
        try daemon.waitUntil("the seed article is stored") { daemon.articleLog().count == 1 }
        #expect(daemon.newsctl(["feed", "add", site.url("/alghad/rss.xml")]).status == 0)
        try daemon.waitUntil("the other outlet's copy is processed") { daemon.articleLog().count == 2 }

        let log = daemon.articleLog()
        #expect(log[0]["status"] as? String == "new")
        let original = try #require(log[0]["article_id"] as? Int)
        #expect(log[1]["status"] as? String == "duplicate")
        #expect(log[1]["duplicate_of"] as? Int == original)
        #expect(log[1]["story_id"] as? Int == original)
        #expect(log[1]["reason"] as? String == "near_duplicate")
        let similarity = try #require(log[1]["similarity"] as? Double)
        #expect(similarity > 0.5 && similarity < 1)

        let shown = try #require(try daemon.newsctlJSON(["article", "show", String(original)]) as? [String: Any])
        let copies = try #require(shown["copies"] as? [[String: Any]])
        #expect(copies.count == 2)
        #expect(copies.last?["reason"] as? String == "near_duplicate")
        #expect(daemon.newsctl(["article", "show", String(original)]).stdout.contains("near_duplicate"))
        #expect(try daemon.stop() == 0)
    }

    @Test func theSameURLWithTrackingParametersIsTheSameArticle() throws {
        let site = try FixtureSite()
        site.set("/story.html", FixtureSite.englishPage(title: "Bridge reopens", paragraphs: englishParagraphs("Bridge")), type: "text/html")
        site.set("/one.xml", site.rss(title: "One", items: [(guid: "1", path: "/story.html?utm_source=one&utm_medium=rss", title: "Bridge reopens")]), type: "application/rss+xml")
        site.set("/two.xml", site.rss(title: "Two", items: [(guid: "2", path: "/story.html?fbclid=xyz", title: "Bridge reopens")]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        #expect(daemon.newsctl(["feed", "add", site.url("/one.xml")]).status == 0)
        try daemon.waitUntil("the first copy is stored") { daemon.articleLog().count == 1 }
        #expect(daemon.newsctl(["feed", "add", site.url("/two.xml")]).status == 0)
        try daemon.waitUntil("the second copy is processed") { daemon.articleLog().count == 2 }
        let log = daemon.articleLog()
        #expect(log[0]["canonical_url"] as? String == site.url("/story.html"))
        #expect(log[1]["status"] as? String == "duplicate")
        #expect(log[1]["reason"] as? String == "canonical_url")
        #expect(log[1]["duplicate_of"] as? Int == log[0]["article_id"] as? Int)
        #expect(try daemon.stop() == 0)
    }

    @Test func anEditedArticleBecomesAnUpdateOfTheStoredOne() throws {
        let site = try FixtureSite()
        let first = englishParagraphs("Council budget")
        site.set("/budget.html", FixtureSite.englishPage(title: "Council passes budget", paragraphs: first), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Local", items: [(guid: "budget-v1", path: "/budget.html", title: "Council passes budget")]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        #expect(daemon.newsctl(["feed", "add", site.url("/feed.xml")]).status == 0)
        try daemon.waitUntil("the first version is stored") { daemon.articleLog().count == 1 }
        let id = try #require(daemon.articleLog()[0]["article_id"] as? Int)

        var edited = first
        edited.append("Update: the council later said the vote would be repeated on Friday after a counting error.")
        site.set("/budget.html", FixtureSite.englishPage(title: "Council passes budget (updated)", paragraphs: edited), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Local", items: [
            (guid: "budget-v2", path: "/budget.html", title: "Council passes budget (updated)"),
            (guid: "budget-v1", path: "/budget.html", title: "Council passes budget"),
        ]), type: "application/rss+xml")
        #expect(daemon.newsctl(["feed", "poll", "--all"]).status == 0)
        try daemon.waitUntil("the edit is processed") { daemon.articleLog().count == 2 }
        let update = daemon.articleLog()[1]
        #expect(update["status"] as? String == "updated")
        #expect(update["article_id"] as? Int == id)
        let article = try #require(try daemon.newsctlJSON(["article", "show", String(id)]) as? [String: Any])
        #expect(article["title"] as? String == "Council passes budget (updated)")
        #expect((article["paragraphs"] as? [String])?.count == 4)
        #expect(article["updated"] is String)
        let stats = try #require(try daemon.newsctlJSON(["stats"]) as? [String: Any])
        #expect(stats["articles"] as? Int == 1)
        #expect(try daemon.stop() == 0)
    }
}
