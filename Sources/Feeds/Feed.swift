import Foundation
import Markup

/// A parsed feed: RSS (0.9x, 1.0, 2.0), Atom (0.3, 1.0) or JSON Feed (1.0, 1.1), in one model.
public struct Feed: Sendable, Equatable {
    /// The feed's title as the feed typed it (plain text or sanitised HTML).
    public var titleText: FeedText?
    /// The address of the site the feed belongs to (RSS `link`, Atom `link rel=alternate`,
    /// JSON Feed `home_page_url`), absolute.
    public var siteURL: String?
    /// The feed's description (RSS `description`, Atom `subtitle`/`tagline`, `itunes:subtitle`,
    /// JSON Feed `description`) as the feed typed it.
    public var subtitle: FeedText?
    /// The language the feed declares (RSS `language`, `dc:language`, `xml:lang` on the root,
    /// JSON Feed `language`, else the HTTP `Content-Language`), as written with `_` made `-`.
    public var language: String?
    /// When the feed last changed (Atom `updated`/`modified`, RSS `lastBuildDate`, `dc:date`), UTC.
    public var updated: Date?
    /// How long the feed may be cached before it is fetched again (RSS `<ttl>`, given in minutes).
    public var timeToLive: TimeInterval?
    /// Which format the document was.
    public var format: FeedFormat
    /// The format and version, as feedparser names them (`rss20`, `rss10`, `atom10`, `json11`, ...).
    public var version: String
    /// The items in document order.
    public var items: [FeedItem]
    /// Whether the document was well-formed as written; `false` when the parser had to recover
    /// (broken XML, HTML entities XML does not define, invalid UTF-8, a declared charset the
    /// bytes contradict or that nobody knows).
    public var isWellFormed: Bool
    /// Why ``isWellFormed`` is false: the first problem met, for logs.
    public var recoveryNote: String?
    /// The charset the document was decoded with (`UTF-8`, `WINDOWS-1256`, ...).
    public var charset: String?

    public init(
        title: String? = nil, siteURL: String? = nil, description: String? = nil, language: String? = nil,
        format: FeedFormat, version: String = "", items: [FeedItem] = [], isWellFormed: Bool = true
    ) {
        self.titleText = title.map { FeedText($0, kind: .plain) }
        self.siteURL = siteURL
        self.subtitle = description.map { FeedText($0, kind: .plain) }
        self.language = language
        self.format = format
        self.version = version
        self.items = items
        self.isWellFormed = isWellFormed
    }

    /// The feed's title as plain text (whitespace collapsed, markup dropped).
    public var title: String? { titleText?.plainText }

    /// The feed's description as plain text.
    public var description: String? { subtitle?.plainText }
}

/// The syntax a feed was written in.
public enum FeedFormat: String, Sendable {
    /// RSS 0.9x, 1.0 (RDF) or 2.0 (and Microsoft's CDF, its ancestor).
    case rss
    /// Atom 1.0 (and the older Atom 0.3).
    case atom
    /// JSON Feed 1.0 or 1.1.
    case json
}

/// A piece of text from a feed, kept the way the feed typed it.
///
/// Plain text stays as written (a title "History of the <blink> tag" of type `text` is those
/// characters); HTML (RSS descriptions, Atom `type="html"`/`"xhtml"` constructs) is kept as
/// sanitised HTML: scripts, styles, event handlers and unsafe URLs removed, character
/// references left as written. ``plainText`` renders either for display or indexing.
public struct FeedText: Sendable, Equatable, Hashable {
    /// How ``value`` is to be read.
    public enum Kind: String, Sendable {
        /// Plain text: the characters as they are.
        case plain
        /// Sanitised HTML markup.
        case html
    }

    /// The text or markup, as UTF-8 (kept as bytes: large contents go from the parser to JSON
    /// output without becoming `String`s).
    public let utf8: [UInt8]
    /// Whether ``value`` is plain text or HTML.
    public var kind: Kind

    public init(_ value: String, kind: Kind) {
        self.utf8 = Array(value.utf8)
        self.kind = kind
    }

    /// Text already known to be valid UTF-8 (the sanitiser's output).
    init(validUTF8 utf8: [UInt8], kind: Kind) {
        self.utf8 = utf8
        self.kind = kind
    }

    /// The text or markup.
    public var value: String { String(decoding: utf8, as: UTF8.self) }

    /// Whether there is no text at all.
    public var isEmpty: Bool { utf8.isEmpty }

    /// The text a reader sees: HTML rendered (tags dropped, entities decoded, paragraphs
    /// separated by a blank line), whitespace collapsed. `nil` when nothing is left.
    public var plainText: String? {
        let text = kind == .html ? PlainText.fromHTML(value) : PlainText.collapsingWhitespace(value)
        return text.isEmpty ? nil : text
    }

    /// The value as HTML: markup as it is, plain text escaped.
    public var html: String { kind == .html ? value : FeedTextRendering.escapedHTML(value) }

    public static func == (lhs: FeedText, rhs: FeedText) -> Bool { lhs.kind == rhs.kind && lhs.utf8 == rhs.utf8 }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(utf8)
    }
}
