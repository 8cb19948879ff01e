import Foundation
import Testing

@testable import Feeds

@Suite("RSS feeds")
struct RSSFeedTests {
    @Test("the seed feed: Arabic title exactly as written, guid, date in UTC", .enabled(if: Corpus.hasSeed, "needs ../shared/corpus/seed"))
    func seedFeed() throws {
        let feed = try FeedParser.parse(
            try Corpus.seedFile("feed.xml"), url: "https://example-news.test/world/rss.xml", contentType: "application/rss+xml")
        #expect(feed.format == .rss)
        #expect(feed.isWellFormed)
        #expect(feed.title == "أخبار المثال - العالم")
        #expect(feed.siteURL == "https://example-news.test/world")
        #expect(feed.description == "آخر الأخبار العربية والدولية")
        #expect(feed.language == "ar")
        try #require(feed.items.count == 1)
        let item = feed.items[0]
        #expect(item.title == "انطلاق اجتماع وزراء خارجية الدول الضامنة لمسار أستانة")
        #expect(item.guid == "example-news-118532")
        #expect(item.identity == "example-news-118532")
        #expect(item.link == "https://example-news.test/world/2018/03/16/astana-guarantors-meeting?utm_source=rss&utm_medium=feed")
        #expect(item.published == utc(2018, 3, 16, 6, 12))
        #expect(item.authors == ["قسم الأخبار الدولية"])
        #expect(item.categories == ["سوريا"])
        #expect(item.summary?.hasPrefix("انطلقت في العاصمة الكازاخية، اليوم الجمعة") == true)
        #expect(item.summary?.contains("\"أستانة\"") == true)
    }

