import Foundation
import Testing

@testable import Feeds

@Suite("Broken, hostile and non-feed documents")
struct FeedSafetyTests {
    @Test("an unclosed tag is recovered and reported as not well-formed")
    func malformedFeed() throws {
        let xml = """
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>Broken</title>
            <item><title>First</title><link>https://b.example/1</link></item>
            <item><title>Second</title><link>https://b.example/2</link><description>cut off
            """
        let feed = try FeedParser.parse(Data(xml.utf8), url: nil, contentType: nil)
        #expect(feed.isWellFormed == false)
        #expect(feed.title == "Broken")
        #expect(feed.items.map(\.link) == ["https://b.example/1", "https://b.example/2"])
        #expect(feed.items.last?.summary == "cut off")
    }

    @Test("HTML entities XML does not define are read as characters; inside CDATA they stay well-formed")
    func htmlEntities() throws {
        let undeclared = "<rss><channel><title>caf&eacute;&nbsp;cr&egrave;me &amp; more &rsquo;</title></channel></rss>"
        let feed = try FeedParser.parse(Data(undeclared.utf8), url: nil, contentType: nil)
        #expect(feed.title == "café crème & more ’")
        #expect(feed.isWellFormed == false)
        let cdata = "<rss><channel><title>t</title><item><description><![CDATA[<p>caf&eacute;</p>]]></description></item></channel></rss>"
        let wellFormed = try FeedParser.parse(Data(cdata.utf8), url: nil, contentType: nil)
        #expect(wellFormed.isWellFormed)
        #expect(wellFormed.items.first?.summary == "café")
    }

    @Test("a well-formed feed says so")
    func wellFormedFeed() throws {
        let feed = try FeedParser.parse(Data("<rss><channel><title>ok</title></channel></rss>".utf8), url: nil, contentType: nil)
        #expect(feed.isWellFormed)
        #expect(feed.items.isEmpty)
    }

    @Test("an external entity (XXE) is never loaded")
    func externalEntity() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
            <rss version="2.0"><channel><title>XXE &x; end</title>
            <item><title>t</title><description>&x;</description><guid>g</guid></item></channel></rss>
            """
        let feed = try FeedParser.parse(Data(xml.utf8), url: nil, contentType: nil)
        let everything = [feed.title, feed.items.first?.summary, feed.items.first?.title].compactMap { $0 }.joined()
        #expect(!everything.contains("root:"))
        #expect(feed.title?.hasPrefix("XXE") == true)
    }

    @Test("a billion-laughs document finishes fast and small")
    func billionLaughs() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n"
        xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        for level in 2...9 {
            let previous = "&lol\(level - 1);"
            xml += "<!ENTITY lol\(level) \"\(String(repeating: previous, count: 10))\">\n"
        }
        xml += "]>\n<rss><channel><title>&lol9;</title><item><title>&lol9;</title><guid>a</guid></item></channel></rss>"
        let clock = ContinuousClock()
        var feed: Feed?
        let elapsed = clock.measure { feed = try? FeedParser.parse(Data(xml.utf8), url: nil, contentType: nil) }
        #expect(elapsed < .seconds(5))
        let sizes = [feed?.title, feed?.items.first?.title].compactMap { $0?.utf8.count }
        #expect(sizes.allSatisfy { $0 <= 2 << 20 })
    }

    @Test("an HTML page is not a feed")
    func htmlPage() {
        let html = "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"
        #expect(throws: FeedError.self) { try FeedParser.parse(Data(html.utf8), url: nil, contentType: "text/html") }
        do {
            _ = try FeedParser.parse(Data(html.utf8), url: nil, contentType: "text/html")
        } catch {
            #expect(error.code == .notAFeed)
            #expect(error.message.contains("HTML"))
        }
    }

    @Test("empty, whitespace, garbage, JSON and foreign XML are clear errors")
    func notFeeds() {
        func code(_ data: Data) -> FeedError.Code? {
            do {
                _ = try FeedParser.parse(data, url: nil, contentType: nil)
                return nil
            } catch { return error.code }
        }
        #expect(code(Data()) == .emptyDocument)
        #expect(code(Data("  \n\t ".utf8)) == .emptyDocument)
        #expect(code(Data([0x00, 0xFF, 0x13, 0x37, 0x42, 0x99, 0x00, 0x01])) == .notAFeed)
        #expect(code(Data("just some words".utf8)) == .notAFeed)
        #expect(code(Data("{\"rss\": {\"version\": \"2.0\"}}".utf8)) == .notAFeed, "JSON that is not a JSON Feed")
        #expect(code(Data("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [".utf8)) == .notAFeed, "cut off")
        #expect(code(Data("[1, 2]".utf8)) == .notAFeed)
        #expect(code(Data("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) == .notAFeed)
        #expect(code(Data("<<<>>>".utf8)) == .notAFeed)
    }

    @Test("a document with a hostile number of distinct element names still reads its items right")
    func manyNames() throws {
        var xml = "<rss><channel><title>names</title>"
        for index in 0..<20_000 { xml += "<x\(index)/>" }
        xml += "<item><title>عنوان</title><guid>g</guid><x19999>not a title</x19999><link>https://n.example/1</link></item>"
        xml += "<item><x7>a</x7><title>Second</title></item></channel></rss>"
        let feed = try FeedParser.parse(Data(xml.utf8), url: nil, contentType: nil)
        #expect(feed.items.map(\.title) == ["عنوان", "Second"])
        #expect(feed.items.first?.link == "https://n.example/1")
        #expect(feed.isWellFormed)
    }
}
