import FeedFarm
import Foundation
import Testing

/// `newsctl feed add` on a site's page, and OPML import and export, against the real daemon.
@Suite(.serialized) struct DiscoveryAndOPMLTests {
    @Test func addingASitePageSubscribesToTheFeedItLinks() throws {
        let site = try FixtureSite()
        site.set(
            "/", "<html dir=\"rtl\"><head><title>أخبار</title><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/ar/rss.xml\"></head><body>مرحبا</body></html>",
            type: "text/html; charset=utf-8")
        site.set("/ar/rss.xml", site.rss(title: "أخبار المثال", items: []), type: "application/rss+xml")
        site.set("/plain", "<html><body>No feed here</body></html>", type: "text/html")
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()

        let added = daemon.newsctl(["feed", "add", site.url("/"), "--tag", "ar"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains(site.url("/ar/rss.xml")))
        #expect(added.stdout.contains("found from \(site.url("/"))"))
        let list = try #require(try daemon.newsctlJSON(["feed", "list"]) as? [String: Any])
        let feeds = try #require(list["feeds"] as? [[String: Any]])
        #expect(feeds.map { $0["url"] as? String } == [site.url("/ar/rss.xml")])
        #expect(feeds.first?["discovered_from"] == nil, "only feed.add's answer says where a feed was found")

        let nothing = daemon.newsctl(["feed", "add", site.url("/plain")])
        #expect(nothing.status == 3)
        #expect(nothing.stderr.contains("no feed at"))
        let again = daemon.newsctl(["feed", "add", site.url("/"), "--json"])
        #expect(again.status == 1, "the discovered feed is already subscribed")
        #expect(again.stderr.contains("already"))
        #expect(try daemon.stop() == 0)
    }

    @Test func opmlImportKeepsFoldersAsTagsAndExportReadsBack() throws {
        let site = try FixtureSite()
        site.set("/world.xml", site.rss(title: "World", items: []), type: "application/rss+xml")
        let opml = """
            <?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
            <outline text="News"><outline text="عربي">
              <outline type="rss" text="World" xmlUrl="\(site.url("/world.xml"))"/></outline>
              <outline type="rss" text="Second" xmlUrl="\(site.url("/second.xml"))"/></outline>
            <outline type="rss" text="Bad" xmlUrl="ftp://files.example/feed"/>
            </body></opml>
            """
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        let file = daemon.folder + "/subscriptions.opml"
        try opml.write(toFile: file, atomically: true, encoding: .utf8)

        let imported = daemon.newsctl(["opml", "import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("2 added, 0 already subscribed, 1 refused"), "\(imported.stdout)")
        #expect(imported.stdout.contains("ftp://files.example/feed"))
        let list = try #require(try daemon.newsctlJSON(["feed", "list"]) as? [String: Any])
        let feeds = try #require(list["feeds"] as? [[String: Any]])
        let world = try #require(feeds.first { $0["url"] as? String == site.url("/world.xml") })
        #expect(world["tags"] as? [String] == ["News", "عربي"])

        let exported = daemon.newsctl(["opml", "export"])
        #expect(exported.status == 0)
        #expect(exported.stdout.contains("xmlUrl=\"\(site.url("/world.xml"))\""))
        #expect(exported.stdout.contains("<outline text=\"عربي\" title=\"عربي\">"))
        let out = daemon.folder + "/out.opml"
        #expect(daemon.newsctl(["opml", "export", "-o", out]).status == 0)
        let again = daemon.newsctl(["opml", "import", out])
        #expect(again.stdout.contains("0 added, 2 already subscribed"), "\(again.stdout)")
        #expect(daemon.newsctl(["opml", "import", daemon.folder + "/missing.opml"]).status == 66)
        #expect(try daemon.stop() == 0)
    }
}
