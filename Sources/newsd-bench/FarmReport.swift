import Foundation

/// Everything `newsd-bench farm` measured; printed as text and, with `--json`, written whole
/// (the full time series included). Times are seconds from the daemon's launch unless named
/// otherwise; sizes are bytes.
struct FarmReport: Codable {
    struct Setup: Codable {
        var feeds: Int
        var itemsPerFeed: Int
        var arabicFeeds: Int
        var pageKiB: String
        /// Bytes of all article pages together.
        var pageBytesTotal: Int
        var workers: Int
        var cpus: Int
        var server = "separate process (newsd-bench farm-server), thread per connection, keep-alive"
        var folder: String
    }

    struct Counts: Codable, Equatable {
        var items: Int
        var articles: Int
        var duplicates: Int
    }

    struct Ingest: Codable {
        /// Until the control socket answered.
        var socketReadySeconds: Double
        var firstArticleSeconds: Double?
        var lastArticleSeconds: Double?
        /// Items processed when the ingest ended: all of them, or as many as `--timeout` allowed.
        var itemsProcessed: Int
        /// When the ingest ended: the last article, or the time-out.
        var endedSeconds: Double
        /// Set when `--timeout` ended the ingest first: when the last article would come at the
        /// rate of the last five minutes.
        var extrapolatedLastArticleSeconds: Double?
        /// Until every feed had been polled once (counted from the "polls recorded" lines on stderr).
        var allFeedsPolledSeconds: Double?
        /// Items processed (article log lines) per second, from launch to the last one (or to the time-out).
        var itemsPerSecond: Double
        /// The same from the first line to the last.
        var itemsPerSecondFirstToLast: Double
        /// Distinct articles stored per second, from launch.
        var articlesPerSecond: Double
        var daemonUserSeconds: Double
        var daemonSystemSeconds: Double
        /// VmHWM when the last article was logged.
        var peakRSSBytes: Int
        var rssAtEndBytes: Int
        /// Daemon CPU seconds by thread name, at the end of the ingest.
        var cpuByThread: [String: Double]
        var serverCPUSeconds: Double
        var serverRequests: Int?
        /// Connections open to the farm server when the ingest ended (the fetcher keeps them alive).
        var serverConnectionsOpen: Int?
        /// The article log's `ms` (lease to commit, queueing included), percentiles.
        var latencyMilliseconds: [String: Int]
        /// Warning and error lines on the daemon's stderr, and the first few.
        var warnings: Int
        var firstWarnings: [String]
        /// How long one `stats` request took, median and slowest, milliseconds (the sampling's
        /// own cost; `stats` is sampled at most every twenty times its latency).
        var statsRequestMilliseconds: Double
        var statsRequestMillisecondsMax: Double
        var statsRequests: Int
    }

    struct Verification: Codable {
        var logLines: Int
        var byStatus: [String: Int]
        var uniqueURLs: Int
        var missingURLs: Int
        var unexpectedURLs: Int
        var storedArticles: Int
        var jobs: [String: Int]
        /// Empty when everything was stored and logged exactly once as the site's rules say.
        var problems: [String]
    }

    struct PollCycle: Codable {
        var seconds: Double
        var feedsPolled: Int
        var notModified: Int
        var changed: Int
        var failed: Int
        var daemonCPUSeconds: Double
        var serverCPUSeconds: Double
        var timedOut: Bool
    }

    struct Sample: Codable {
        var t: Double
        var logLines: Int
        var feedsPolled: Int
        var jobs: [String: Int]
        var inFlight: Int
        var articles: Int
        var rssBytes: Int
        var daemonCPUSeconds: Double
        var serverCPUSeconds: Double
        /// 0 when `stats` was not asked this time (its counts are the previous sample's).
        var statsMilliseconds: Double
    }

    var setup: Setup
    var expected: Counts
    var serverAlone: ServerProbe.Result?
    var ingest: Ingest?
    var verification: Verification?
    var pollCycles: [PollCycle] = []
    /// A cycle after every feed published one new item.
    var changedCycle: PollCycle?
    /// newsboat reloading the same farm.
    var newsboat: NewsboatRun.Result?
    var peakRSSBytes: Int?
    var daemonExitStatus: Int32?
    var floor: ParseFloor.Result?
    /// Time to the last article over the floor.
    var ratioToFloor: Double?
    /// The daemon's CPU time until the last article over the floor's CPU time: what the daemon
    /// spends beyond parsing, however busy the machine was.
    var cpuRatioToFloor: Double?
    var samples: [Sample] = []
}

