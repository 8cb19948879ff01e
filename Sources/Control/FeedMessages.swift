/// `feed.add` params.
public struct FeedAddParams: Sendable, Codable, Equatable {
    /// A feed's URL, or a site's page whose feed the daemon finds (see `check`).
    public var url: String
    /// A duration such as "90s", "10m" or "2h"; the daemon's default when absent.
    public var interval: String?
    public var tags: [String]?
    /// Unless false, the daemon fetches the URL first: a feed is subscribed as it is; a page
    /// is searched for its feed (`<link rel="alternate">`, then common paths) and the first
    /// candidate that is a feed is subscribed instead. False subscribes without fetching.
    public var check: Bool?

    public init(url: String, interval: String? = nil, tags: [String]? = nil, check: Bool? = nil) {
        self.url = url
        self.interval = interval
        self.tags = tags
        self.check = check
    }
}

/// Names one feed by id or by URL (`feed.remove`, `feed.poll`).
public struct FeedReference: Sendable, Codable, Equatable {
    public var id: Int64?
    public var url: String?
    /// `feed.poll` only: every feed.
    public var all: Bool?

    public init(id: Int64? = nil, url: String? = nil, all: Bool? = nil) {
        self.id = id
        self.url = url
        self.all = all
    }

    /// Reads a command-line argument: digits are an id, anything else a URL.
    public init(argument: String) {
        if let id = Int64(argument) {
            self.init(id: id)
        } else {
            self.init(url: argument)
        }
    }
}

/// A feed with its polling state and health (`feed.add`, `feed.list`).
public struct FeedInfo: Sendable, Codable, Equatable {
    public var id: Int64
    public var url: String
    public var title: String?
    public var siteURL: String?
    public var tags: [String]
    /// Seconds between polls the operator asked for; null means the daemon's default.
    public var interval: Double?
    /// "configuration" or "socket".
    public var origin: String
    public var paused: Bool
    /// Why it is paused: by the operator, or "410 Gone".
    public var pausedReason: String?
    public var items: Int
    public var nextPoll: String
    public var lastPolled: String?
    public var lastSuccess: String?
    public var lastError: String?
    public var consecutiveFailures: Int
    /// `feed.add` only: the page the feed was found from, when the URL given was a page.
    public var discoveredFrom: String?

    public init(
        id: Int64, url: String, title: String?, siteURL: String?, tags: [String], interval: Double?, origin: String,
        paused: Bool, pausedReason: String? = nil, items: Int, nextPoll: String, lastPolled: String?, lastSuccess: String?, lastError: String?,
        consecutiveFailures: Int, discoveredFrom: String? = nil
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.siteURL = siteURL
        self.tags = tags
        self.interval = interval
        self.origin = origin
        self.paused = paused
        self.pausedReason = pausedReason
        self.items = items
        self.nextPoll = nextPoll
        self.lastPolled = lastPolled
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.discoveredFrom = discoveredFrom
    }

    enum CodingKeys: String, CodingKey {
        case id, url, title, tags, interval, origin, paused, items
        case siteURL = "site_url"
        case pausedReason = "paused_reason"
        case nextPoll = "next_poll"
        case lastPolled = "last_polled"
        case lastSuccess = "last_success"
        case lastError = "last_error"
        case consecutiveFailures = "consecutive_failures"
        case discoveredFrom = "discovered_from"
    }
}

/// `feed.list` result.
public struct FeedListResult: Sendable, Codable, Equatable {
    public var feeds: [FeedInfo]

    public init(feeds: [FeedInfo]) {
        self.feeds = feeds
    }
}

/// `feed.remove` result.
public struct FeedRemoveResult: Sendable, Codable, Equatable {
    public var removed: FeedInfo

    public init(removed: FeedInfo) {
        self.removed = removed
    }
}

/// `feed.poll` result: how many feeds were made due now.
public struct FeedPollResult: Sendable, Codable, Equatable {
    public var scheduled: Int

    public init(scheduled: Int) {
        self.scheduled = scheduled
    }
}

/// `feed.set` params: the feed, and what to change.
public struct FeedSetParams: Sendable, Codable, Equatable {
    public var id: Int64?
    public var url: String?
    /// A duration such as "10m", or "default" for the daemon's default (adaptive).
    public var interval: String?
    /// Replaces the feed's tags.
    public var tags: [String]?

    public init(id: Int64? = nil, url: String? = nil, interval: String? = nil, tags: [String]? = nil) {
        self.id = id
        self.url = url
        self.interval = interval
        self.tags = tags
    }
}

/// An event in a feed's history (moved, paused, resumed, gone).
public struct FeedEventInfo: Sendable, Codable, Equatable {
    public var at: String
    public var event: String
    public var detail: String

    public init(at: String, event: String, detail: String) {
        self.at = at
        self.event = event
        self.detail = detail
    }
}

/// `feed.show` result: the feed with its health and history.
public struct FeedShowResult: Sendable, Codable, Equatable {
    public var feed: FeedInfo
    /// The interval learnt from how often it publishes, in seconds.
    public var adaptiveInterval: Double?
    /// The shortest interval the feed asks for with its `<ttl>`, in seconds.
    public var ttl: Double?
    public var etag: String?
    public var lastModified: String?
    public var history: [FeedEventInfo]

    public init(
        feed: FeedInfo, adaptiveInterval: Double?, ttl: Double? = nil, etag: String?, lastModified: String?, history: [FeedEventInfo]
    ) {
        self.feed = feed
        self.adaptiveInterval = adaptiveInterval
        self.ttl = ttl
        self.etag = etag
        self.lastModified = lastModified
        self.history = history
    }

    enum CodingKeys: String, CodingKey {
        case feed, etag, history, ttl
        case adaptiveInterval = "adaptive_interval"
        case lastModified = "last_modified"
    }
}

/// `feed.pause` and `feed.resume` result.
public struct FeedPauseResult: Sendable, Codable, Equatable {
    public var feed: FeedInfo
    /// False when the feed already was in that state.
    public var changed: Bool

    public init(feed: FeedInfo, changed: Bool) {
        self.feed = feed
        self.changed = changed
    }
}
