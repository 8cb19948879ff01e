import Foundation

/// A parsed feed: RSS (0.9x, 1.0, 2.0) or Atom, in one model.
public struct Feed: Sendable, Equatable {
    /// The feed's title, plain text.
    public var title: String?
    /// The address of the site the feed belongs to (RSS `link`, Atom `link rel=alternate`), absolute.
    public var siteURL: String?
    /// The feed's description (RSS `description`, Atom `subtitle`), plain text.
    public var description: String?
    /// The language the feed declares (RSS `language`, Atom `xml:lang`), as written.
    public var language: String?
    /// Which format the document was.
    public var format: FeedFormat
    /// The items in document order.
    public var items: [FeedItem]
    /// Whether the XML parsed without errors; `false` when libxml2 had to recover.
    public var isWellFormed: Bool

    public init(
        title: String? = nil, siteURL: String? = nil, description: String? = nil, language: String? = nil,
        format: FeedFormat, items: [FeedItem] = [], isWellFormed: Bool = true
    ) {
        self.title = title
        self.siteURL = siteURL
        self.description = description
        self.language = language
        self.format = format
        self.items = items
        self.isWellFormed = isWellFormed
    }
}

/// The syntax a feed was written in.
public enum FeedFormat: String, Sendable {
    /// RSS 0.9x, 1.0 (RDF) or 2.0.
    case rss
    /// Atom 1.0 (and the older Atom 0.3).
    case atom
}

/// One entry of a feed.
public struct FeedItem: Sendable, Equatable {
    /// RSS `guid` / Atom `id`, as written (trimmed).
    public var guid: String?
    /// The item's web page, absolute (resolved against `xml:base` and the feed's URL).
    public var link: String?
    /// The title, plain text.
    public var title: String?
    /// The summary (RSS `description`, Atom `summary`) as plain text: tags dropped, entities
    /// decoded, paragraphs separated by a blank line.
    public var summary: String?
    /// The full content as HTML when the feed carries it (RSS `content:encoded`, Atom `content`).
    public var contentHTML: String?
    /// When the item was first published (RSS `pubDate`/`dc:date`, Atom `published`), UTC.
    public var published: Date?
    /// When the item was last changed (Atom `updated`, `dcterms:modified`), UTC.
    public var updated: Date?
    /// Author names (`dc:creator`, `author`, Atom `author/name`), without duplicates.
    public var authors: [String]
    /// Category names or terms, without duplicates.
    public var categories: [String]

    public init(
        guid: String? = nil, link: String? = nil, title: String? = nil, summary: String? = nil,
        contentHTML: String? = nil, published: Date? = nil, updated: Date? = nil, authors: [String] = [],
        categories: [String] = []
    ) {
        self.guid = guid
        self.link = link
        self.title = title
        self.summary = summary
        self.contentHTML = contentHTML
        self.published = published
        self.updated = updated
        self.authors = authors
        self.categories = categories
    }

    /// The item's identity within its feed: guid, else link (nil when it has neither: such an
    /// item cannot be tracked).
    public var identity: String? { guid ?? link }
}
