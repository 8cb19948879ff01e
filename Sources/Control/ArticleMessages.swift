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
