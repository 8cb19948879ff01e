import Foundation

/// An article to store: the extracted page plus where it came from.
public struct NewArticle: Sendable, Equatable {
    public var feedID: Int64
    public var itemID: Int64
    public var url: String
    public var canonicalURL: String
    public var title: String?
    public let paragraphs: [String]
    /// `paragraphs` as stored: a JSON array, and the body as one text, paragraphs separated by
    /// a blank line. Made with the article, on the worker that extracted it, rather than in the
    /// commit, which one thread runs for all (encoding was 5% of its time).
    public let paragraphsJSON: String
    public let text: String
    public var byline: String?
    public var published: Date?
    public var language: String?
    public var imageURL: String?
    public var siteName: String?
    public var wordCount: Int
    public var fetchedAt: Date
    /// The hash of the normalised text (equal texts, equal hashes), for exact-copy matching.
    public var exactHash: Int64
    /// The deduplication fingerprint in its stored form, opaque to the store.
    public var fingerprint: [UInt8]
    /// The title and text in the form search matches (normalised by the caller).
    public var searchTitle: String
    public var searchBody: String

    public init(
        feedID: Int64, itemID: Int64, url: String, canonicalURL: String, title: String?, paragraphs: [String],
        byline: String?, published: Date?, language: String?, imageURL: String?, siteName: String?,
        wordCount: Int, fetchedAt: Date, exactHash: Int64 = 0, fingerprint: [UInt8] = [], searchTitle: String = "",
        searchBody: String = ""
    ) {
        self.searchTitle = searchTitle
        self.searchBody = searchBody
        self.exactHash = exactHash
        self.fingerprint = fingerprint
        self.feedID = feedID
        self.itemID = itemID
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.paragraphs = paragraphs
        self.paragraphsJSON = JSONList.encode(paragraphs)
        self.text = paragraphs.joined(separator: "\n\n")
        self.byline = byline
        self.published = published
        self.language = language
        self.imageURL = imageURL
        self.siteName = siteName
        self.wordCount = wordCount
        self.fetchedAt = fetchedAt
    }
}

/// A stored article.
public struct ArticleRecord: Sendable, Equatable {
    public var id: Int64
    /// The story it belongs to: the id of the earliest article of its cluster of copies.
    public var storyID: Int64
    /// When a later version of the page replaced the text, if it did.
    public var updatedAt: Date?
    public var feedID: Int64
    public var url: String
    public var canonicalURL: String
    public var title: String?
    public var paragraphs: [String]
    public var text: String
    public var byline: String?
    public var published: Date?
    public var language: String?
    public var imageURL: String?
    public var siteName: String?
    public var wordCount: Int
    public var fetchedAt: Date

    public init(
        id: Int64, storyID: Int64, updatedAt: Date?, feedID: Int64, url: String, canonicalURL: String, title: String?, paragraphs: [String], text: String, byline: String?, published: Date?, language: String?, imageURL: String?, siteName: String?, wordCount: Int, fetchedAt: Date
    ) {
        self.id = id
        self.storyID = storyID
        self.updatedAt = updatedAt
        self.feedID = feedID
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.paragraphs = paragraphs
        self.text = text
        self.byline = byline
        self.published = published
        self.language = language
        self.imageURL = imageURL
        self.siteName = siteName
        self.wordCount = wordCount
        self.fetchedAt = fetchedAt
    }
}

/// One processed item in an article listing: how it ended and the article it became or repeats.
public struct ArticleListing: Sendable, Equatable {
    public var itemID: Int64
    /// new, duplicate, updated or failed; nil while its job is still queued.
    public var status: String?
    public var articleID: Int64?
    public var feedID: Int64
    public var url: String
    public var title: String?
    public var language: String?
    public var published: Date?
    public var seenAt: Date

    public init(
        itemID: Int64, status: String?, articleID: Int64?, feedID: Int64, url: String, title: String?, language: String?,
        published: Date?, seenAt: Date
    ) {
        self.itemID = itemID
        self.status = status
        self.articleID = articleID
        self.feedID = feedID
        self.url = url
        self.title = title
        self.language = language
        self.published = published
        self.seenAt = seenAt
    }
}

/// One item that carried a story: the original, or a copy from another feed.
public struct StoryCopy: Sendable, Equatable {
    public var feedID: Int64
    public var url: String
    public var status: String?
    public var reason: String?
    public var similarity: Double?
    public var seenAt: Date

    public init(feedID: Int64, url: String, status: String?, reason: String?, similarity: Double?, seenAt: Date) {
        self.feedID = feedID
        self.url = url
        self.status = status
        self.reason = reason
        self.similarity = similarity
        self.seenAt = seenAt
    }
}

/// An article found by a search.
public struct SearchHit: Sendable, Equatable {
    public var articleID: Int64
    public var title: String?
    public var language: String?
    public var published: Date?
    /// The matching passage (in matching form), with the words found between brackets.
    public var snippet: String

    public init(articleID: Int64, title: String?, language: String?, published: Date?, snippet: String) {
        self.articleID = articleID
        self.title = title
        self.language = language
        self.published = published
        self.snippet = snippet
    }
}

/// Which items an article listing shows.
public struct ArticleFilter: Sendable, Equatable {
    public var feedID: Int64?
    public var language: String?
    public var status: String?
    public var since: Date?
    public var limit: Int

    public init(feedID: Int64? = nil, language: String? = nil, status: String? = nil, since: Date? = nil, limit: Int = 50) {
        self.feedID = feedID
        self.language = language
        self.status = status
        self.since = since
        self.limit = limit
    }
}

/// Counts across the store, for `stats`.
public struct StoreStatistics: Sendable, Equatable {
    public var feeds: Int
    public var pausedFeeds: Int
    /// Unpaused feeds whose last poll failed (a paused feed is not polled).
    public var failingFeeds: Int
    public var articles: Int
    public var items: Int
    public var jobs: [JobState: Int]

    public init(
        feeds: Int, pausedFeeds: Int, failingFeeds: Int, articles: Int, items: Int, jobs: [JobState: Int]
    ) {
        self.feeds = feeds
        self.pausedFeeds = pausedFeeds
        self.failingFeeds = failingFeeds
        self.articles = articles
        self.items = items
        self.jobs = jobs
    }
}
