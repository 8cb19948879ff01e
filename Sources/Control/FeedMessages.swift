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
        paused: Bool, items: Int, nextPoll: String, lastPolled: String?, lastSuccess: String?, lastError: String?,
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
