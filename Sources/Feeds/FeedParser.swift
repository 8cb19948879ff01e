import Foundation
import Markup

/// Parses RSS (0.9x, 1.0, 2.0) and Atom (1.0, 0.3) documents into a ``Feed``.
///
/// Pure: bytes in, a value out. The charset follows RFC 7303 (byte-order mark, then the HTTP
/// `charset`, then the XML declaration, then UTF-8), with detection overruling a declaration the
/// bytes contradict. External entities and DTDs are never loaded; broken XML is recovered as far
/// as possible and reported through ``Feed/isWellFormed``.
public enum FeedParser {
    /// Parses a feed document.
    ///
    /// - Parameters:
    ///   - data: the response body.
    ///   - url: the address it was fetched from, the base for relative links.
    ///   - contentType: the HTTP `Content-Type`, if any (its `charset` is honoured).
    /// - Returns: the feed, items in document order.
    /// - Throws: ``FeedError`` when the body is empty or is not an RSS or Atom document.
    public static func parse(_ data: Data, url: String?, contentType: String?) throws(FeedError) -> Feed {
        try sniff(data)
        let decision = CharsetDetector.xmlCharset(for: data, contentType: contentType)
        let document: XMLDocument
        do {
            document = try XMLDocument(data: data, encoding: decision?.charset, url: url)
        } catch {
            throw FeedError(.notAFeed, "the document is not XML (\(error.message)); expected an RSS or Atom feed")
        }
        guard let root = document.root else {
            throw FeedError(.notAFeed, "the document has no root element; expected an RSS or Atom feed")
        }
        var feed: Feed
        switch root.name.lowercased() {
        case "rss", "rdf", "channel":
            feed = RSSReader.read(root)
        case "feed":
            feed = AtomReader.read(root)
        case "html", "body", "head":
            throw FeedError(.notAFeed, "the document is an HTML page, not a feed (look for a <link rel=alternate> feed in it)")
        default:
            throw FeedError(.notAFeed, "the document's root element is <\(root.name)>, not <rss>, <rdf:RDF> or <feed>")
        }
        feed.isWellFormed = document.isWellFormed
        return feed
    }

    /// Rejects what is plainly not an XML feed before handing it to libxml2.
    static func sniff(_ data: Data) throws(FeedError) {
        var bytes = data.prefix(1024)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            if data.count > 1024 {
                throw FeedError(.notAFeed, "the document starts with more than 1 KiB of whitespace")
            }
            throw FeedError(.emptyDocument, "the document is empty")
        }
        let isUTF16 = data.count >= 2 && (data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
            || data[data.startIndex] == 0 || data[data.startIndex + 1] == 0)
        if isUTF16 { return }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            throw FeedError(.notAFeed, "the document is JSON, not an RSS or Atom feed")
        }
        if first != UInt8(ascii: "<") {
            throw FeedError(.notAFeed, "the document does not start with markup; expected an RSS or Atom feed")
        }
        let head = String(decoding: bytes, as: UTF8.self).lowercased()
        let start = head.drop { $0.isWhitespace }
        if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") {
            throw FeedError(.notAFeed, "the document is an HTML page, not a feed (look for a <link rel=alternate> feed in it)")
        }
    }
}
