import Foundation
import Markup

/// Parses feed documents: RSS 0.90–0.94 and 2.0, RSS 1.0 (RDF), CDF, Atom 0.3 and 1.0, and
/// JSON Feed 1.0 and 1.1, into a ``Feed``.
///
/// Pure: bytes in, a value out. XML is streamed through libxml2's SAX parser (no tree), so a
/// large feed costs little beyond libxml2's own parse. The charset follows RFC 7303
/// (``FeedCharset``); external entities and DTDs are never loaded, entity expansion and text
/// are bounded; broken documents are recovered as far as possible and reported through
/// ``Feed/isWellFormed`` and ``Feed/recoveryNote`` (feedparser's "bozo").
public enum FeedParser {
    /// Parses a feed document.
    ///
    /// - Parameters:
    ///   - data: the response body.
    ///   - url: the address it was fetched from, the base for relative links.
    ///   - contentType: the HTTP `Content-Type`, if any (its `charset` is honoured).
    ///   - contentLocation: the HTTP `Content-Location`, if any (a base for relative links
    ///     that overrides `url`).
    ///   - contentLanguage: the HTTP `Content-Language`, if any (the feed's language unless
    ///     the feed says otherwise).
    /// - Returns: the feed, items in document order.
    /// - Throws: ``FeedError`` when the body is empty or is not a feed (an HTML page, other
    ///   XML, JSON that is not a JSON Feed, anything else).
    public static func parse(
        _ data: Data, url: String?, contentType: String?, contentLocation: String? = nil, contentLanguage: String? = nil
    ) throws(FeedError) -> Feed {
        switch try sniff(data) {
        case .json:
            return try JSONFeedReader.read(data, url: url)
        case .xml:
            return try parseXML(data, url: url, contentType: contentType, contentLocation: contentLocation,
                contentLanguage: contentLanguage)
        }
    }

    static func parseXML(
        _ data: Data, url: String?, contentType: String?, contentLocation: String?, contentLanguage: String?
    ) throws(FeedError) -> Feed {
        let prepared = FeedCharset.prepare(data, contentType: contentType)
        let events = XMLFeedEvents(
            reader: XMLFeedReader(documentURL: url, contentLocation: contentLocation, contentLanguage: contentLanguage))
        let result = XMLStreamParser.parse(
            prepared.data, encoding: prepared.parserEncoding, isValidUTF8: prepared.parserEncoding == "UTF-8", delegate: events)
        guard let root = events.reader.rootName else {
            throw FeedError(.notAFeed, "the document holds no XML element (\(result.firstError ?? "nothing to read")); expected a feed")
        }
        switch root.localName.lowercased() {
        case "rss", "rdf", "feed", "channel":
            break
        case "html", "body", "head":
            throw FeedError(.notAFeed, "the document is an HTML page, not a feed (look for a <link rel=alternate> feed in it)")
        default:
            throw FeedError(.notAFeed, "the document's root element is <\(root.qualifiedName)>, not <rss>, <rdf:RDF>, <feed> or <channel>")
        }
        events.reader.endOpenElements()
        var feed = events.reader.makeFeed()
        if feed.version.hasPrefix("rss"), declaresNetscapeDoctype(data) { feed.version = "rss091n" }
        if feed.version.isEmpty, root.localName.lowercased() == "channel" { feed.version = "cdf" }
        feed.isWellFormed = result.isWellFormed && prepared.problem == nil
        feed.recoveryNote = prepared.problem ?? result.firstError
        feed.charset = prepared.charset
        return feed
    }

    enum Syntax { case xml, json }

    /// Tells XML from JSON, and rejects what is plainly neither before parsing it.
    static func sniff(_ data: Data) throws(FeedError) -> Syntax {
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
        if isUTF16 { return .xml }
        if first == UInt8(ascii: "{") { return .json }
        if first == UInt8(ascii: "[") {
            throw FeedError(.notAFeed, "the document is a JSON array, not a feed")
        }
        if first != UInt8(ascii: "<") {
            throw FeedError(.notAFeed, "the document does not start with markup or JSON; expected a feed")
        }
        let head = String(decoding: bytes, as: UTF8.self).lowercased()
        let start = head.drop { $0.isWhitespace }
        if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") {
            throw FeedError(.notAFeed, "the document is an HTML page, not a feed (look for a <link rel=alternate> feed in it)")
        }
        return .xml
    }

    /// Whether the prolog has Netscape's RSS 0.91 DOCTYPE (feedparser's `rss091n`).
    static func declaresNetscapeDoctype(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(2048), as: UTF8.self).lowercased()
        guard let doctype = head.range(of: "<!doctype") else { return false }
        let rest = head[doctype.upperBound...]
        return rest.prefix { $0 != ">" }.contains("netscape")
    }
}
