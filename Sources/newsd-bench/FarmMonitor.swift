import Control
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Watches the daemon while it works: the article log and stderr are followed every 50 ms (one
/// `fstat` each when nothing changed), `/proc` is sampled every `sampleEvery` seconds and
/// `stats` as often over one kept-open control connection, but never more often than twenty
/// times its own latency (its counts cost the daemon more as the tables grow, and the sampling
/// must not become the load it measures), and a compact line is printed every `printEvery`
/// seconds.
final class FarmMonitor {
    let daemon: DaemonProcess
    let server: FarmServerProcess
    var connection: ControlConnection
    let feeds: Int
    let sampleEvery: Double
    let printEvery: Double

    private(set) var samples: [FarmReport.Sample] = []
    private(set) var logLines = 0
    private(set) var firstLineAt: Double?
    /// Polls recorded, as the daemon's "polls recorded" lines (one a batch, at info) count them,
    /// and when that count first reached the number of feeds (every feed polled once, unless one
    /// was polled twice in between: a failed poll is retried).
    private(set) var feedsPolled = 0
    private(set) var allFeedsPolledAt: Double?
    private(set) var warnings = 0
    private(set) var firstWarnings: [String] = []
    private(set) var statsMilliseconds: [Double] = []
    private var articleLog: LogFollower
    private var stderr: LogFollower
    private var nextSample: Double = 0
    private var nextStats: Double = 0
    private var nextPrint: Double
    private var lastPrinted: (t: Double, lines: Int, cpu: Double, server: Double)?
    /// How the polls recorded since the trigger of the cycle in progress ended. (Counts of polls,
    /// not of feeds: the scheduler does not poll a feed again whose poll it recorded after its
    /// read of due feeds began, so a feed is polled once a cycle.)
    private var cycle = (notModified: 0, changed: 0, failed: 0)
    private var cyclePolls: Int { cycle.notModified + cycle.changed + cycle.failed }

    init(daemon: DaemonProcess, server: FarmServerProcess, connection: ControlConnection, feeds: Int, sampleEvery: Double, printEvery: Double) {
        self.daemon = daemon
        self.server = server
        self.connection = connection
        self.feeds = feeds
        self.sampleEvery = sampleEvery
        self.printEvery = printEvery
        articleLog = LogFollower(path: daemon.articleLogPath)
        stderr = LogFollower(path: daemon.stderrPath)
        nextPrint = printEvery
    }

    /// Seconds since the daemon was launched.
    var now: Double { (ContinuousClock.now - daemon.launchedAt).seconds }

    /// Waits until the article log has `items` lines; returns when the last one appeared, or nil
    /// when `timeout` (seconds from launch) came first.
    func waitForItems(_ items: Int, timeout: Double, stallTimeout: Double) throws -> Double? {
        printHeader()
        var lastProgress = now
        while true {
            let before = logLines
            try step()
            if logLines > before { lastProgress = now }
            if logLines >= items { return now }
            if now > timeout { return nil }
            if now - lastProgress > stallTimeout {
                throw BenchError("no item processed for \(Int(stallTimeout)) s: \(logLines) of \(items) items processed\n\(daemon.stderrTail())")
            }
            usleep(50_000)
        }
    }

    /// Items processed per second over the last `window` seconds of samples.
    func recentRate(window: Double) -> Double? {
        guard let last = samples.last, let first = samples.last(where: { $0.t <= last.t - window }) ?? samples.first, last.t > first.t else {
            return nil
        }
        return Double(last.logLines - first.logLines) / (last.t - first.t)
    }

    /// Waits until nothing is queued, leased or in flight (or `timeout` passes).
    func waitUntilIdle(timeout: Double) throws {
        let deadline = now + timeout
        while now < deadline {
            let stats = try connection.call(.stats, as: StatsResult.self)
            if stats.inFlight == 0, (stats.jobs["queued"] ?? 0) == 0, (stats.jobs["leased"] ?? 0) == 0 { return }
            try step()
            usleep(100_000)
        }
    }

    /// Asks for every feed to be polled now and measures until each has been polled again;
    /// unchanged feeds answer 304.
    func pollCycle(timeout: Double) throws -> FarmReport.PollCycle {
        try step()
        cycle = (0, 0, 0)
        let daemonBefore = ProcessSample.read(pid: daemon.pid)?.cpuSeconds ?? 0
        let serverBefore = server.sample()?.cpuSeconds ?? 0
        let started = now
        _ = try connection.call(.feedPoll, FeedReference(all: true), as: FeedPollResult.self)
        var timedOut = false
        while cyclePolls < feeds {
            if now - started > timeout {
                timedOut = true
                break
            }
            usleep(10_000)
            try step(quietly: true)
        }
        let seconds = now - started
        return FarmReport.PollCycle(
            seconds: seconds, feedsPolled: cyclePolls, notModified: cycle.notModified, changed: cycle.changed, failed: cycle.failed,
            daemonCPUSeconds: (ProcessSample.read(pid: daemon.pid)?.cpuSeconds ?? 0) - daemonBefore,
            serverCPUSeconds: (server.sample()?.cpuSeconds ?? 0) - serverBefore, timedOut: timedOut)
    }

    /// One look: follow both logs, and sample and print when due. `quietly` skips the `stats`
    /// request (a poll cycle is timed without it), not the `/proc` reading.
    func step(quietly: Bool = false) throws {
        let t = now
        let added = articleLog.newLines { _ in }
        if added > 0, firstLineAt == nil { firstLineAt = t }
        logLines += added
        stderr.newLines { line in
            if line.containsBytes(Self.pollsRecorded) {
                let notModified = Self.count(Self.notModifiedKey, in: line)
                let changed = Self.count(Self.fetchedKey, in: line)
                let failed = Self.count(Self.failedKey, in: line)
                feedsPolled += notModified + changed + failed
                cycle.notModified += notModified
                cycle.changed += changed
                cycle.failed += failed
            }
            if line.count > 3, line[line.startIndex] == UInt8(ascii: "<"), (UInt8(ascii: "0")...UInt8(ascii: "4")).contains(line[line.startIndex + 1]) {
                warnings += 1
                if firstWarnings.count < 5 { firstWarnings.append(String(decoding: line.prefix(300), as: UTF8.self)) }
            }
        }
        if allFeedsPolledAt == nil, feedsPolled >= feeds { allFeedsPolledAt = t }
        guard daemon.process?.isRunning == true else { throw BenchError("newsd exited\n\(daemon.stderrTail())") }
        if t >= nextSample {
            nextSample = t + sampleEvery
            try sample(at: t, withStats: !quietly)
        }
        if t >= nextPrint {
            nextPrint += printEvery
            printLine()
        }
    }

    private static let pollsRecorded = Array("polls recorded".utf8)
    private static let notModifiedKey = Array(" not_modified=".utf8)
    private static let fetchedKey = Array(" fetched=".utf8)
    private static let failedKey = Array(" failed=".utf8)

    /// The number after `key` (` name=`) in a diagnostics line; 0 if it has none.
    static func count(_ key: [UInt8], in line: ArraySlice<UInt8>) -> Int {
        guard let start = line.firstRange(of: key)?.upperBound else { return 0 }
        var value = 0
        for byte in line[start...] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { break }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private func sample(at t: Double, withStats: Bool) throws {
        var stats: StatsResult?
        var milliseconds = 0.0
        if withStats, t >= nextStats {
            let started = ContinuousClock.now
            stats = try connection.call(.stats, as: StatsResult.self)
            milliseconds = (ContinuousClock.now - started).seconds * 1000
            statsMilliseconds.append(milliseconds)
            nextStats = t + max(sampleEvery, milliseconds / 1000 * 20)
        }
        let process = ProcessSample.read(pid: daemon.pid)
        let previous = samples.last
        samples.append(FarmReport.Sample(
            t: t, logLines: logLines, feedsPolled: feedsPolled, jobs: stats?.jobs ?? previous?.jobs ?? [:],
            inFlight: stats?.inFlight ?? previous?.inFlight ?? 0, articles: stats?.articles ?? previous?.articles ?? 0,
            rssBytes: process?.rssBytes ?? 0, daemonCPUSeconds: process?.cpuSeconds ?? 0,
            serverCPUSeconds: server.sample()?.cpuSeconds ?? 0, statsMilliseconds: milliseconds))
    }

    private func printHeader() {
        say("     t   items   items/s   queued  leased    done in_flt   polled   articles  rss MiB  cpu%  srv%")
    }

    private func printLine() {
        guard let sample = samples.last else { return }
        let previous = lastPrinted ?? (0, 0, 0, 0)
        let span = max(sample.t - previous.t, 1e-9)
        let line = String(
            format: "%6.1fs %7d %9.1f %8d %7d %7d %6d %8d %10d %8.1f %5.0f %5.0f", sample.t, sample.logLines,
            Double(sample.logLines - previous.lines) / span, sample.jobs["queued"] ?? 0, sample.jobs["leased"] ?? 0,
            sample.jobs["done"] ?? 0, sample.inFlight, sample.feedsPolled, sample.articles, Double(sample.rssBytes) / 1_048_576,
            (sample.daemonCPUSeconds - previous.cpu) * 100 / span, (sample.serverCPUSeconds - previous.server) * 100 / span)
        say(line)
        lastPrinted = (sample.t, sample.logLines, sample.daemonCPUSeconds, sample.serverCPUSeconds)
    }
}
