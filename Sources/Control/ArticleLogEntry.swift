/// One processed item: a line of the article log and a `tail.event` notification.
///
/// Keys that may have no value are written as `null`, never left out, so every line has the
/// same fields.
public struct ArticleLogEntry: Sendable, Codable, Hashable {
    /// How a processed item ended.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case new
        case duplicate
        case updated
        case failed
    }

    /// RFC 3339 UTC time the item finished processing.
    public var ts: String
    public var status: Status
    public var articleID: Int64?
    public var feedID: Int64
    public var feedURL: String
    /// The feed's tags.
    public var tags: [String]
    public var url: String
    public var canonicalURL: String?
    public var title: String?
    public var lang: String?
    public var words: Int
    public var duplicateOf: Int64?
    /// Milliseconds from lease to commit.
    public var ms: Int
    /// Only on `failed` lines.
    public var error: String?
    /// The story (cluster of copies) the article belongs to: its earliest article's id.
    public var storyID: Int64?
    /// Why a duplicate or update was recognised: canonical_url, exact_text or near_duplicate.
    public var reason: String?
    /// For a near duplicate, the shingle overlap (Jaccard) with the article it repeats.
    public var similarity: Double?

    public init(
        ts: String, status: Status, articleID: Int64?, feedID: Int64, feedURL: String, tags: [String] = [], url: String,
        canonicalURL: String?, title: String?, lang: String?, words: Int, duplicateOf: Int64?, ms: Int,
        error: String? = nil, storyID: Int64? = nil, reason: String? = nil, similarity: Double? = nil
    ) {
        self.storyID = storyID
        self.reason = reason
        self.similarity = similarity
        self.ts = ts
        self.status = status
        self.articleID = articleID
        self.feedID = feedID
        self.feedURL = feedURL
        self.tags = tags
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.lang = lang
        self.words = words
        self.duplicateOf = duplicateOf
        self.ms = ms
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case ts, status, url, title, lang, words, ms, error, tags, reason, similarity
        case storyID = "story_id"
        case articleID = "article_id"
        case feedID = "feed_id"
        case feedURL = "feed_url"
        case canonicalURL = "canonical_url"
        case duplicateOf = "duplicate_of"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ts = try container.decode(String.self, forKey: .ts)
        status = try container.decode(Status.self, forKey: .status)
        articleID = try container.decodeIfPresent(Int64.self, forKey: .articleID)
        feedID = try container.decode(Int64.self, forKey: .feedID)
        feedURL = try container.decode(String.self, forKey: .feedURL)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        url = try container.decode(String.self, forKey: .url)
        canonicalURL = try container.decodeIfPresent(String.self, forKey: .canonicalURL)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        lang = try container.decodeIfPresent(String.self, forKey: .lang)
        words = try container.decode(Int.self, forKey: .words)
        duplicateOf = try container.decodeIfPresent(Int64.self, forKey: .duplicateOf)
        ms = try container.decode(Int.self, forKey: .ms)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        storyID = try container.decodeIfPresent(Int64.self, forKey: .storyID)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        similarity = try container.decodeIfPresent(Double.self, forKey: .similarity)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ts, forKey: .ts)
        try container.encode(status, forKey: .status)
        try container.encode(articleID, forKey: .articleID)
        try container.encode(feedID, forKey: .feedID)
        try container.encode(feedURL, forKey: .feedURL)
        try container.encode(tags, forKey: .tags)
        try container.encode(url, forKey: .url)
        try container.encode(canonicalURL, forKey: .canonicalURL)
        try container.encode(title, forKey: .title)
        try container.encode(lang, forKey: .lang)
        try container.encode(words, forKey: .words)
        try container.encode(duplicateOf, forKey: .duplicateOf)
        try container.encode(ms, forKey: .ms)
        try container.encode(storyID, forKey: .storyID)
        try container.encode(reason, forKey: .reason)
        try container.encode(similarity, forKey: .similarity)
        if status == .failed { try container.encode(error, forKey: .error) }
    }
}
