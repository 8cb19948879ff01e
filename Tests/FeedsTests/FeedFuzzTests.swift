import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

import FeedFarm
import Feeds

/// Seeded random mutation of feeds (ours and, when present, the conformance and real-world
/// corpora) through everything that reads untrusted bytes: the feed parser (XML and JSON),
/// the JSON it prints, plain-text rendering, feed discovery and OPML. Nothing may crash, and no
/// input may take long (a hang).
///
/// The suite runs one second of CPU. Run it long, e.g. ten minutes of CPU, in release mode:
///
///     NEWSD_FUZZ_SECONDS=600 swift test -c release -Xswiftc -enable-testing --filter FeedFuzzTests
///
/// `NEWSD_FUZZ_SEED` picks another sequence; a failing input is written to
/// `$TMPDIR/newsd-fuzz-<seed>-<n>.bin` before the check that reports it.
@Suite("Feed parser fuzzing")
struct FeedFuzzTests {
    static let environment = ProcessInfo.processInfo.environment

    /// Feeds to mutate: our own fixtures, in English and Arabic, every format.
    static let builtInSeeds: [String] = [
        """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
             xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
        <channel><title>Example &amp; Co</title><link>https://example.org/</link><atom:link rel="self" href="/rss"/>
        <item><title>Council &lt;b&gt;votes&lt;/b&gt;</title><link>/a?x=1&amp;y=2</link><guid isPermaLink="false">a</guid>
        <description><![CDATA[<p onclick="x">Hi <a href="javascript:1">x</a><img src=/i.png alt="">&nbsp;</p>]]></description>
        <content:encoded><![CDATA[<div><svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg><math>x</math></div>]]></content:encoded>
        <pubDate>Tue, 07 May 2024 14:30:00 -0400</pubDate><dc:creator>Jo &lt;jo@example.org&gt;</dc:creator>
        <category domain="d">News</category><enclosure url="a.mp3" length="12" type="audio/mpeg"/><media:thumbnail url="t.jpg"/>
        </item></channel></rss>
        """,
        """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar" xml:base="https://akhbar.example/">
        <title type="html">أخبار &lt;em&gt;اليوم&lt;/em&gt;</title><subtitle type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">نص <b>عريض</b></div></subtitle>
        <entry><id>tag:akhbar.example,2024:1</id><title>مرحبا بالعالم</title><link href="ar/1"/><link rel="enclosure" href="v.mp4" type="video/mp4"/>
        <updated>2024-05-02T00:00:00Z</updated><author><name>محرر</name><email>e@akhbar.example</email></author>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p dir="rtl">نص <a href="x">المقال</a></p></div></content>
        <summary type="text">1 &lt; 2</summary><category term="سياسة"/></entry></feed>
        """,
        """
        <?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <channel rdf:about="https://r.example/"><title>RDF</title><link>https://r.example/</link><description>d</description></channel>
        <item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link></item></rdf:RDF>
        """,
        """
        {"version": "https://jsonfeed.org/version/1.1", "title": "JSON", "items": [{"id": 1, "title": "عنوان",
         "content_html": "<p>x</p>", "date_published": "2024-05-07T14:30:00Z", "tags": ["a"], "attachments": [{"url": "/a.mp3"}]}]}
        """,
        """
        <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "entity &#38; text"><!ENTITY d "&e;&e;">]>
        <rss version="0.91"><channel><title>&d;</title><item><title>&e; &eacute;</title><description>&lt;![CDATA[x]]&gt;</description></item></channel></rss>
        """,
        """
        <opml version="2.0"><head><title>subs</title></head><body><outline text="World"><outline type="rss" text="A"
         xmlUrl="https://a.example/rss" category="/x/y"/></outline></body></opml>
        """,
        """
        <html><head><base href="/b/"><link rel="alternate" type="application/rss+xml" href="feed.xml" title="Feed"></head><body>x</body></html>
        """,
    ]

    /// Byte strings mutations splice in: markup that drives the parser into its corners.
    static let dictionary: [[UInt8]] = [
        "<![CDATA[", "]]>", "<!--", "-->", "&", "&#", "&#x", ";", "&amp;", "&nbsp;", "&#146;", "&#X41;", "<", ">", "</", "/>",
        "\"", "'", "=", "<?xml version=\"1.0\" encoding=\"windows-1256\"?>", "encoding=\"utf-16\"", "<!DOCTYPE x [", "<!ENTITY",
        "xmlns=\"http://www.w3.org/2005/Atom\"", "xml:base=\"javascript:x\"", "type=\"xhtml\"", "type=\"html\"", "mode=\"base64\"",
        "<div xmlns=\"http://www.w3.org/1999/xhtml\">", "</div>", "<item>", "</item>", "<entry>", "<content>", "<title>",
        "<script>", "</script>", "<svg xmlns=\"http://www.w3.org/2000/svg\">", "<math>", "\u{0}", "\u{7}", "\u{FEFF}",
        "مرحبا", "\u{202E}", "{", "}", "[", "]", "\"items\":", "\"version\":\"https://jsonfeed.org/version/1\"",
    ].map { Array($0.utf8) } + [[0xFF], [0xFE, 0xFF], [0xC3], [0xE2, 0x80], [0xEF, 0xBB, 0xBF], [0x80, 0x81]]

