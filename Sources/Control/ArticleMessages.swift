/// `article.get` params.
public struct ArticleGetParams: Sendable, Codable, Equatable {
    public var id: Int64

    public init(id: Int64) {
        self.id = id
    }
}

/// A stored article (`article.get`), as `newsctl article show --json` prints it.
public struct ArticleInfo: Sendable, Codable, Equatable {
    public var id: Int64
    public var feedID: Int64
    public var url: String
    public var canonicalURL: String
    public var title: String?
    public var paragraphs: [String]
    public var text: String
    public var byline: String?
    public var language: String?
    /// RFC 3339 UTC, or null when the page and the feed gave no date.
    public var published: String?
    public var image: String?
    public var siteName: String?
    public var words: Int
    public var fetched: String

    public init(
        id: Int64, feedID: Int64, url: String, canonicalURL: String, title: String?, paragraphs: [String], text: String,
        byline: String?, language: String?, published: String?, image: String?, siteName: String?, words: Int,
        fetched: String
    ) {
        self.id = id
        self.feedID = feedID
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.paragraphs = paragraphs
        self.text = text
        self.byline = byline
        self.language = language
        self.published = published
        self.image = image
        self.siteName = siteName
        self.words = words
        self.fetched = fetched
    }

    enum CodingKeys: String, CodingKey {
        case id, url, title, paragraphs, text, byline, language, published, image, words, fetched
        case feedID = "feed_id"
        case canonicalURL = "canonical_url"
        case siteName = "site_name"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(feedID, forKey: .feedID)
        try container.encode(url, forKey: .url)
        try container.encode(canonicalURL, forKey: .canonicalURL)
        try container.encode(title, forKey: .title)
        try container.encode(paragraphs, forKey: .paragraphs)
        try container.encode(text, forKey: .text)
        try container.encode(byline, forKey: .byline)
        try container.encode(language, forKey: .language)
        try container.encode(published, forKey: .published)
        try container.encode(image, forKey: .image)
        try container.encode(siteName, forKey: .siteName)
        try container.encode(words, forKey: .words)
        try container.encode(fetched, forKey: .fetched)
    }
}

/// `article.list` params.
public struct ArticleListParams: Sendable, Codable, Equatable {
    /// A feed id or URL.
    public var feed: String?
    public var lang: String?
    /// new, duplicate, updated or failed.
    public var status: String?
    /// Only items seen since: an RFC 3339 time, or a duration ago such as "2h".
    public var since: String?
    /// At most this many (default 50).
    public var limit: Int?

    public init(feed: String? = nil, lang: String? = nil, status: String? = nil, since: String? = nil, limit: Int? = nil) {
        self.feed = feed
        self.lang = lang
        self.status = status
        self.since = since
        self.limit = limit
    }
}

/// One processed item in `article.list`.
public struct ArticleSummary: Sendable, Codable, Equatable {
    public var itemID: Int64
    /// new, duplicate, updated or failed; null while its job waits.
    public var status: String?
    /// The article it became or repeats.
    public var articleID: Int64?
    public var feedID: Int64
    public var url: String
    public var title: String?
    public var language: String?
    public var published: String?
    public var seen: String

    public init(
        itemID: Int64, status: String?, articleID: Int64?, feedID: Int64, url: String, title: String?, language: String?,
        published: String?, seen: String
    ) {
        self.itemID = itemID
        self.status = status
        self.articleID = articleID
        self.feedID = feedID
        self.url = url
        self.title = title
        self.language = language
        self.published = published
        self.seen = seen
    }

    enum CodingKeys: String, CodingKey {
        case status, url, title, language, published, seen
        case itemID = "item_id"
        case articleID = "article_id"
        case feedID = "feed_id"
    }
}

/// `article.list` result.
public struct ArticleListResult: Sendable, Codable, Equatable {
    public var articles: [ArticleSummary]

    public init(articles: [ArticleSummary]) {
        self.articles = articles
    }
}
