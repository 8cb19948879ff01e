/// Every method the control socket answers; README.md ("Control protocol") documents each.
public enum ControlMethod: String, Sendable, CaseIterable {
    case version
    case feedAdd = "feed.add"
    case feedList = "feed.list"
    case feedRemove = "feed.remove"
    case feedPoll = "feed.poll"
    case feedShow = "feed.show"
    case feedPause = "feed.pause"
    case feedResume = "feed.resume"
    /// Changes a feed's interval or tags.
    case feedSet = "feed.set"
    case articleGet = "article.get"
    /// Processed items, newest first, filtered by feed, language, status or time.
    case articleList = "article.list"
    /// Full-text search over titles and texts, Arabic-aware.
    case articleSearch = "article.search"
    /// Streams `tail.event` notifications (backlog, then live when following).
    case tail
    case stats
    /// The daemon's counters and gauges in Prometheus text format.
    case metrics
    case jobsList = "jobs.list"
    case jobsRetry = "jobs.retry"
    /// Reads the configuration file again (as SIGHUP does).
    case reload
    /// Subscribes to a batch of feeds from an OPML file (parsed by the client).
    case opmlImport = "opml.import"
}

/// The notification that carries one processed-article event to a `tail` client.
public let tailEventMethod = "tail.event"
/// The notification that tells a `tail` client events were dropped because it read too slowly.
public let tailSkippedMethod = "tail.skipped"
