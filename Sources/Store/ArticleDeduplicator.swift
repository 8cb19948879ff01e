/// How a new article relates to what is stored, as the deduplicator decided it.
public enum DedupeDecision: Sendable, Equatable {
    /// A story not seen before.
    case new
    /// A copy of a stored article (or of a pruned one's tombstone).
    case duplicate(of: Int64, reason: DedupeReason, similarity: Double?)
    /// The same article (same canonical URL) with changed text: the stored one is replaced.
    case updated(Int64)
}

/// Why an article was recognised as one already stored.
public enum DedupeReason: String, Sendable, Codable {
    case canonicalURL = "canonical_url"
    case exactText = "exact_text"
    case nearDuplicate = "near_duplicate"
}

/// A stored article as the deduplicator sees it.
public struct StoredCopy: Sendable, Equatable {
    public var articleID: Int64
    public var storyID: Int64
    public var exactHash: Int64
    /// The fingerprint in its stored form.
    public var fingerprint: [UInt8]

    public init(articleID: Int64, storyID: Int64, exactHash: Int64, fingerprint: [UInt8]) {
        self.articleID = articleID
        self.storyID = storyID
        self.exactHash = exactHash
        self.fingerprint = fingerprint
    }
}

/// What the store lets the deduplicator look up, inside the transaction that stores the article
/// (so two instances, or two articles of one batch, never both count as new). Stored and pruned
/// articles both count.
public protocol ArticleLookup {
    func copy(canonicalURL: String) throws -> StoredCopy?
    func copy(exactHash: Int64) throws -> StoredCopy?
    /// The stored copies among `ids`, in the order given; ids no longer stored are left out.
    func copies(ids: [Int64]) throws -> [StoredCopy]
    /// The fingerprints (stored form) of articles, stored or pruned, with an id above
    /// `articleID`, oldest first: what other writers stored since.
    func fingerprints(after articleID: Int64) throws -> [(articleID: Int64, fingerprint: [UInt8])]
}

/// Decides, for each article a job produced, whether it is new, an update or a duplicate. The
/// store calls it inside the commit's transaction, then tells it what it stored so an index
/// kept beside the database stays in step.
public protocol ArticleDeduplicator: Sendable {
    /// Brings an index kept beside the database up to date with articles other writers stored
    /// (`ArticleLookup.fingerprints(after:)`). A store that other processes write to (PostgreSQL)
    /// calls it once per commit, after taking the lock that serialises decisions and before the
    /// first one; a store with a single writer (SQLite) never does.
    func catchUp(lookup: some ArticleLookup) throws
    func decide(_ article: NewArticle, lookup: some ArticleLookup) throws -> DedupeDecision
    /// The article was stored under `articleID` (new, or updated in place).
    func stored(_ article: NewArticle, articleID: Int64)
}

/// Treats every article as new unless its canonical URL is stored: the rule of a store without
/// content deduplication (tests, tools).
public struct CanonicalURLDeduplicator: ArticleDeduplicator {
    public init() {}

    public func decide(_ article: NewArticle, lookup: some ArticleLookup) throws -> DedupeDecision {
        guard let copy = try lookup.copy(canonicalURL: article.canonicalURL) else { return .new }
        return copy.exactHash == article.exactHash
            ? .duplicate(of: copy.storyID, reason: .canonicalURL, similarity: nil) : .updated(copy.articleID)
    }

    public func stored(_ article: NewArticle, articleID: Int64) {}
}

extension ArticleDeduplicator {
    /// Nothing to catch up: a deduplicator that keeps no index reads everything from the database.
    public func catchUp(lookup: some ArticleLookup) throws {}
}
