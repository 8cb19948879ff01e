import Foundation

/// A job leased from the durable queue: one feed item to fetch, extract and store.
public struct LeasedJob: Sendable, Equatable {
    public var id: Int64
    public var itemID: Int64
    public var feedID: Int64
    public var feedURL: String
    /// The feed's tags, for filtering the article log.
    public var feedTags: [String]
    public var url: String
    /// The title the feed gave the item, used when the page has none.
    public var itemTitle: String?
    public var itemPublished: Date?
    /// 1 on the first run.
    public var attempt: Int

    public init(
        id: Int64, itemID: Int64, feedID: Int64, feedURL: String, feedTags: [String], url: String, itemTitle: String?, itemPublished: Date?, attempt: Int
    ) {
        self.id = id
        self.itemID = itemID
        self.feedID = feedID
        self.feedURL = feedURL
        self.feedTags = feedTags
        self.url = url
        self.itemTitle = itemTitle
        self.itemPublished = itemPublished
        self.attempt = attempt
    }
}

/// The state of a job in the durable queue.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case queued
    case leased
    case done
    case dead
}

/// What a processed job produced, to be committed with its acknowledgement.
public struct JobCompletion: Sendable {
    public var jobID: Int64
    public var leaseOwner: String
    public var article: NewArticle
    public var finishedAt: Date

    public init(jobID: Int64, leaseOwner: String, article: NewArticle, finishedAt: Date) {
        self.jobID = jobID
        self.leaseOwner = leaseOwner
        self.article = article
        self.finishedAt = finishedAt
    }
}

/// How a completed job was recorded.
public struct StoredOutcome: Sendable, Equatable {
    /// How the item's article related to what was stored before.
    public enum Status: String, Sendable, Codable {
        case new
        case duplicate
        case updated
        case failed
    }

    public var status: Status
    /// The stored article this item became or repeats.
    public var articleID: Int64?
    /// For a duplicate, the earliest article of the story it repeats.
    public var duplicateOf: Int64?
    /// The story the article belongs to.
    public var storyID: Int64?
    /// Why it is a duplicate or an update.
    public var reason: DedupeReason?
    /// For a near duplicate, the overlap that made it one.
    public var similarity: Double?
    /// False when the lease had been lost (another run took the job); nothing was written.
    public var leaseHeld: Bool

    public init(
        status: Status, articleID: Int64?, duplicateOf: Int64?, leaseHeld: Bool, storyID: Int64? = nil,
        reason: DedupeReason? = nil, similarity: Double? = nil
    ) {
        self.storyID = storyID
        self.reason = reason
        self.similarity = similarity
        self.status = status
        self.articleID = articleID
        self.duplicateOf = duplicateOf
        self.leaseHeld = leaseHeld
    }
}

/// The result of running a job, to be committed with its acknowledgement.
public enum JobResult: Sendable {
    case completed(JobCompletion)
    case failed(JobFailure)

    public var jobID: Int64 {
        switch self {
        case .completed(let completion): completion.jobID
        case .failed(let failure): failure.jobID
        }
    }

    /// Who ran it: the lease owner its result is committed for.
    public var leaseOwner: String {
        switch self {
        case .completed(let completion): completion.leaseOwner
        case .failed(let failure): failure.leaseOwner
        }
    }
}

/// A job as `jobs list` shows it.
public struct JobRecord: Sendable, Equatable {
    public var id: Int64
    public var state: JobState
    public var attempts: Int
    public var feedID: Int64
    public var url: String
    public var notBefore: Date
    public var leaseOwner: String?
    public var lastError: String?
    public var createdAt: Date
    public var finishedAt: Date?

    public init(
        id: Int64, state: JobState, attempts: Int, feedID: Int64, url: String, notBefore: Date, leaseOwner: String?,
        lastError: String?, createdAt: Date, finishedAt: Date?
    ) {
        self.id = id
        self.state = state
        self.attempts = attempts
        self.feedID = feedID
        self.url = url
        self.notBefore = notBefore
        self.leaseOwner = leaseOwner
        self.lastError = lastError
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// A line for the article log, committed in the transaction of the job it reports.
public struct PendingLogLine: Sendable, Equatable {
    public var id: Int64
    public var line: String

    public init(id: Int64, line: String) {
        self.id = id
        self.line = line
    }
}

/// A failed attempt at a job.
public struct JobFailure: Sendable {
    public var jobID: Int64
    public var leaseOwner: String
    public var error: String
    /// When to try again; nil means the job is dead (no attempts left).
    public var retryAt: Date?
    public var failedAt: Date

    public init(jobID: Int64, leaseOwner: String, error: String, retryAt: Date?, failedAt: Date) {
        self.jobID = jobID
        self.leaseOwner = leaseOwner
        self.error = error
        self.retryAt = retryAt
        self.failedAt = failedAt
    }
}
