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
    /// The interval learnt from how often the feed publishes.
    public var adaptiveInterval: TimeInterval?
    /// The shortest interval the feed itself asks for (RSS `<ttl>`), as of its last parse.
    public var timeToLive: TimeInterval?
    /// Where the feed was declared: `.configuration` feeds follow the config file, `.socket` feeds
    /// were added at run time and persist until removed.
    public var origin: FeedOrigin
    public var isPaused: Bool
    /// Why the feed is paused (by the operator, or 410 Gone).
    public var pausedReason: String?
    public var etag: String?
    public var lastModified: String?
    /// A hash of the last body fetched.
    public var bodyHash: String?
    public var nextPollAt: Date
    public var lastPolledAt: Date?
    public var lastSuccessAt: Date?
    public var lastError: String?
    public var consecutiveFailures: Int
    public var itemCount: Int
    public var createdAt: Date

    public init(
        id: Int64, url: String, title: String?, siteURL: String?, tags: [String], interval: TimeInterval?, adaptiveInterval: TimeInterval?, timeToLive: TimeInterval? = nil, origin: FeedOrigin, isPaused: Bool, pausedReason: String?, etag: String?, lastModified: String?, bodyHash: String?, nextPollAt: Date, lastPolledAt: Date?, lastSuccessAt: Date?, lastError: String?, consecutiveFailures: Int, itemCount: Int, createdAt: Date
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.siteURL = siteURL
        self.tags = tags
        self.interval = interval
        self.adaptiveInterval = adaptiveInterval
        self.timeToLive = timeToLive
        self.origin = origin
        self.isPaused = isPaused
        self.pausedReason = pausedReason
        self.etag = etag
        self.lastModified = lastModified
        self.bodyHash = bodyHash
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
    /// A hash of the body, kept so the same body next time counts as not modified.
    public var bodyHash: String?
    /// Pauses the feed for this reason (410 Gone).
    public var pauseReason: String?
    /// The URL the feed was permanently redirected to on this poll, if it was.
    public var permanentRedirect: String?
    /// The interval learnt from the items' dates, when they tell.
    public var adaptiveInterval: TimeInterval?
    /// A fetched feed's own `<ttl>`; recorded (or cleared) on every fetched poll.
    public var timeToLive: TimeInterval?

    public init(
        feedID: Int64, polledAt: Date, nextPollAt: Date, result: Result, bodyHash: String? = nil,
        pauseReason: String? = nil, permanentRedirect: String? = nil, adaptiveInterval: TimeInterval? = nil
    ) {
        self.adaptiveInterval = adaptiveInterval
        self.feedID = feedID
        self.polledAt = polledAt
        self.nextPollAt = nextPollAt
        self.result = result
        self.bodyHash = bodyHash
        self.pauseReason = pauseReason
        self.permanentRedirect = permanentRedirect
    }
}

/// What recording a poll did.
public struct PollRecord: Sendable, Equatable {
    /// Items never seen before in the feed; each got a job.
    public var newItems: Int
    /// The URL the feed moved to, when this poll completed a permanent redirect's streak.
    public var movedTo: String?

    public init(newItems: Int, movedTo: String? = nil) {
        self.newItems = newItems
        self.movedTo = movedTo
    }
}

/// An event in a feed's history.
public struct FeedEvent: Sendable, Equatable {
    public var at: Date
    /// moved, paused, resumed, gone.
    public var event: String
    public var detail: String

    public init(at: Date, event: String, detail: String) {
        self.at = at
        self.event = event
        self.detail = detail
    }
}
