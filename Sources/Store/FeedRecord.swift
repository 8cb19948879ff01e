import Foundation

/// A feed as stored: what the operator configured plus its polling state and health.
public struct FeedRecord: Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var title: String?
    public var siteURL: String?
    public var tags: [String]
    /// The operator's polling interval in seconds; nil means the daemon's default.
    public var interval: TimeInterval?
    /// Where the feed was declared: `.configuration` feeds follow the config file, `.socket` feeds
    /// were added at run time and persist until removed.
    public var origin: FeedOrigin
    public var isPaused: Bool
    public var etag: String?
    public var lastModified: String?
    public var nextPollAt: Date
    public var lastPolledAt: Date?
    public var lastSuccessAt: Date?
    public var lastError: String?
    public var consecutiveFailures: Int
    public var itemCount: Int
    public var createdAt: Date

    public init(
        id: Int64, url: String, title: String?, siteURL: String?, tags: [String], interval: TimeInterval?, origin: FeedOrigin, isPaused: Bool, etag: String?, lastModified: String?, nextPollAt: Date, lastPolledAt: Date?, lastSuccessAt: Date?, lastError: String?, consecutiveFailures: Int, itemCount: Int, createdAt: Date
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.siteURL = siteURL
        self.tags = tags
        self.interval = interval
        self.origin = origin
        self.isPaused = isPaused
        self.etag = etag
        self.lastModified = lastModified
        self.nextPollAt = nextPollAt
        self.lastPolledAt = lastPolledAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.itemCount = itemCount
        self.createdAt = createdAt
    }
}

/// Where a feed was declared.
public enum FeedOrigin: String, Sendable, Codable {
    case configuration
    case socket
}

/// A feed to add.
public struct NewFeed: Sendable, Equatable {
    public var url: String
    public var tags: [String]
    public var interval: TimeInterval?
    public var origin: FeedOrigin

    public init(url: String, tags: [String] = [], interval: TimeInterval? = nil, origin: FeedOrigin) {
        self.url = url
        self.tags = tags
        self.interval = interval
        self.origin = origin
    }
}

/// One item a poll found in a feed, to be recorded if the feed never had it before.
public struct NewItem: Sendable, Equatable {
    /// The item's identity within its feed (guid, else link).
    public var identity: String
    public var url: String
    public var title: String?
    public var published: Date?

    public init(identity: String, url: String, title: String?, published: Date?) {
        self.identity = identity
        self.url = url
        self.title = title
        self.published = published
    }
}

/// What one poll of a feed came to, recorded in one transaction.
public struct PollOutcome: Sendable {
    /// What the fetch and parse produced.
    public enum Result: Sendable {
        /// The server said 304, or sent the same body as last time.
        case notModified
        /// A parsed feed; `items` are all of its trackable items, new or not.
        case fetched(etag: String?, lastModified: String?, title: String?, siteURL: String?, items: [NewItem])
        /// The poll failed; the message is for the operator.
        case failed(error: String)
    }

    public var feedID: Int64
    public var polledAt: Date
    public var nextPollAt: Date
    public var result: Result

    public init(feedID: Int64, polledAt: Date, nextPollAt: Date, result: Result) {
        self.feedID = feedID
        self.polledAt = polledAt
        self.nextPollAt = nextPollAt
        self.result = result
    }
}