extension FarmReport {
    /// The summary printed at the end of a run.
    var text: String {
        var lines: [String] = ["", "== newsd-bench farm: results =="]
        func add(_ label: String, _ value: String) { lines.append(label.padding(toLength: 30, withPad: " ", startingAt: 0) + value) }
        add("farm", "\(setup.feeds) feeds × \(setup.itemsPerFeed) items = \(expected.items) items (\(setup.arabicFeeds) Arabic feeds), pages \(setup.pageKiB) KiB, \(Self.mib(setup.pageBytesTotal)) in all")
        add("expected", "\(expected.articles) new + \(expected.duplicates) duplicate (wire stories)")
        if let server = serverAlone {
            add("farm server alone", String(format: "%d pages in %.2f s = %.0f pages/s, %.0f MiB/s over %d keep-alive connections; %.2f ms CPU a page",
                server.pages, server.seconds, server.pagesPerSecond, server.mebibytesPerSecond, server.connections, server.serverCPUMillisecondsPerPage))
        }
        if let ingest {
            add("control socket ready", String(format: "%.2f s", ingest.socketReadySeconds))
            add("first stored article", ingest.firstArticleSeconds.map { String(format: "%.2f s", $0) } ?? "none")
            add("last stored article", ingest.lastArticleSeconds.map { String(format: "%.2f s", $0) }
                ?? "not reached: \(ingest.itemsProcessed) of \(expected.items) items processed when --timeout ended the run"
                + (ingest.extrapolatedLastArticleSeconds.map { String(format: "; all would take %.0f s at the last 5 minutes' rate", $0) } ?? ""))
            add("all feeds polled once", ingest.allFeedsPolledSeconds.map { String(format: "%.2f s", $0) } ?? "not reached")
            add("throughput", String(format: "%.1f items/s from launch (%.1f first to last); %.1f distinct articles/s", ingest.itemsPerSecond, ingest.itemsPerSecondFirstToLast, ingest.articlesPerSecond))
            let wall = ingest.endedSeconds
            add("daemon CPU", String(format: "user %.1f s + sys %.1f s = %.0f%% of one core over %.1f s", ingest.daemonUserSeconds, ingest.daemonSystemSeconds,
                (ingest.daemonUserSeconds + ingest.daemonSystemSeconds) * 100 / max(wall, 1e-9), wall))
            let threads = ingest.cpuByThread.sorted { $0.value > $1.value }.prefix(6).map { "\($0.key) " + String(format: "%.1f s", $0.value) }
            add("  by thread", threads.joined(separator: ", "))
            add("farm server CPU", String(format: "%.1f s", ingest.serverCPUSeconds) + " for \(ingest.serverRequests.map(String.init) ?? "?") requests"
                + String(format: " (%.2f ms a request)", ingest.serverCPUSeconds * 1000 / Double(max(1, ingest.serverRequests ?? 0)))
                + "; \(ingest.serverConnectionsOpen.map(String.init) ?? "?") keep-alive connections open at the end")
            add("per item ms (lease→commit)", ["p50", "p90", "p99", "max"].map { "\($0) \(ingest.latencyMilliseconds[$0] ?? 0)" }.joined(separator: ", "))
            add("peak memory at last article", "\(Self.mib(ingest.peakRSSBytes)) (VmHWM); RSS then \(Self.mib(ingest.rssAtEndBytes))")
            add("stats request (sampling cost)", String(format: "%.1f ms median, %.0f ms slowest, %d requests", ingest.statsRequestMilliseconds, ingest.statsRequestMillisecondsMax, ingest.statsRequests))
            add("daemon warnings/errors", "\(ingest.warnings)" + (ingest.firstWarnings.isEmpty ? "" : ": " + ingest.firstWarnings.joined(separator: " | ")))
        }
        if let verification {
            let statuses = verification.byStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            add("article log", "\(verification.logLines) lines (\(statuses)), \(verification.uniqueURLs) unique URLs; \(verification.storedArticles) articles stored")
            let complete = ingest?.lastArticleSeconds != nil
            let fine = complete ? "yes: nothing lost, nothing doubled" : "so far: nothing doubled, nothing failed (the run was cut short)"
            add("exactly once", verification.problems.isEmpty ? fine : "NO:\n    " + verification.problems.joined(separator: "\n    "))
        }
        if !pollCycles.isEmpty {
            let each = pollCycles.map { cycle in
                String(format: "%.2f s", cycle.seconds) + (cycle.timedOut ? " TIMED OUT" : "")
                    + " (\(cycle.notModified)/\(setup.feeds) answered 304, \(cycle.changed) changed, \(cycle.failed) failed; "
                    + String(format: "daemon cpu %.1f s)", cycle.daemonCPUSeconds)
            }
            add("all-unchanged poll cycle", "median " + String(format: "%.2f s", median(pollCycles.map(\.seconds))) + ": " + each.joined(separator: "; "))
        }
        if let cycle = changedCycle {
            add("all-changed poll cycle", String(format: "%.2f s", cycle.seconds) + (cycle.timedOut ? " TIMED OUT" : "")
                + " (\(cycle.changed)/\(setup.feeds) had a new item, \(cycle.notModified) answered 304, \(cycle.failed) failed; "
                + String(format: "daemon cpu %.1f s)", cycle.daemonCPUSeconds))
        }
        if let newsboat {
            add("newsboat", "\(newsboat.version), `-x reload` with its default configuration; peak memory \(Self.mib(newsboat.peakRSSBytes))")
            add("  first reload (all new)", String(format: "%.2f s", newsboat.firstCycle.seconds))
            var unchanged = String(format: "%.2f s", newsboat.unchangedCycle.seconds)
            if !pollCycles.isEmpty {
                unchanged += String(format: " = %.1f× newsd's all-unchanged cycle", newsboat.unchangedCycle.seconds / median(pollCycles.map(\.seconds)))
            }
            add("  unchanged reload", unchanged)
            if let changed = newsboat.changedCycle {
                var line = String(format: "%.2f s", changed.seconds)
                if let cycle = changedCycle { line += String(format: " = %.1f× newsd's all-changed cycle", changed.seconds / cycle.seconds) }
                add("  changed reload", line)
            }
        }
        if let peakRSSBytes { add("peak memory overall", Self.mib(peakRSSBytes) + " (VmHWM before SIGTERM)") }
        if let daemonExitStatus { add("newsd exit status", "\(daemonExitStatus) after SIGTERM") }
        if let floor {
            let parsed = floor.pagesParsed == floor.pages ? "\(floor.pages) pages" : "\(floor.pages) pages (scaled from \(floor.pagesParsed) parsed)"
            add("libxml2 floor", String(format: "%.2f s", floor.floorSeconds) + ": \(parsed), \(Self.mib(floor.bytes)) parsed on \(floor.threads) threads "
                + String(format: "(busiest thread; %.0f MiB/s a thread; %.1f s wall with page generation)", floor.mebibytesPerSecondPerThread, floor.wallSeconds)
                + (floor.failures > 0 ? "; \(floor.failures) FAILED" : ""))
            add("  floor CPU", String(format: "%.2f s in all = %.2f ms a page", floor.cpuSeconds, floor.cpuSeconds * 1000 / Double(max(1, floor.pages))))
        }
        if let ratioToFloor {
            let extrapolated = ingest?.lastArticleSeconds == nil
            add("daemon / floor", String(format: "%.2f×", ratioToFloor) + " (time to last article\(extrapolated ? ", extrapolated," : "") / floor; goal ≤ 2×)")
        }
        if let cpuRatioToFloor, let ingest {
            let cpu = ingest.daemonUserSeconds + ingest.daemonSystemSeconds
            add("daemon CPU / floor CPU", String(format: "%.2f× (%.2f ms of daemon CPU an item, against libxml2's parse)", cpuRatioToFloor, cpu * 1000 / Double(max(1, ingest.itemsProcessed))))
        }
        return lines.joined(separator: "\n")
    }

    static func mib(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.2f GiB", Double(bytes) / 1_073_741_824) : String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
