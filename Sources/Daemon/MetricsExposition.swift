import Fetch
import Store

/// The daemon's state in Prometheus text exposition format (version 0.0.4): totals, queue
/// depths, per-feed health and per-host summaries.
struct MetricsExposition {
    var statistics: StoreStatistics
    var feeds: [FeedRecord]
    var processed: [String: Int]
    var polls: [String: Int]
    var uptime: Duration
    var inFlight: Int
    var workers: Int

    var text: String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: [(String, String)], value: Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples {
                let labels = sample.labels.isEmpty ? "" : "{" + sample.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
                out += "\(name)\(labels) \(Self.format(sample.value))\n"
            }
        }
        metric("newsd_info", "gauge", "Version of the running daemon.", [([("version", newsdVersion)], 1)])
        metric("newsd_uptime_seconds", "gauge", "Seconds since the daemon started.", [([], Double(uptime.components.seconds))])
        let failing = feeds.filter { $0.consecutiveFailures > 0 && !$0.isPaused }.count
        let paused = feeds.filter(\.isPaused).count
        metric("newsd_feeds", "gauge", "Feeds by state.", [
            ([("state", "ok")], Double(feeds.count - failing - paused)), ([("state", "failing")], Double(failing)),
            ([("state", "paused")], Double(paused)),
        ])
        metric("newsd_articles", "gauge", "Articles stored.", [([], Double(statistics.articles))])
        metric("newsd_items", "gauge", "Feed items seen.", [([], Double(statistics.items))])
        metric("newsd_jobs", "gauge", "Article jobs in the durable queue, by state.",
               JobState.allCases.map { ([("state", $0.rawValue)], Double(statistics.jobs[$0] ?? 0)) })
        metric("newsd_jobs_in_flight", "gauge", "Jobs leased by this daemon and not yet committed.", [([], Double(inFlight))])
        metric("newsd_workers", "gauge", "Size of the worker pool.", [([], Double(workers))])
        metric("newsd_processed_total", "counter", "Items processed since start, by outcome.",
               processed.keys.sorted().map { ([("status", $0)], Double(processed[$0] ?? 0)) })
        metric("newsd_polls_total", "counter", "Feed polls since start, by result.",
               polls.keys.sorted().map { ([("result", $0)], Double(polls[$0] ?? 0)) })

        let labelled = feeds.map { feed in (feed, [("feed_id", String(feed.id)), ("url", feed.url)]) }
        metric("newsd_feed_items", "gauge", "Items seen in each feed.", labelled.map { ($0.1, Double($0.0.itemCount)) })
        metric("newsd_feed_consecutive_failures", "gauge", "Failed polls in a row, per feed.",
               labelled.map { ($0.1, Double($0.0.consecutiveFailures)) })
        metric("newsd_feed_paused", "gauge", "1 when the feed is paused.", labelled.map { ($0.1, $0.0.isPaused ? 1 : 0) })
        metric("newsd_feed_last_success_timestamp_seconds", "gauge", "When the feed was last polled successfully.",
               labelled.compactMap { feed in feed.0.lastSuccessAt.map { (feed.1, $0.timeIntervalSince1970) } })
        metric("newsd_feed_next_poll_timestamp_seconds", "gauge", "When the feed is polled next.",
               labelled.map { ($0.1, $0.0.nextPollAt.timeIntervalSince1970) })

        var hosts: [String: (feeds: Int, failing: Int)] = [:]
        for feed in feeds {
            let host = FetchRequest.host(of: feed.url)
            hosts[host, default: (0, 0)].feeds += 1
            if feed.consecutiveFailures > 0 && !feed.isPaused { hosts[host, default: (0, 0)].failing += 1 }
        }
        metric("newsd_host_feeds", "gauge", "Feeds per host.", hosts.keys.sorted().map { ([("host", $0)], Double(hosts[$0]!.feeds)) })
        metric("newsd_host_failing_feeds", "gauge", "Failing feeds per host.",
               hosts.keys.sorted().map { ([("host", $0)], Double(hosts[$0]!.failing)) })
        return out
    }

    /// A label value with backslash, double quote and line feed escaped, as the format asks.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
