import Foundation
import Testing

@testable import Feeds

@Suite("JSON Feed")
struct JSONFeedTests {
    static let english = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "My Example Feed", "home_page_url": "https://example.org/",
         "feed_url": "https://example.org/feed.json", "description": "Notes and links", "language": "en-GB",
         "authors": [{"name": "Feed Writer", "url": "https://example.org/me"}],
         "items": [
           {"id": "2", "content_text": "This is a second item.", "url": "https://example.org/second-item", "title": "Second",
            "date_published": "2024-05-07T14:30:00-04:00", "tags": ["news", "local", "news"],
            "attachments": [{"url": "/audio/2.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 123456}]},
           {"id": 1, "content_html": "<p onclick=\\"x()\\">Hello, <script>alert(1)</script><b>world</b>!</p>",
            "url": "https://example.org/initial-post", "summary": "First post", "date_modified": "2024-05-08T09:00:00Z",
            "image": "img/1.png", "authors": [{"name": "Guest"}]}
         ]}
        """

    @Test("JSON Feed 1.1: fields, dates in UTC, tags, attachments as enclosures, sanitised HTML, authors")
    func englishFeed() throws {
        let feed = try FeedParser.parse(Data(Self.english.utf8), url: "https://example.org/feeds/main.json", contentType: "application/feed+json")
        #expect(feed.format == .json)
        #expect(feed.version == "json11")
        #expect(feed.isWellFormed)
        #expect(feed.title == "My Example Feed")
        #expect(feed.siteURL == "https://example.org/")
        #expect(feed.description == "Notes and links")
        #expect(feed.language == "en-GB")
        try #require(feed.items.count == 2)

        let second = feed.items[0]
        #expect(second.guid == "2")
        #expect(second.link == "https://example.org/second-item")
        #expect(second.title == "Second")
        #expect(second.content == FeedText("This is a second item.", kind: .plain))
        #expect(second.summary == "This is a second item.", "the content stands in for a missing summary")
        #expect(second.published == utc(2024, 5, 7, 18, 30))
        #expect(second.categories == ["news", "local"])
        #expect(second.enclosures == [FeedEnclosure(url: "https://example.org/audio/2.mp3", type: "audio/mpeg", length: 123456)])
        #expect(second.authors == ["Feed Writer"], "items without authors take the feed's")

        let first = feed.items[1]
        #expect(first.guid == "1", "a numeric id is read as its decimal text")
        #expect(first.contentHTML == "<p>Hello, <b>world</b>!</p>")
        #expect(first.summary == "First post")
        #expect(first.updated == utc(2024, 5, 8, 9))
        #expect(first.published == nil)
        #expect(first.imageURL == "https://example.org/feeds/img/1.png")
        #expect(first.authors == ["Guest"])
    }

    @Test("JSON Feed 1.0 in Arabic: author, right-to-left text exactly as written")
    func arabicFeed() throws {
        let json = """
            {"version": "https://jsonfeed.org/version/1", "title": "أخبار المثال", "home_page_url": "https://akhbar.example/",
             "author": {"name": "محرر الأخبار"},
             "items": [{"id": "ar-1", "url": "https://akhbar.example/1", "title": "انطلاق اجتماع وزراء الخارجية",
                        "content_html": "<p>بحث الجانبان <strong>العلاقات الثنائية</strong>.</p>",
                        "date_published": "2018-03-16T09:12:00+03:00"}]}
            """
        let feed = try FeedParser.parse(Data(json.utf8), url: nil, contentType: nil)
        #expect(feed.version == "json10")
        #expect(feed.title == "أخبار المثال")
        let item = try #require(feed.items.first)
        #expect(item.title == "انطلاق اجتماع وزراء الخارجية")
        #expect(item.authors == ["محرر الأخبار"])
        #expect(item.summary == "بحث الجانبان العلاقات الثنائية.")
        #expect(item.published == utc(2018, 3, 16, 6, 12))
    }

    @Test("JSON that is not a JSON Feed is refused with a reason")
    func notJSONFeed() {
        do {
            _ = try FeedParser.parse(Data("{\"rss\": {\"channel\": {}}}".utf8), url: nil, contentType: "application/json")
            Issue.record("parsed")
        } catch {
            #expect(error.code == .notAFeed)
            #expect(error.message.contains("jsonfeed.org"))
        }
    }
}
