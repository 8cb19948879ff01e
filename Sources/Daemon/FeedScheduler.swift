import Control
import Dispatch
import Fetch
import Foundation
import Logging
import Store
import Synchronization

/// Polls feeds when they are due: picks due feeds from the store, fetches them (conditional
/// GET), interprets the result and records it, then wakes the article pipeline when a poll
/// found new items.
///
/// Up to `maxConcurrentPolls` polls run at once; each finished batch of polls is recorded in one
/// transaction and makes room for the next due feeds at once, so a cycle over many feeds is
/// bounded by the fetcher, not by the one-second tick. While many polls are in flight, the
/// recorder gives them a few milliseconds to finish together, and due feeds are leased once a
/// quarter of the room is free, not after every batch: a transaction (and its fsync) for every
/// poll or two was most of the cost of a cycle of 304s. A host that tells two or more of its
/// feeds to wait (429 or 503 with `Retry-After`) within ten minutes is left alone until the
/// latest time it asked for; other hosts, even of the same domain, are not affected.
///
/// Due feeds are leased in the database (`leaseDueFeeds`) under the daemon's lease owner, so
/// daemons sharing a database never poll the same feed at once, and a dead daemon's feeds are
/// polled by the others when its leases expire. A poll still in flight when half its lease has
/// passed has its lease renewed at the next tick. Recording a poll ends its lease; feeds leased
/// but not polled are given back at once, and all of them when the scheduler stops.
final class FeedScheduler: Sendable {
    /// A poll interpreted and waiting to be recorded.
    private struct Finished: Sendable {
        var feed: FeedRecord
        var interpretation: FeedPollInterpreter.Interpretation
    }

    private struct State {
        /// Feeds being polled, with when their leases expire.
        var polling: [Int64: Date] = [:]
        var stopped = false
        /// Recent `Retry-After` answers by host: which feed, and until when.
        var throttled: [String: [(feedID: Int64, until: Date, at: Date)]] = [:]
        /// Hosts not to be polled until the time given.
        var blockedHosts: [String: Date] = [:]
        /// Polls waiting for the recorder, and whether it is at work.
        var finished: [Finished] = []
        var recording = false
        /// When each feed's last poll was recorded: a due-feeds read older than that is stale.
        var recordedAt: [Int64: ContinuousClock.Instant] = [:]
        /// When `recordedAt` was last pruned: every few seconds, not at every tick (a cycle
        /// over thousands of feeds ticks after every batch).
        var prunedAt = ContinuousClock.now
    }

    private let store: any NewsStore
    private let fetcher: HTTPFetcher
    private let interpreter: Mutex<FeedPollInterpreter>
    private let pipeline: ArticlePipeline
    private let statistics: ProcessingStatistics
    private let logger: Logger
    private let maxConcurrentPolls: Int
    /// Room for at least this many polls before due feeds are leased (unless a lease needs renewing).
    private var leaseWhenRoomFor: Int { max(1, maxConcurrentPolls / 4) }
    /// Polls the recorder waits for (at most `batchWait`) while more are in flight.
    private var batchTarget: Int { max(1, maxConcurrentPolls / 2) }
    private static let batchWait = Duration.milliseconds(5)
    /// Whose the poll leases are (the daemon's `LeaseOwner`), and how long each holds.
    private let leaseOwner: String
    private let leaseDuration: Mutex<TimeInterval>
    /// Confines picking due feeds; fetched bodies are interpreted on `parsing` (other results on
    /// the fetcher thread), and polls recorded on `recorder`.
    private let ticking = DispatchQueue(label: "newsd.scheduler")
    private let parsing = DispatchQueue(label: "newsd.scheduler.parse", attributes: .concurrent)
    private let recorder = DispatchQueue(label: "newsd.scheduler.record")
    private let state = Mutex(State())
    private let finished = Condition()
    /// Woken whenever a poll is interpreted (the recorder waits on it for a fuller batch).
    private let interpreted = Condition()
    /// The last time a tick ran, for liveness checks.
    private let lastTick = Mutex(ContinuousClock.now)

    init(
        store: any NewsStore, fetcher: HTTPFetcher, interpreter: FeedPollInterpreter, pipeline: ArticlePipeline,
        statistics: ProcessingStatistics, logger: Logger, leaseOwner: String, leaseDuration: TimeInterval,
        maxConcurrentPolls: Int = 64
    ) {
        self.leaseOwner = leaseOwner
        self.leaseDuration = Mutex(leaseDuration)
        self.statistics = statistics
        self.store = store
        self.fetcher = fetcher
        self.interpreter = Mutex(interpreter)
        self.pipeline = pipeline
        self.logger = logger
        self.maxConcurrentPolls = maxConcurrentPolls
    }

    /// Starts ticking once a second.
    func start() {
        ticking.async { self.tickAndRepeat() }
    }

    private func tickAndRepeat() {
        guard !state.withLock({ $0.stopped }) else { return }
        tick()
        ticking.asyncAfter(deadline: .now() + 1) { [weak self] in self?.tickAndRepeat() }
    }

