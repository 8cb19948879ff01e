/// `stats` result.
public struct StatsResult: Sendable, Codable, Equatable {
    public var version: String
    public var uptimeSeconds: Int
    public var feeds: Int
    public var pausedFeeds: Int
    public var failingFeeds: Int
    public var items: Int
    public var articles: Int
    /// Jobs by state: queued, leased, done, dead.
    public var jobs: [String: Int]
    /// Items finished since the daemon started, by status.
    public var processed: [String: Int]
    public var workers: Int
    public var inFlight: Int

    public init(
        version: String, uptimeSeconds: Int, feeds: Int, pausedFeeds: Int, failingFeeds: Int, items: Int, articles: Int,
        jobs: [String: Int], processed: [String: Int], workers: Int, inFlight: Int
    ) {
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.feeds = feeds
        self.pausedFeeds = pausedFeeds
        self.failingFeeds = failingFeeds
        self.items = items
        self.articles = articles
        self.jobs = jobs
        self.processed = processed
        self.workers = workers
        self.inFlight = inFlight
    }

    enum CodingKeys: String, CodingKey {
        case version, feeds, items, articles, jobs, processed, workers
        case uptimeSeconds = "uptime_seconds"
        case pausedFeeds = "paused_feeds"
        case failingFeeds = "failing_feeds"
        case inFlight = "in_flight"
    }
}

/// `version` result.
public struct VersionResult: Sendable, Codable, Equatable {
    public var version: String
    /// Bumped when a method changes incompatibly.
    public var protocolVersion: Int

    public init(version: String, protocolVersion: Int) {
        self.version = version
        self.protocolVersion = protocolVersion
    }

    enum CodingKeys: String, CodingKey {
        case version
        case protocolVersion = "protocol"
    }
}
