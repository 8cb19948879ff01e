import Foundation
import Testing

@testable import Feeds

@Suite("OPML")
struct OPMLTests {
    static let nested = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0">
          <head><title>My   subscriptions</title></head>
          <body>
            <outline text="World">
              <outline text="Middle East" title="Middle East">
                <outline type="rss" text="أخبار المثال" xmlUrl="https://akhbar.example/rss.xml" htmlUrl="https://akhbar.example/"/>
              </outline>
              <outline type="rss" text="Example Times" title="The Example Times" xmlURL="https://times.example/feed" category="/News/Daily,politics"/>
            </outline>
            <outline type="rss" text="Top level" xmlurl="https://top.example/atom.xml"/>
            <outline text="Tech"><outline type="rss" text="Again" xmlUrl="https://times.example/feed"/></outline>
            <outline text="Empty folder"/>
          </body>
        </opml>
        """

    @Test("nested folders become tags, outermost first; category paths too; duplicates once")
    func parseNested() throws {
        let (title, subscriptions) = try OPML.parse(Data(Self.nested.utf8))
        #expect(title == "My subscriptions")
        #expect(subscriptions == [
            OPMLSubscription(url: "https://akhbar.example/rss.xml", title: "أخبار المثال", siteURL: "https://akhbar.example/", tags: ["World", "Middle East"]),
            OPMLSubscription(url: "https://times.example/feed", title: "The Example Times", tags: ["World", "News", "Daily", "politics"]),
            OPMLSubscription(url: "https://top.example/atom.xml", title: "Top level", tags: []),
        ])
    }

    @Test("written documents read back with the same subscriptions, Arabic and special characters included")
    func roundTrip() throws {
        let subscriptions = [
            OPMLSubscription(url: "https://akhbar.example/rss.xml?a=1&b=2", title: "أخبار \"اليوم\" <عاجل>", tags: ["عربي", "world"]),
            OPMLSubscription(url: "https://times.example/feed", title: "Times", siteURL: "https://times.example/", tags: ["world"]),
            OPMLSubscription(url: "https://plain.example/feed.json", title: nil, tags: []),
        ]
        let text = OPML.document(title: "newsd & co", subscriptions: subscriptions)
        #expect(text.contains("xmlUrl=\"https://akhbar.example/rss.xml?a=1&amp;b=2\""))
        let (title, read) = try OPML.parse(Data(text.utf8))
        #expect(title == "newsd & co")
        #expect(Set(read.map(\.url)) == Set(subscriptions.map(\.url)))
        for subscription in subscriptions {
            let back = try #require(read.first { $0.url == subscription.url })
            #expect(back.tags == subscription.tags)
            #expect(back.title == (subscription.title ?? subscription.url))
            #expect(back.siteURL == subscription.siteURL)
        }
    }

    @Test("a file that is not OPML is refused with a reason")
    func notOPML() {
        for text in ["<rss><channel/></rss>", "not xml at all", ""] {
            #expect(throws: FeedError.self) { try OPML.parse(Data(text.utf8)) }
        }
        do {
            _ = try OPML.parse(Data("<rss/>".utf8))
        } catch {
            #expect(error.code == .notOPML)
            #expect(error.message.contains("<opml>"))
        }
    }
}
