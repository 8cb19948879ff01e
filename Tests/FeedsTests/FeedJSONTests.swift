import Foundation
import Testing

@testable import Feeds

/// The JSON `newsctl parse` prints: the shape ../shared/tools/feed_conformance.py reads.
@Suite("Feed JSON")
struct FeedJSONTests {
    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("feed and entry fields, enclosures, authors, dates in UTC; text as the feed typed it")
    func shape() throws {
        let rss = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
            <channel><title>Example &amp; "Co"</title><link>https://example.org/</link>
            <description>News\tand\nviews</description><language>en</language>
            <lastBuildDate>Tue, 07 May 2024 14:30:00 -0400</lastBuildDate>
            <item><title>Q&amp;A &lt;b&gt;live&lt;/b&gt;</title><link>/qa</link><guid isPermaLink="false">qa-1</guid>
            <description>&lt;p&gt;Questions&lt;/p&gt;</description><pubDate>Wed, 08 May 2024 09:00:00 GMT</pubDate>
            <author>desk@example.org (News Desk)</author><category>Live</category>
            <enclosure url="https://cdn.example.org/qa.mp3" type="audio/mpeg" length="1234"/>
            <media:thumbnail url="https://cdn.example.org/qa.jpg"/></item>
            </channel></rss>
            """
        let feed = try FeedParser.parse(Data(rss.utf8), url: "https://example.org/rss", contentType: nil)
        let json = try Self.object(FeedJSON.encode(feed))
        #expect(json["bozo"] as? Bool == false)
        #expect(json["version"] as? String == "rss20")
        let head = try #require(json["feed"] as? [String: Any])
        #expect(head["title"] as? String == "Example & \"Co\"")
        #expect(head["subtitle"] as? String == "News\tand\nviews")
        #expect(head["updated"] as? String == "2024-05-07T18:30:00Z")
        let entry = try #require((json["entries"] as? [[String: Any]])?.first)
        #expect(entry["title"] as? String == "Q&amp;A <b>live</b>", "HTML-looking RSS titles are kept as sanitised HTML")
        #expect(entry["link"] as? String == "https://example.org/qa")
        #expect(entry["id"] as? String == "qa-1")
        #expect(entry["summary"] as? String == "<p>Questions</p>")
        #expect(entry["published"] as? String == "2024-05-08T09:00:00Z")
        #expect((entry["author"] as? [String: Any])?["name"] as? String == "News Desk")
        #expect((entry["author"] as? [String: Any])?["email"] as? String == "desk@example.org")
        #expect(entry["categories"] as? [String] == ["Live"])
        let enclosure = try #require((entry["enclosures"] as? [[String: Any]])?.first)
        #expect(enclosure["url"] as? String == "https://cdn.example.org/qa.mp3")
        #expect(enclosure["length"] as? Int == 1234)
        #expect(entry["image"] as? String == "https://cdn.example.org/qa.jpg")
        #expect(feed.items.first?.title == "Q&A live", "the model's title is plain text")
    }

    @Test("Arabic stays readable (not \\u-escaped); control characters are escaped; bozo carries its reason")
    func escaping() throws {
        let rss = "<rss><channel><title>أخبار &nbsp;</title><item><title>سطر\u{1}</title></item></channel></rss>"
        let feed = try FeedParser.parse(Data(rss.utf8), url: nil, contentType: nil)
        let data = FeedJSON.encode(feed)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("أخبار"))
        let json = try Self.object(data)
        #expect(json["bozo"] as? Bool == true)
        #expect((json["bozo_exception"] as? String)?.isEmpty == false)
        let error = try Self.object(FeedJSON.encode(FeedError(.notAFeed, "the document is an HTML page")))
        #expect(error["bozo"] as? Bool == true)
        #expect(error["bozo_exception"] as? String == "the document is an HTML page")
        #expect((error["entries"] as? [Any])?.isEmpty == true)
    }

    @Test("large feeds are written in pieces, the same bytes as in one")
    func pieces() throws {
        var rss = "<rss><channel><title>big</title>"
        for index in 0..<3000 { rss += "<item><title>Item \(index) \(String(repeating: "x", count: 400))</title><guid>\(index)</guid></item>" }
        rss += "</channel></rss>"
        let feed = try FeedParser.parse(Data(rss.utf8), url: nil, contentType: nil)
        var pieces = 0
        var joined = Data()
        FeedJSON.write(feed) { bytes in
            pieces += 1
            joined.append(contentsOf: bytes)
        }
        #expect(pieces > 1)
        #expect(joined == FeedJSON.encode(feed))
        #expect((try Self.object(joined)["entries"] as? [Any])?.count == 3000)
    }
}