    static func mutate(_ input: [UInt8], _ random: inout SeededRandom, seeds: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(8) {
            let position = random.below(bytes.count + 1)
            switch random.below(9) {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
            case 1 where !bytes.isEmpty:
                bytes.remove(at: min(position, bytes.count - 1))
            case 2:
                bytes.insert(contentsOf: dictionary[random.below(dictionary.count)], at: position)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + random.below(64))
                let chunk = Array(bytes[min(position, end)..<end])
                bytes.insert(contentsOf: chunk, at: random.below(bytes.count + 1))
            case 4:
                bytes = Array(bytes.prefix(position))
            case 5 where !bytes.isEmpty:
                let start = min(position, bytes.count - 1)
                bytes.removeSubrange(start..<min(bytes.count, start + random.below(32)))
            case 6:
                let other = seeds[random.below(seeds.count)]
                let from = random.below(other.count + 1)
                bytes.insert(contentsOf: other[from..<min(other.count, from + random.below(256))], at: position)
            case 7 where !bytes.isEmpty:
                // Flip one bit.
                let index = min(position, bytes.count - 1)
                bytes[index] ^= 1 << UInt8(random.below(8))
            default:
                bytes.insert(contentsOf: [UInt8](repeating: bytes.isEmpty ? 0x3C : bytes[min(position, bytes.count - 1)], count: random.below(16)), at: position)
            }
        }
        return bytes
    }

    /// Everything that reads untrusted bytes, on one input.
    static func exercise(_ bytes: [UInt8]) {
        let data = Data(bytes)
        for contentType in [nil, "text/xml; charset=windows-1256"] {
            do {
                let feed = try FeedParser.parse(data, url: "https://fuzz.example/feed", contentType: contentType)
                _ = FeedJSON.encode(feed)
                _ = feed.title
                for item in feed.items.prefix(3) {
                    _ = item.summary
                    _ = item.title
                }
            } catch {
                _ = FeedJSON.encode(error)
            }
        }
        _ = try? OPML.parse(data)
        _ = FeedDiscovery.linkedFeeds(inPage: data, url: "https://fuzz.example/page", contentType: "text/html")
    }

    static func seeds() -> [[UInt8]] {
        var seeds = builtInSeeds.map { Array($0.utf8) }
        for folder in ["feedparser-conformance", "real-feeds"] {
            let directory = Corpus.root.appendingPathComponent(folder)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".xml") || (file.hasSuffix(".json") && !file.hasSuffix(".case.json")) {
                if let data = try? Data(contentsOf: directory.appendingPathComponent(file)), data.count < 200_000 {
                    seeds.append(Array(data))
                }
            }
        }
        return seeds
    }

    @Test("mutated feeds never crash or hang the parser")
    func fuzz() throws {
        let seconds = Double(Self.environment["NEWSD_FUZZ_SECONDS"] ?? "") ?? 1
        let seed = UInt64(Self.environment["NEWSD_FUZZ_SEED"] ?? "") ?? 20_260_101
        let seeds = Self.seeds()
        var random = SeededRandom(seed: seed)
        let clock = ContinuousClock()
        // The budget is CPU time (the machine may be shared); a hang is judged by the wall clock.
        let deadline = Self.cpuSeconds() + seconds
        var runs = 0
        var slowest = Duration.zero
        while Self.cpuSeconds() < deadline {
            let input = Self.mutate(seeds[random.below(seeds.count)], &random, seeds: seeds)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-fuzz-\(seed)-\(runs).bin")
            // Written first, so a crash leaves the input behind; removed when it passed.
            if seconds > 30 { try Data(input).write(to: path) }
            let elapsed = clock.measure { Self.exercise(input) }
            slowest = max(slowest, elapsed)
            if elapsed > .seconds(2) { try Data(input).write(to: path) }
            #expect(elapsed < .seconds(2), "input \(runs) (\(input.count) bytes) took \(elapsed): saved at \(path.path)")
            if seconds > 30, elapsed < .seconds(2) { try? FileManager.default.removeItem(at: path) }
            runs += 1
        }
        #expect(runs > 50, "ran \(runs) inputs")
        print("fuzz: \(runs) inputs from \(seeds.count) seeds in \(seconds) s of CPU, slowest \(slowest)")
    }

    /// This thread's CPU time in seconds.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
