import Foundation
import Testing

@testable import Feeds

@Suite("Atom feeds")
struct AtomFeedTests {
    static let atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://blog.example.com/">
          <title type="text">Example   Blog</title>
          <subtitle type="html">News &amp;lt;b&amp;gt;and&amp;lt;/b&amp;gt; views</subtitle>
          <link rel="self" href="/atom.xml"/>
          <link rel="alternate" type="text/html" href="/"/>
          <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
          <updated>2024-05-01T12:00:00Z</updated>
          <author><name>Feed Author</name></author>
          <entry>
            <title type="html">Hello &amp;amp; &lt;em&gt;welcome&lt;/em&gt;</title>
            <link rel="alternate" type="application/pdf" href="/hello.pdf"/>
            <link href="posts/hello.html"/>
            <link rel="edit" href="/edit/1"/>
            <id>tag:blog.example.com,2024:1</id>
            <published>2024-04-30T10:00:00+02:00</published>
            <updated>2024-05-01T08:15:30.500Z</updated>
            <summary>A first post.</summary>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b>.</p></div></content>
            <author><name>Alice</name><email>alice@example.com</email></author>
            <author><name>Bob</name></author>
            <category term="intro" label="Introductions"/>
            <category term="meta"/>
          </entry>
          <entry xml:base="https://other.example.net/sub/">
            <title>مرحبا بالعالم</title>
            <link href="ar/1"/>
            <id>tag:blog.example.com,2024:2</id>
            <updated>2024-05-02T00:00:00Z</updated>
            <content type="html">&lt;p&gt;نص &lt;strong&gt;المقال&lt;/strong&gt;&lt;/p&gt;</content>
          </entry>
          <entry>
            <title>Plain text content</title>
            <id>tag:blog.example.com,2024:3</id>
            <content type="text">1 &lt; 2 &amp; 3 > 2</content>
          </entry>
        </feed>
        """

    @Test("Atom 1.0: links by rel and type, xml:base, text constructs, content kinds, authors")
    func atomFeed() throws {
        let feed = try FeedParser.parse(Data(Self.atom.utf8), url: "https://feeds.example.com/blog", contentType: "application/atom+xml")
        #expect(feed.format == .atom)
        #expect(feed.isWellFormed)
        #expect(feed.title == "Example Blog")
        #expect(feed.description == "News <b>and</b> views")
        #expect(feed.siteURL == "https://blog.example.com/")
        #expect(feed.language == "en")
        try #require(feed.items.count == 3)

        let first = feed.items[0]
        #expect(first.title == "Hello & welcome")
        #expect(first.link == "https://blog.example.com/posts/hello.html")
        #expect(first.guid == "tag:blog.example.com,2024:1")
        #expect(first.published == utc(2024, 4, 30, 8))
        #expect(first.updated == utc(2024, 5, 1, 8, 15, 30).addingTimeInterval(0.5))
        #expect(first.summary == "A first post.")
        #expect(first.contentHTML == "<p>Hello <b>world</b>.</p>")
        #expect(first.authors == ["Alice", "Bob"])
        #expect(first.categories == ["intro", "meta"])

        let second = feed.items[1]
        #expect(second.title == "مرحبا بالعالم")
        #expect(second.link == "https://other.example.net/sub/ar/1")
        #expect(second.contentHTML == "<p>نص <strong>المقال</strong></p>")
        #expect(second.summary == "نص المقال")
        #expect(second.published == nil)
        #expect(second.updated == utc(2024, 5, 2))
        #expect(second.authors == ["Feed Author"], "entries inherit the feed's authors")

        let third = feed.items[2]
        #expect(third.contentHTML == "1 &lt; 2 &amp; 3 &gt; 2")
        #expect(third.summary == "1 < 2 & 3 > 2")
        #expect(third.link == nil)
        #expect(third.identity == "tag:blog.example.com,2024:3")
    }
}
