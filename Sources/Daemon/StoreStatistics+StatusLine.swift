import Store

extension StoreStatistics {
    /// The one-line summary systemd shows as the service's status, e.g.
    /// `12 feeds (1 failing, 0 paused), 4521 articles, queue: 3 waiting, 8 leased, 2 dead`.
    var statusLine: String {
        let failing = "\(failingFeeds) failing, \(pausedFeeds) paused"
        let queue = "\(jobs[.queued] ?? 0) waiting, \(jobs[.leased] ?? 0) leased, \(jobs[.dead] ?? 0) dead"
        return "\(Self.count(feeds, "feed")) (\(failing)), \(Self.count(articles, "article")), queue: \(queue)"
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }
}
