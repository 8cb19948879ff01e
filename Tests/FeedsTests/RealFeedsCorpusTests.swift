import Foundation
import Testing

@testable import Feeds

/// Every real-world feed of `../shared/corpus/real-feeds` parses with the number of entries
/// Python feedparser finds (SOURCES.txt) and readable titles, legacy charsets included.
@Suite("Real-world feeds", .enabled(if: Corpus.hasRealFeeds, "needs ../shared/corpus/real-feeds"))
struct RealFeedsCorpusTests {
    /// (file, entries) from SOURCES.txt's "feedparser: ... entries=N" lines.
    static func expectations() throws -> [(file: String, entries: Int)] {
        let sources = try String(contentsOf: Corpus.realFeeds.appendingPathComponent("SOURCES.txt"), encoding: .utf8)
        var result: [(String, Int)] = []
        var current: String?
        for line in sources.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" "), line.hasSuffix(".xml") || line.hasSuffix(".json") {
                current = String(line)
            } else if let file = current, let range = line.range(of: "entries=") {
                result.append((file, Int(line[range.upperBound...].prefix { $0.isNumber }) ?? -1))
                current = nil
            }
        }
        return result
    }

    /// Marks of text decoded with the wrong charset, or not decoded at all.
    static func looksGarbled(_ text: String) -> Bool {
        text.contains("\u{FFFD}") || text.contains("Ã") || text.contains("â€") || text.contains("Ø§") || text.contains("×")
            || text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) } || text.contains("&#") || text.contains("&amp;")
    }

    @Test("each file: entries as feedparser counts them, readable titles")
    func everyFile() throws {
        let expected = try Self.expectations()
        let files = try FileManager.default.contentsOfDirectory(atPath: Corpus.realFeeds.path).filter { $0 != "SOURCES.txt" }
        #expect(files.count == expected.count, "every file has a SOURCES.txt entry")
        #expect(files.count >= 39)
        for (file, entries) in expected {
            let data = try Data(contentsOf: Corpus.realFeeds.appendingPathComponent(file))
            if file == "scriptingnews.feed.json" {
                // RSS mapped to JSON: not a JSON Feed (feedparser: bozo, no entries).
                #expect(throws: FeedError.self, "\(file)") { try FeedParser.parse(data, url: nil, contentType: nil) }
                continue
            }
            let feed = try FeedParser.parse(data, url: "https://feeds.example/\(file)", contentType: nil)
            #expect(feed.items.count == entries, "\(file): \(feed.items.count) entries, feedparser finds \(entries)")
            #expect(feed.title.map(Self.looksGarbled) != true, "\(file): feed title \(feed.title ?? "")")
            for item in feed.items {
                guard let title = item.title else { continue }
                #expect(!Self.looksGarbled(title), "\(file): \(title)")
                #expect(!title.contains("<"), "\(file): markup left in \(title)")
            }
            #expect(feed.items.contains { $0.identity != nil } || feed.items.isEmpty, "\(file): items can be tracked")
        }
    }

    @Test(
        "legacy-encoded feeds read in their own script",
        arguments: [
            ("hydepark-he.windows-1255.rss.xml", "WINDOWS-1255", 0x05D0...0x05EA),
            ("notes-co-il-he.windows-1255.rss.xml", "WINDOWS-1255", 0x05D0...0x05EA),
            ("whatsup-org-il-he.windows-1255.rss.xml", "WINDOWS-1255", 0x05D0...0x05EA),
            ("ibash-ru.windows-1251.rss.xml", "WINDOWS-1251", 0x0410...0x044F),
            ("xakep-ru.windows-1251.rss.xml", "WINDOWS-1251", 0x0410...0x044F),
            ("kc0011.gb2312.rss.xml", "GB18030", 0x4E00...0x9FFF),
            ("bbcurdu.rss.xml", "UTF-8", 0x0600...0x06FF),
        ])
    func scripts(_ file: String, _ charset: String, _ letters: ClosedRange<UInt32>) throws {
        let feed = try FeedParser.parse(try Data(contentsOf: Corpus.realFeeds.appendingPathComponent(file)), url: nil, contentType: nil)
        #expect(feed.charset == charset)
        let titles = feed.items.compactMap(\.title)
        let inScript = titles.filter { $0.unicodeScalars.contains { letters.contains($0.value) } }
        #expect(inScript.count * 2 >= titles.count, "\(file): most titles are in the script (\(inScript.count)/\(titles.count))")
    }

    @Test("undeclared Latin-1 feeds are detected, and marked as not well-formed as feedparser does")
    func undeclaredLatin1() throws {
        for file in ["cercle-psy.undeclared-iso-8859-1.rss.xml", "uol-noticias.undeclared-latin1.rss.xml"] {
            let feed = try FeedParser.parse(try Data(contentsOf: Corpus.realFeeds.appendingPathComponent(file)), url: nil, contentType: nil)
            #expect(feed.charset == "WINDOWS-1252")
            #expect(!feed.isWellFormed)
            #expect(feed.items.contains { $0.title?.unicodeScalars.contains { (0xC0...0xFF).contains($0.value) } == true }, "\(file)")
        }
    }
}
