/// `tail` params: which events, and whether to keep following.
public struct TailParams: Sendable, Codable, Equatable {
    /// After the backlog, keep streaming new events until the client disconnects.
    public var follow: Bool
    /// How many recent events to send first (default 10).
    public var last: Int?
    /// Only events of this feed (id or URL).
    public var feed: String?
    /// Only events of feeds with this tag.
    public var tag: String?
    /// Only events in this language (e.g. "ar").
    public var lang: String?
    /// Only events with this status.
    public var status: ArticleLogEntry.Status?

    public init(
        follow: Bool, last: Int? = nil, feed: String? = nil, tag: String? = nil, lang: String? = nil,
        status: ArticleLogEntry.Status? = nil
    ) {
        self.follow = follow
        self.last = last
        self.feed = feed
        self.tag = tag
        self.lang = lang
        self.status = status
    }

    /// Whether an event passes the filters.
    public func matches(_ entry: ArticleLogEntry) -> Bool {
        if let lang, entry.lang != lang { return false }
        if let tag, !entry.tags.contains(tag) { return false }
        if let status, entry.status != status { return false }
        if let feed, feed != entry.feedURL, feed != String(entry.feedID) { return false }
        return true
    }
}

/// `tail` result, sent after the backlog.
public struct TailResult: Sendable, Codable, Equatable {
    /// How many backlog events were sent.
    public var backlog: Int
    /// Whether live events follow.
    public var following: Bool

    public init(backlog: Int, following: Bool) {
        self.backlog = backlog
        self.following = following
    }
}

/// `tail.skipped` params: events a slow reader missed.
public struct TailSkipped: Sendable, Codable, Equatable {
    public var skipped: Int

    public init(skipped: Int) {
        self.skipped = skipped
    }
}
