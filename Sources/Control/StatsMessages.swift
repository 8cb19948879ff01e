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
    /// Polls since start, by result: fetched, not_modified, failed.
    public var polls: [String: Int]
    /// Items processed per minute: over the last minute and the last 15.
    public var ratePerMinute1m: Double
    public var ratePerMinute15m: Double
    /// The feeds failing longest, worst first (at most 10).
    public var failing: [FailingFeed]
    /// Every daemon working on the database (one with SQLite; all instances sharing a
    /// PostgreSQL database), with what each holds, by name.
    public var instances: [Instance]

    /// A daemon working on the database, as the database knows it.
    public struct Instance: Sendable, Codable, Equatable {
        /// The name it leases under: `host:pid:nonce`.
        public var name: String
        /// Whether it is the daemon that answered.
        public var answering: Bool
        /// Whether its instance lease runs (false: it died or stopped, or never registered).
        public var live: Bool
        public var started: String?
        /// When it last renewed its instance lease.
        public var renewed: String?
        public var leasedFeeds: Int
        public var leasedJobs: Int
        public var pendingLogLines: Int

        public init(
            name: String, answering: Bool, live: Bool, started: String?, renewed: String?, leasedFeeds: Int, leasedJobs: Int,
            pendingLogLines: Int
        ) {
            self.name = name
            self.answering = answering
            self.live = live
            self.started = started
            self.renewed = renewed
            self.leasedFeeds = leasedFeeds
            self.leasedJobs = leasedJobs
            self.pendingLogLines = pendingLogLines
        }

        enum CodingKeys: String, CodingKey {
            case name, answering, live, started, renewed
            case leasedFeeds = "leased_feeds"
            case leasedJobs = "leased_jobs"
            case pendingLogLines = "pending_log_lines"
        }
    }

    /// A feed whose polls fail.
    public struct FailingFeed: Sendable, Codable, Equatable {
        public var id: Int64
        public var url: String
        public var failures: Int
        public var lastError: String?
        public var lastSuccess: String?

        public init(id: Int64, url: String, failures: Int, lastError: String?, lastSuccess: String?) {
            self.id = id
            self.url = url
            self.failures = failures
            self.lastError = lastError
            self.lastSuccess = lastSuccess
        }

        enum CodingKeys: String, CodingKey {
            case id, url, failures
            case lastError = "last_error"
            case lastSuccess = "last_success"
        }
    }

    public init(
        version: String, uptimeSeconds: Int, feeds: Int, pausedFeeds: Int, failingFeeds: Int, items: Int, articles: Int,
        jobs: [String: Int], processed: [String: Int], workers: Int, inFlight: Int, polls: [String: Int] = [:],
        ratePerMinute1m: Double = 0, ratePerMinute15m: Double = 0, failing: [FailingFeed] = [], instances: [Instance] = []
    ) {
        self.instances = instances
        self.polls = polls
        self.ratePerMinute1m = ratePerMinute1m
        self.ratePerMinute15m = ratePerMinute15m
        self.failing = failing
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
        case polls, failing, instances
        case ratePerMinute1m = "rate_per_minute_1m"
        case ratePerMinute15m = "rate_per_minute_15m"
    }
}

/// `metrics` result: Prometheus text exposition.
public struct MetricsResult: Sendable, Codable, Equatable {
    public var text: String

    public init(text: String) {
        self.text = text
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
