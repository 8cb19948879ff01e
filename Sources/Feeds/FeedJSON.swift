import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A parsed feed as JSON in the shape Python feedparser's results are compared in
/// (`../shared/tools/feed_conformance.py`): what `newsctl parse` prints.
///
///     {"bozo": false, "version": "rss20", "encoding": "UTF-8",
///      "feed": {"title", "link", "subtitle", "language", "updated"},
///      "entries": [{"id", "title", "link", "published", "updated", "summary", "content",
///                   "author": {"name", "email"}, "authors": [...], "categories": [...],
///                   "enclosures": [{"url", "type", "length"}], "image"}]}
///
/// Text is given the way the feed typed it (plain text as is, HTML sanitised), absent values
/// are left out, times are RFC 3339 UTC to the second. A document that is not a feed gives
/// `{"bozo": true, "bozo_exception": "...", "feed": {}, "entries": []}`. Written straight to
/// bytes: printing costs little next to parsing.
public enum FeedJSON {
    /// The JSON of a parsed feed, with a trailing newline.
    public static func encode(_ feed: Feed) -> Data {
        var data = Data()
        write(feed) { data.append(contentsOf: $0) }
        return data
    }

    /// Writes the JSON of a parsed feed, with a trailing newline, to `sink` in pieces of
    /// about a megabyte (so a large feed is never held twice).
    public static func write(_ feed: Feed, to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        var writer = JSONWriter()
        writer.reserve(min(feed.items.count, 512) * 4096 + 1024)
        writer.open("{")
        writer.key("bozo")
        writer.raw(feed.isWellFormed ? "false" : "true")
        if let note = feed.recoveryNote, !feed.isWellFormed { writer.field("bozo_exception", note) }
        writer.field("version", feed.version)
        writer.field("encoding", feed.charset)
        writer.key("feed")
        writer.open("{")
        writer.field("title", feed.titleText)
        writer.field("link", feed.siteURL)
        writer.field("subtitle", feed.subtitle)
        writer.field("language", feed.language)
        writer.field("updated", feed.updated.map(timestamp))
        writer.close("}")
        writer.key("entries")
        writer.open("[")
        for item in feed.items {
            writer.element()
            entry(item, into: &writer)
            if writer.count >= 1 << 20 { writer.flush(to: sink) }
        }
        writer.close("]")
        writer.close("}")
        writer.raw("\n")
        writer.flush(to: sink)
    }

    /// The JSON for a document that could not be read as a feed.
    public static func encode(_ error: FeedError) -> Data {
        var writer = JSONWriter()
        writer.open("{")
        writer.key("bozo")
        writer.raw("true")
        writer.field("bozo_exception", error.message)
        writer.key("feed")
        writer.raw("{}")
        writer.key("entries")
        writer.raw("[]")
        writer.close("}")
        writer.raw("\n")
        return writer.data
    }

    private static func entry(_ item: FeedItem, into writer: inout JSONWriter) {
        writer.open("{")
        writer.field("id", item.id)
        writer.field("title", item.titleText)
        writer.field("link", item.link)
        writer.field("published", item.published.map(timestamp))
        writer.field("updated", item.updated.map(timestamp))
        writer.field("summary", item.summaryText)
        writer.field("content", item.content)
        if let author = item.authorDetails.first {
            writer.key("author")
            person(author, into: &writer)
            writer.key("authors")
            writer.open("[")
            for author in item.authorDetails {
                writer.element()
                person(author, into: &writer)
            }
            writer.close("]")
        }
        if !item.categories.isEmpty {
            writer.key("categories")
            writer.open("[")
            for category in item.categories {
                writer.element()
                writer.string(category)
            }
            writer.close("]")
        }
        if !item.enclosures.isEmpty {
            writer.key("enclosures")
            writer.open("[")
            for enclosure in item.enclosures {
                writer.element()
                writer.open("{")
                writer.field("url", enclosure.url)
                writer.field("type", enclosure.type)
                if let length = enclosure.length {
                    writer.key("length")
                    writer.raw(String(length))
                }
                writer.close("}")
            }
            writer.close("]")
        }
        writer.field("image", item.imageURL)
        writer.close("}")
    }

    private static func person(_ person: FeedPerson, into writer: inout JSONWriter) {
        writer.open("{")
        writer.field("name", person.name)
        writer.field("email", person.email)
        writer.field("href", person.url)
        writer.close("}")
    }

    /// `2024-05-07T18:30:00Z`.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = Int(parts.tm_year) + 1900
        let yearText = year >= 0 && year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(yearText)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// Appends JSON to a byte buffer: objects and arrays with commas placed, strings escaped.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    var data: Data { Data(bytes) }

    /// Bytes written and not yet flushed.
    var count: Int { bytes.count }

    /// Hands the bytes written so far to `sink` and starts over.
    mutating func flush(to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { sink($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func reserve(_ capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func open(_ bracket: StaticString) {
        append(bracket)
        needsComma = false
    }

    mutating func close(_ bracket: StaticString) {
        append(bracket)
        needsComma = true
    }

    /// Before an array element.
    mutating func element() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = false
    }

    mutating func key(_ name: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        append(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A string member, left out when the value is nil.
    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// A text member as the feed typed it, left out when absent.
    mutating func field(_ name: StaticString, _ value: FeedText?) {
        guard let value else { return }
        key(name)
        value.utf8.withUnsafeBufferPointer { string(utf8: $0) }
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(utf8: $0) }
    }

    /// A string given as UTF-8 bytes.
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        while start < utf8.count {
            let index = ByteScan.firstJSONEscape(in: utf8, from: start)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            guard index < utf8.count else { break }
            escape(utf8[index])
            start = index + 1
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
