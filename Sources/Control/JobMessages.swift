/// `jobs.list` params.
public struct JobsListParams: Sendable, Codable, Equatable {
    /// queued, leased, done or dead; all states when absent.
    public var state: String?
    /// At most this many, newest first (default 50).
    public var limit: Int?

    public init(state: String? = nil, limit: Int? = nil) {
        self.state = state
        self.limit = limit
    }
}

/// A job of the durable queue.
public struct JobInfo: Sendable, Codable, Equatable {
    public var id: Int64
    public var state: String
    public var attempts: Int
    public var feedID: Int64
    public var url: String
    /// When a queued job may run next.
    public var notBefore: String
    public var leaseOwner: String?
    public var lastError: String?
    public var created: String
    public var finished: String?

    public init(
        id: Int64, state: String, attempts: Int, feedID: Int64, url: String, notBefore: String, leaseOwner: String?,
        lastError: String?, created: String, finished: String?
    ) {
        self.id = id
        self.state = state
        self.attempts = attempts
        self.feedID = feedID
        self.url = url
        self.notBefore = notBefore
        self.leaseOwner = leaseOwner
        self.lastError = lastError
        self.created = created
        self.finished = finished
    }

    enum CodingKeys: String, CodingKey {
        case id, state, attempts, url, created, finished
        case feedID = "feed_id"
        case notBefore = "not_before"
        case leaseOwner = "lease_owner"
        case lastError = "last_error"
    }
}

/// `jobs.list` result.
public struct JobsListResult: Sendable, Codable, Equatable {
    public var jobs: [JobInfo]

    public init(jobs: [JobInfo]) {
        self.jobs = jobs
    }
}

/// `jobs.retry` params: one dead job, or every dead job.
public struct JobsRetryParams: Sendable, Codable, Equatable {
    public var id: Int64?
    public var allDead: Bool?

    public init(id: Int64? = nil, allDead: Bool? = nil) {
        self.id = id
        self.allDead = allDead
    }

    enum CodingKeys: String, CodingKey {
        case id
        case allDead = "all_dead"
    }
}

/// `jobs.retry` result: how many dead jobs were queued again.
public struct JobsRetryResult: Sendable, Codable, Equatable {
    public var retried: Int

    public init(retried: Int) {
        self.retried = retried
    }
}

/// `reload` result.
public struct ReloadResult: Sendable, Codable, Equatable {
    public var summary: String

    public init(summary: String) {
        self.summary = summary
    }
}
