import Foundation

/// One entry of a feed.
public struct FeedItem: Sendable, Equatable {
    /// RSS `guid` / Atom `id` / JSON Feed `id` (or RDF `rdf:about`), trimmed; a permalink guid
    /// or an Atom id is resolved against the document's base as feedparser does.
    public var guid: String?
    /// The entry's id as feed readers built on feedparser report it: the guid or Atom id, resolved
    /// against the document's base when it is a permalink (for JSON output and conformance; the
    /// daemon identifies items by ``guid`` as written).
    public var id: String?
    /// The item's web page, absolute (resolved against `xml:base` and the feed's URL).
    public var link: String?
    /// The title as the feed typed it.
    public var titleText: FeedText?
    /// The summary (RSS `description`, Atom `summary`, `itunes:summary`, JSON Feed `summary`).
    public var summaryText: FeedText?
    /// The full content when the feed carries it (RSS `content:encoded`, Atom `content`,
    /// JSON Feed `content_html`/`content_text`).
    public var content: FeedText?
    /// When the item was first published (RSS `pubDate`, Atom `published`/`issued`,
    /// `dcterms:issued`, JSON Feed `date_published`), UTC.
    public var published: Date?
    /// When the item was last changed (Atom `updated`/`modified`, `dc:date`, `dcterms:modified`,
    /// JSON Feed `date_modified`), UTC. RSS 1.0 feeds date their items with `dc:date` only, so
    /// "when" is ``published`` else ``updated``.
    public var updated: Date?
    /// The authors (RSS `author`, `dc:creator`, `itunes:author`, Atom `author`, JSON Feed
    /// `authors`) with name and e-mail separated, without duplicates.
    public var authorDetails: [FeedPerson]
    /// Category names or terms (RSS `category`, `dc:subject`, Atom `category term`,
    /// `media:category`, `itunes:category`, JSON Feed `tags`), without duplicates.
    public var categories: [String]
    /// Attached media (RSS `enclosure`, Atom `link rel="enclosure"`, JSON Feed `attachments`).
    public var enclosures: [FeedEnclosure]
    /// A picture for the item (`media:thumbnail`, an image `media:content`, `itunes:image`,
    /// JSON Feed `image`), absolute.
    public var imageURL: String?

    public init(
        guid: String? = nil, link: String? = nil, title: String? = nil, summary: String? = nil,
        content: FeedText? = nil, published: Date? = nil, updated: Date? = nil, authorDetails: [FeedPerson] = [],
        categories: [String] = [], enclosures: [FeedEnclosure] = [], imageURL: String? = nil
    ) {
        self.guid = guid
        self.id = guid
        self.link = link
        self.titleText = title.map { FeedText($0, kind: .plain) }
        self.summaryText = summary.map { FeedText($0, kind: .plain) }
        self.content = content
        self.published = published
        self.updated = updated
        self.authorDetails = authorDetails
        self.categories = categories
        self.enclosures = enclosures
        self.imageURL = imageURL
    }

    /// The item's identity within its feed: guid, else link (nil when it has neither: such an
    /// item cannot be tracked).
    public var identity: String? { guid ?? link }

    /// The title as plain text (whitespace collapsed, markup dropped).
    public var title: String? { titleText?.plainText }

    /// The summary as plain text: tags dropped, entities decoded, paragraphs separated by a
    /// blank line; the content's text when the item has no summary.
    public var summary: String? { summaryText?.plainText ?? content?.plainText }

    /// The full content as HTML when the feed carries it (plain-text content escaped).
    public var contentHTML: String? { content?.html }

    /// Author names (an author given only by e-mail address counts by that address).
    public var authors: [String] { authorDetails.compactMap { $0.name ?? $0.email } }

    /// The first author's e-mail address, if the feed gives one.
    public var authorEmail: String? { authorDetails.first?.email }
}

/// A person named by a feed: an author.
public struct FeedPerson: Sendable, Equatable, Hashable {
    /// The person's name, if given.
    public var name: String?
    /// The e-mail address, if given.
    public var email: String?
    /// A web page about the person (Atom `uri`, JSON Feed `url`), if given.
    public var url: String?

    public init(name: String? = nil, email: String? = nil, url: String? = nil) {
        self.name = name
        self.email = email
        self.url = url
    }
}

/// A file attached to an item: a podcast episode, a video, a picture.
public struct FeedEnclosure: Sendable, Equatable, Hashable {
    /// The file's address, absolute.
    public var url: String
    /// Its media type as the feed gives it (`audio/mpeg`), if any.
    public var type: String?
    /// Its size in bytes as the feed gives it, if any.
    public var length: Int?

    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}
