import FeedFarm
import Foundation
import Testing

/// The daemon against the synthetic news site the demo and benchmarks use: RSS and Atom,
/// English and Arabic, promo lines in bodies, and wire stories carried by several feeds.
@Suite(.serialized) struct SyntheticSiteTests {
    @Test func wireStoriesAreStoredOnceAndPromoLinesStayOutOfBodies() throws {
        let site = NewsSite(configuration: .init(feeds: 4, initialItems: 5))
        let server = try HTTPServer { site.respond(to: $0) }
        defer { server.stop() }
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: (1...4).map { ("\(server.baseURL)\(NewsSite.feedPath($0))", "1h") })
        try daemon.start()
        try daemon.waitUntil("every item is processed") { daemon.articleLog().count == 20 }

        let log = daemon.articleLog()
        #expect(log.filter { $0["status"] as? String == "new" }.count == 18)
        let duplicates = log.filter { $0["status"] as? String == "duplicate" }
        #expect(duplicates.count == 2)
        for duplicate in duplicates {
            let original = log.first { $0["article_id"] as? Int == duplicate["duplicate_of"] as? Int && $0["status"] as? String == "new" }
            #expect(original?["canonical_url"] as? String == duplicate["canonical_url"] as? String)
            #expect(original?["feed_url"] as? String != duplicate["feed_url"] as? String)
        }
        #expect(Set(log.compactMap { $0["lang"] as? String }) == ["ar", "en"])

        let promoStarts = ["اقرأ أيضاً", "إقرأ أيضا", "قد يهمك", "شاهد أيضاً", "Read more", "Related", "See also"]
        for line in log where line["status"] as? String == "new" {
            let id = try #require(line["article_id"] as? Int)
            let article = try #require(try daemon.newsctlJSON(["article", "show", String(id)]) as? [String: Any])
            let paragraphs = try #require(article["paragraphs"] as? [String])
            #expect(paragraphs.count >= 6)
            #expect(!paragraphs.contains { paragraph in promoStarts.contains { paragraph.hasPrefix($0) } }, "promo line kept in article \(id)")
            #expect(!(article["text"] as? String ?? "").contains("All rights reserved"))
        }
        #expect(try daemon.stop() == 0)
    }
}