    /// Applies reloaded intervals to the polls that finish from now on, and a reloaded lease
    /// duration to the feeds leased from now on.
    func update(_ new: FeedPollInterpreter, leaseDuration: TimeInterval) {
        interpreter.withLock { $0 = new }
        self.leaseDuration.withLock { $0 = leaseDuration }
    }

    /// Looks for due feeds now instead of at the next tick.
    func pollDueFeedsNow() {
        ticking.async { self.tick() }
    }

    /// Feeds being polled right now.
    var pollsInFlight: Int { state.withLock { $0.polling.count } }

    var secondsSinceLastTick: Double {
        let elapsed = ContinuousClock.now - lastTick.withLock { $0 }
        return Double(elapsed.components.seconds)
    }

    private func tick() {
        lastTick.withLock { $0 = .now }
        let leaseDuration = self.leaseDuration.withLock { $0 }
        let leasedAt = Date()
        // Feeds in flight whose leases are past half-time come back renewed, hence room for them
        // too; the others are not returned (a poll takes seconds, a lease minutes).
        let renewBy = renewalThreshold(now: leasedAt, leaseDuration: leaseDuration)
        let (room, renewing) = state.withLock { state in
            (state.stopped ? 0 : maxConcurrentPolls - state.polling.count, state.polling.values.count { $0 <= renewBy })
        }
        guard room >= leaseWhenRoomFor || renewing > 0 else { return }
        let read = ContinuousClock.now
        let due: [FeedRecord]
        do {
            due = try store.leaseDueFeeds(owner: leaseOwner, limit: room + renewing, leaseDuration: leaseDuration, now: leasedAt)
        } catch {
            logger.error("finding due feeds failed", metadata: ["error": "\(error)"])
            return
        }
        let now = Date()
        var deferred: [Date: [Int64]] = [:]
        var claimed: [FeedRecord] = []
        var unused: [Int64] = []
        state.withLock { state in
            if read - state.prunedAt > .seconds(10) {
                state.recordedAt = state.recordedAt.filter { read - $0.value < .seconds(60) }
                state.prunedAt = read
            }
            for feed in due {
                if state.polling[feed.id] != nil {  // in flight: its lease was renewed
                    state.polling[feed.id] = leasedAt + leaseDuration
                    continue
                }
                guard !state.stopped, state.polling.count < maxConcurrentPolls else {
                    unused.append(feed.id)
                    continue
                }
                // Recorded after this read began: the row read is stale, the feed not due.
                if let recorded = state.recordedAt[feed.id], recorded >= read {
                    unused.append(feed.id)
                    continue
                }
                let host = FetchRequest.host(of: feed.url)
                if let until = state.blockedHosts[host] {
                    if until > now {
                        deferred[until, default: []].append(feed.id)
                        continue
                    }
                    state.blockedHosts[host] = nil
                }
                state.polling[feed.id] = leasedAt + leaseDuration
                claimed.append(feed)
            }
        }
        for feed in claimed { poll(feed) }
        if !unused.isEmpty {
            do {
                _ = try store.releaseFeedLeases(owner: leaseOwner, feedIDs: unused)
            } catch {
                logger.warning("giving back feed leases failed; they expire on their own", metadata: ["error": "\(error)"])
            }
        }
        for (until, feedIDs) in deferred {
            do {
                try store.deferPolls(feedIDs: feedIDs, until: until)
            } catch {
                logger.error("putting off polls of a throttled host failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func poll(_ feed: FeedRecord) {
        let request = FetchRequest(
            url: feed.url, etag: feed.etag, lastModified: feed.lastModified,
            accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8")
        fetcher.fetch(request) { result in
            // A body goes to the parsing queue; a 304, an error status or a failure has nothing
            // to parse and is interpreted here, on the fetcher thread, at once (waking a parsing
            // thread for it cost more than interpreting it).
            if Self.hasBodyToParse(result) {
                self.parsing.async { self.interpret(feed, result) }
            } else {
                self.interpret(feed, result)
            }
        }
    }

    private static func hasBodyToParse(_ result: Result<FetchResponse, FetchError>) -> Bool {
        guard case .success(let response) = result else { return false }
        return (200..<300).contains(response.status)
    }

    private func interpret(_ feed: FeedRecord, _ result: Result<FetchResponse, FetchError>) {
        let interpretation = interpreter.withLock { $0 }.interpret(feed: feed, result: result, now: Date())
        let start = state.withLock { state -> Bool in
            state.finished.append(Finished(feed: feed, interpretation: interpretation))
            defer { state.recording = true }
            return !state.recording
        }
        interpreted.wake()
        if start { recorder.async { self.recordPending() } }
    }

    /// Records finished polls, a batch per transaction, until none waits.
    private func recordPending() {
        while true {
            waitForBatch()
            let batch = state.withLock { state -> [Finished] in
                let batch = Array(state.finished.prefix(256))
                state.finished.removeFirst(batch.count)
                if batch.isEmpty { state.recording = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            record(batch)
        }
    }

    /// Waits until `batchTarget` polls are finished, every poll in flight is, or `batchWait` has
    /// passed: polls finishing a few milliseconds apart are recorded in one transaction.
    private func waitForBatch() {
        let deadline = ContinuousClock.now + Self.batchWait
        while true {
            let seen = interpreted.generation
            let (finished, inFlight) = state.withLock { ($0.finished.count, $0.polling.count) }
            if finished >= batchTarget || finished >= inFlight || ContinuousClock.now >= deadline { return }
            interpreted.wait(since: seen, until: deadline)
        }
    }

    private func record(_ batch: [Finished]) {
        let records: [PollRecord]?
        do {
            records = try store.recordPolls(batch.map(\.interpretation.outcome))
        } catch {
            // Not recorded: the feeds stay due and are polled again; their items are not lost.
            logger.error("recording polls failed", metadata: ["feeds": "\(batch.count)", "error": "\(error)"])
            records = nil
        }
        let now = Date()
        if let records {
            var newItems = 0
            var results: [ProcessingStatistics.PollResult: Int] = [:]
            for (finished, record) in zip(batch, records) {
                results[report(finished, record, now: now), default: 0] += 1
                newItems += record.newItems
            }
            // One line a batch at info; each poll's own line is at debug (failures warn).
            logger.info(
                "polls recorded",
                metadata: [
                    "polls": "\(batch.count)", "not_modified": "\(results[.notModified] ?? 0)",
                    "fetched": "\(results[.fetched] ?? 0)", "failed": "\(results[.failed] ?? 0)", "new_items": "\(newItems)",
                ])
            if newItems > 0 { pipeline.wake() }
        }
        state.withLock { state in
            let recorded = ContinuousClock.now
            for finished in batch {
                state.polling[finished.feed.id] = nil
                state.recordedAt[finished.feed.id] = recorded
            }
        }
        finished.wake()
        pollDueFeedsNow()
    }

    /// Counts and logs one recorded poll; returns how it ended.
    private func report(_ finished: Finished, _ record: PollRecord, now: Date) -> ProcessingStatistics.PollResult {
        let feed = finished.feed
        let interpretation = finished.interpretation
        let result: ProcessingStatistics.PollResult
        switch interpretation.outcome.result {
        case .fetched: result = .fetched
        case .notModified: result = .notModified
        case .failed: result = .failed
        }
        statistics.countPoll(result)
        if let until = interpretation.retryAfter { noteThrottled(feedID: feed.id, url: feed.url, until: until, now: now) }
        if let reason = interpretation.outcome.pauseReason {
            logger.warning("feed paused", metadata: ["feed.url": "\(feed.url)", "reason": "\(reason)"])
        }
        if let movedTo = record.movedTo {
            logger.notice(
                "feed moved after permanent redirects; update the configuration if it lists the old URL",
                metadata: ["feed.url": "\(feed.url)", "moved_to": "\(movedTo)"])
        }
        guard result == .failed || logger.logLevel <= .debug else { return result }
        var metadata: Logger.Metadata = [
            "feed.url": "\(feed.url)", "result": "\(interpretation.summary)",
            "next_poll_in_s": "\(Int(interpretation.outcome.nextPollAt.timeIntervalSince(now).rounded()))",
        ]
        if result == .failed {
            metadata["failures"] = "\(feed.consecutiveFailures + 1)"
            logger.warning("feed poll failed", metadata: metadata)
            return result
        }
        metadata["items"] = "\(interpretation.itemsInFeed)"
        metadata["new"] = "\(record.newItems)"
        logger.debug("feed polled", metadata: metadata)
        return result
    }

    /// Notes a `Retry-After` answer; the second from one host within ten minutes blocks the host.
    private func noteThrottled(feedID: Int64, url: String, until: Date, now: Date) {
        let host = FetchRequest.host(of: url)
        let blocked = state.withLock { state -> Date? in
            var recent = (state.throttled[host] ?? []).filter { now.timeIntervalSince($0.at) < 600 && $0.feedID != feedID }
            recent.append((feedID, until, now))
            state.throttled[host] = recent
            guard Set(recent.map(\.feedID)).count >= 2 else { return nil }
            let latest = recent.map(\.until).max()!
            state.blockedHosts[host] = max(state.blockedHosts[host] ?? latest, latest)
            return state.blockedHosts[host]
        }
        if let blocked {
            logger.warning(
                "host asked several feeds to wait; not polling it until then",
                metadata: ["host": "\(host)", "until": "\(ControlCoding.timestamp(blocked))"])
        }
    }

    /// Stops starting polls, waits until those in flight are recorded or `deadline` passes, and
    /// gives back the daemon's poll leases so that other daemons need not wait for them to expire.
    func stop(until deadline: ContinuousClock.Instant) {
        state.withLock { $0.stopped = true }
        ticking.sync {}
        while true {
            let seen = finished.generation
            if pollsInFlight == 0 || ContinuousClock.now >= deadline { break }
            finished.wait(since: seen, until: deadline)
        }
        do {
            _ = try store.releaseFeedLeases(owner: leaseOwner, feedIDs: nil)
        } catch {
            logger.warning("giving back feed leases failed; they expire on their own", metadata: ["error": "\(error)"])
        }
    }
}