    static let englishRSS = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
          <channel>
            <title>  The Example   Times </title>
            <link>/</link>
            <atom:link href="https://news.example.org/rss" rel="self" type="application/rss+xml"/>
            <description>All the news &amp; more</description>
            <language>en-us</language>
            <item>
              <title>Council &lt;b&gt;approves&lt;/b&gt; budget</title>
              <link>/2024/05/budget.html</link>
              <guid isPermaLink="true">https://news.example.org/2024/05/budget.html</guid>
              <description><![CDATA[<p>The council voted <b>7&ndash;2</b>.</p><p>Second paragraph.</p>]]></description>
              <content:encoded><![CDATA[<p>Full <em>story</em> here.</p>]]></content:encoded>
              <pubDate>Tue, 07 May 2024 14:30:00 -0400</pubDate>
              <author>editor@example.org (Jane Doe)</author>
              <dc:creator>John Roe</dc:creator>
              <category>Politics</category>
              <category> Local </category>
              <category>Politics</category>
            </item>
            <item>
              <title>Only a guid</title>
              <guid>https://news.example.org/2024/05/guid-only</guid>
              <dc:date>2024-05-08T09:00:00+02:00</dc:date>
            </item>
            <item>
              <title>No identity at all</title>
              <description>Nothing to track this by.</description>
            </item>
          </channel>
        </rss>
        """

    @Test("RSS 2.0 fields, relative links, CDATA, entities, authors and categories")
    func englishFeed() throws {
        let feed = try FeedParser.parse(Data(Self.englishRSS.utf8), url: "https://news.example.org/feeds/main.xml", contentType: nil)
        #expect(feed.title == "The Example Times")
        #expect(feed.siteURL == "https://news.example.org/")
        #expect(feed.description == "All the news & more")
        #expect(feed.language == "en-us")
        try #require(feed.items.count == 3)
        let first = feed.items[0]
        #expect(first.title == "Council approves budget")
        #expect(first.link == "https://news.example.org/2024/05/budget.html")
        #expect(first.guid == "https://news.example.org/2024/05/budget.html")
        #expect(first.summary == "The council voted 7–2.\n\nSecond paragraph.")
        #expect(first.contentHTML == "<p>Full <em>story</em> here.</p>")
        #expect(first.published == utc(2024, 5, 7, 18, 30))
        #expect(first.authors == ["Jane Doe", "John Roe"], "document order")
        #expect(first.authorEmail == "editor@example.org")
        #expect(first.categories == ["Politics", "Local"])

        let second = feed.items[1]
        #expect(second.link == "https://news.example.org/2024/05/guid-only")
        #expect(second.published == nil, "dc:date is read as updated, as feedparser does")
        #expect(second.updated == utc(2024, 5, 8, 7))
        #expect(second.identity == "https://news.example.org/2024/05/guid-only")

        #expect(feed.items[2].identity == nil)
        #expect(feed.items[2].published == nil)
    }

    @Test("a windows-1256 RSS feed decodes through iconv, declared in the XML declaration or only in HTTP")
    func windows1256Feed() throws {
        let title = "وزير الخارجية يلتقي نظيره الروسي في موسكو"
        let body = """
            <?xml version="1.0" encoding="windows-1256"?>
            <rss version="2.0"><channel><title>أخبار اليوم</title><link>https://akhbar.test/</link>
            <item><title>\(title)</title><link>https://akhbar.test/n/1</link>
            <description>بحث الجانبان العلاقات الثنائية، والأوضاع في المنطقة.</description>
            <pubDate>Sat, 17 Mar 2018 10:00 +0300</pubDate></item></channel></rss>
            """
        let bytes = try iconvEncode(body, to: "WINDOWS-1256")
        #expect(String(data: bytes, encoding: .utf8) == nil, "the fixture must really be windows-1256")

        let declared = try FeedParser.parse(bytes, url: nil, contentType: "application/rss+xml")
        #expect(declared.title == "أخبار اليوم")
        #expect(declared.items.first?.title == title)
        #expect(declared.items.first?.summary == "بحث الجانبان العلاقات الثنائية، والأوضاع في المنطقة.")
        #expect(declared.items.first?.published == utc(2018, 3, 17, 7))

        // The same bytes without the encoding in the declaration, charset only from HTTP.
        let undeclaredBody = body.replacingOccurrences(of: " encoding=\"windows-1256\"", with: "")
        let undeclared = try iconvEncode(undeclaredBody, to: "WINDOWS-1256")
        let fromHTTP = try FeedParser.parse(undeclared, url: nil, contentType: "text/xml; charset=windows-1256")
        #expect(fromHTTP.items.first?.title == title)

        // Declared nowhere: the bytes are not UTF-8, and detection recognises Arabic.
        let detected = try FeedParser.parse(undeclared, url: nil, contentType: "text/xml")
        #expect(detected.items.first?.title == title)
    }

    @Test("a channel's <ttl> is read in minutes; an item's, a bad or a missing one is not")
    func timeToLive() throws {
        func ttl(_ channel: String) throws -> TimeInterval? {
            try FeedParser.parse(
                Data("<rss version=\"2.0\"><channel><title>T</title>\(channel)</channel></rss>".utf8), url: "https://t.example/rss", contentType: nil
            ).timeToLive
        }
        #expect(try ttl("<ttl> 60 </ttl>") == 3600)
        #expect(try ttl("<item><ttl>60</ttl></item>") == nil)
        #expect(try ttl("<ttl>soon</ttl>") == nil)
        #expect(try ttl("<ttl>-5</ttl>") == nil)
        #expect(try ttl("") == nil)
        #expect(try ttl("<ttl>99999999</ttl>") == 7 * 86_400)
    }

    @Test("an HTTP charset overrides the XML declaration (RFC 7303)")
    func httpCharsetWins() throws {
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>Caf\u{E9} cr\u{E8}me</title></channel></rss>"
        let latin1 = try iconvEncode(body, to: "ISO-8859-1")
        let feed = try FeedParser.parse(latin1, url: nil, contentType: "application/xml; charset=ISO-8859-1")
        #expect(feed.title == "Café crème")
    }

    @Test("RSS 1.0 (RDF): items beside the channel")
    func rdfFeed() throws {
        let rdf = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://r.example/"><title>RDF site</title><link>https://r.example/</link>
                <description>d</description></channel>
              <item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link>
                <dc:date>2003-12-13T18:30:02Z</dc:date><dc:creator>Mark</dc:creator><dc:subject>web</dc:subject></item>
            </rdf:RDF>
            """
        let feed = try FeedParser.parse(Data(rdf.utf8), url: nil, contentType: nil)
        #expect(feed.format == .rss)
        #expect(feed.title == "RDF site")
        #expect(feed.items.count == 1)
        #expect(feed.items.first?.guid == "https://r.example/1")
        #expect(feed.items.first?.updated == utc(2003, 12, 13, 18, 30, 2))
        #expect(feed.items.first?.authors == ["Mark"])
        #expect(feed.items.first?.categories == ["web"])
    }
}
