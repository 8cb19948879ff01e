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
    /// The story (cluster of copies) it belongs to: the id of its earliest article.
    public var storyID: Int64?
    /// When a later version replaced the text.
    public var updated: String?
    /// Every item that carried the story, with why each was recognised as it.
    public var copies: [StoryCopyInfo]

    public init(
        id: Int64, feedID: Int64, url: String, canonicalURL: String, title: String?, paragraphs: [String], text: String,
        byline: String?, language: String?, published: String?, image: String?, siteName: String?, words: Int,
        fetched: String, storyID: Int64? = nil, updated: String? = nil, copies: [StoryCopyInfo] = []
    ) {
        self.storyID = storyID
        self.updated = updated
        self.copies = copies
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
        case id, url, title, paragraphs, text, byline, language, published, image, words, fetched, updated, copies
        case storyID = "story_id"
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
        try container.encode(storyID, forKey: .storyID)
        try container.encode(updated, forKey: .updated)
        try container.encode(copies, forKey: .copies)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        feedID = try container.decode(Int64.self, forKey: .feedID)
        url = try container.decode(String.self, forKey: .url)
        canonicalURL = try container.decode(String.self, forKey: .canonicalURL)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        paragraphs = try container.decode([String].self, forKey: .paragraphs)
        text = try container.decode(String.self, forKey: .text)
        byline = try container.decodeIfPresent(String.self, forKey: .byline)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        published = try container.decodeIfPresent(String.self, forKey: .published)
        image = try container.decodeIfPresent(String.self, forKey: .image)
        siteName = try container.decodeIfPresent(String.self, forKey: .siteName)
        words = try container.decode(Int.self, forKey: .words)
        fetched = try container.decode(String.self, forKey: .fetched)
        storyID = try container.decodeIfPresent(Int64.self, forKey: .storyID)
        updated = try container.decodeIfPresent(String.self, forKey: .updated)
        copies = try container.decodeIfPresent([StoryCopyInfo].self, forKey: .copies) ?? []
    }
}

/// An item that carried a story.
public struct StoryCopyInfo: Sendable, Codable, Equatable {
    public var feedID: Int64
    public var url: String
    /// new, updated or duplicate.
    public var status: String?
    /// canonical_url, exact_text or near_duplicate (null for the original).
    public var reason: String?
    public var similarity: Double?
    public var seen: String

    public init(feedID: Int64, url: String, status: String?, reason: String?, similarity: Double?, seen: String) {
        self.feedID = feedID
        self.url = url
        self.status = status
        self.reason = reason
        self.similarity = similarity
        self.seen = seen
    }

    enum CodingKeys: String, CodingKey {
        case url, status, reason, similarity, seen
        case feedID = "feed_id"
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

/// `article.search` params.
public struct ArticleSearchParams: Sendable, Codable, Equatable {
    /// Words to find, all of them; diacritics, hamza and alef forms, case and accents do not matter.
    public var query: String
    public var lang: String?
    /// At most this many (default 20).
    public var limit: Int?

    public init(query: String, lang: String? = nil, limit: Int? = nil) {
        self.query = query
        self.lang = lang
        self.limit = limit
    }
}

/// One article `article.search` found.
public struct SearchHitInfo: Sendable, Codable, Equatable {
    public var id: Int64
    public var title: String?
    public var language: String?
    public var published: String?
    /// The passage that matched, in matching form, the found words between brackets.
    public var snippet: String

    public init(id: Int64, title: String?, language: String?, published: String?, snippet: String) {
        self.id = id
        self.title = title
        self.language = language
        self.published = published
        self.snippet = snippet
    }
}

/// `article.search` result, best first.
public struct ArticleSearchResult: Sendable, Codable, Equatable {
    public var hits: [SearchHitInfo]

    public init(hits: [SearchHitInfo]) {
        self.hits = hits
    }
}
