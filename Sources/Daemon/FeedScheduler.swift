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
/// A host that tells two or more of its feeds to wait (429 or 503 with `Retry-After`) within
/// ten minutes is left alone until the latest time it asked for; other hosts, even of the same
/// domain, are not affected.
final class FeedScheduler: Sendable {
    private struct State {
        var polling: Set<Int64> = []
        var stopped = false
        /// Recent `Retry-After` answers by host: which feed, and until when.
        var throttled: [String: [(feedID: Int64, until: Date, at: Date)]] = [:]
        /// Hosts not to be polled until the time given.
        var blockedHosts: [String: Date] = [:]
    }

    private let store: any NewsStore
    private let fetcher: HTTPFetcher
    private let interpreter: Mutex<FeedPollInterpreter>
    private let pipeline: ArticlePipeline
    private let statistics: ProcessingStatistics
    private let logger: Logger
    private let maxConcurrentPolls: Int
    /// Confines picking due feeds; results are interpreted on `parsing`.
    private let ticking = DispatchQueue(label: "newsd.scheduler")
    private let parsing = DispatchQueue(label: "newsd.scheduler.parse", attributes: .concurrent)
    private let state = Mutex(State())
    private let finished = Condition()

    init(
        store: any NewsStore, fetcher: HTTPFetcher, interpreter: FeedPollInterpreter, pipeline: ArticlePipeline,
        statistics: ProcessingStatistics, logger: Logger, maxConcurrentPolls: Int = 32
    ) {
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

    /// Applies reloaded intervals to the polls that finish from now on.
    func update(_ new: FeedPollInterpreter) {
        interpreter.withLock { $0 = new }
    }

    /// Looks for due feeds now instead of at the next tick.
    func pollDueFeedsNow() {
        ticking.async { self.tick() }
    }

    /// Feeds being polled right now.
    var pollsInFlight: Int { state.withLock { $0.polling.count } }

    /// The last time a tick ran, for liveness checks.
    private let lastTick = Mutex(ContinuousClock.now)
    var secondsSinceLastTick: Double {
        let elapsed = ContinuousClock.now - lastTick.withLock { $0 }
        return Double(elapsed.components.seconds)
    }

    private func tick() {
        lastTick.withLock { $0 = .now }
        let room = state.withLock { $0.stopped ? 0 : maxConcurrentPolls - $0.polling.count }
        guard room > 0 else { return }
        let due: [FeedRecord]
        do {
            due = try store.dueFeeds(now: Date(), limit: room + pollsInFlight)
        } catch {
            logger.error("finding due feeds failed", metadata: ["error": "\(error)"])
            return
        }
        let now = Date()
        var deferred: [Date: [Int64]] = [:]
        for feed in due {
            let host = FetchRequest.host(of: feed.url)
            let claimed = state.withLock { state -> Bool in
                guard !state.stopped, state.polling.count < maxConcurrentPolls else { return false }
                if let until = state.blockedHosts[host] {
                    if until > now {
                        deferred[until, default: []].append(feed.id)
                        return false
                    }
                    state.blockedHosts[host] = nil
                }
                return state.polling.insert(feed.id).inserted
            }
            guard claimed else { continue }
            poll(feed)
        }
        for (until, feedIDs) in deferred {
            do {
                try store.deferPolls(feedIDs: feedIDs, until: until)
            } catch {
                logger.error("putting off polls of a throttled host failed", metadata: ["error": "\(error)"])
            }
        }
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

    private func poll(_ feed: FeedRecord) {
        let request = FetchRequest(
            url: feed.url, etag: feed.etag, lastModified: feed.lastModified,
            accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8")
        fetcher.fetch(request) { result in
            self.parsing.async { self.record(feed, result) }
        }
    }

    private func record(_ feed: FeedRecord, _ result: Result<FetchResponse, FetchError>) {
        defer {
            state.withLock { _ = $0.polling.remove(feed.id) }
            finished.wake()
        }
        let now = Date()
        let interpretation = interpreter.withLock { $0 }.interpret(feed: feed, result: result, now: now)
        let record: PollRecord
        do {
            record = try store.recordPoll(interpretation.outcome)
        } catch {
            logger.error("recording a poll failed", metadata: ["feed.url": "\(feed.url)", "error": "\(error)"])
            return
        }
        switch interpretation.outcome.result {
        case .fetched: statistics.countPoll(.fetched)
        case .notModified: statistics.countPoll(.notModified)
        case .failed: statistics.countPoll(.failed)
        }
        if let until = interpretation.retryAfter { noteThrottled(feedID: feed.id, url: feed.url, until: until, now: now) }
        if let reason = interpretation.outcome.pauseReason {
            logger.warning("feed paused", metadata: ["feed.url": "\(feed.url)", "reason": "\(reason)"])
        }
        if let movedTo = record.movedTo {
            logger.notice(
                "feed moved after permanent redirects; update the configuration if it lists the old URL",
                metadata: ["feed.url": "\(feed.url)", "moved_to": "\(movedTo)"])
        }
        let created = record.newItems
        var metadata: Logger.Metadata = [
            "feed.url": "\(feed.url)", "result": "\(interpretation.summary)",
            "next_poll_in_s": "\(Int(interpretation.outcome.nextPollAt.timeIntervalSinceNow.rounded()))",
        ]
        if case .failed = interpretation.outcome.result {
            metadata["failures"] = "\(feed.consecutiveFailures + 1)"
            logger.warning("feed poll failed", metadata: metadata)
            return
        }
        metadata["items"] = "\(interpretation.itemsInFeed)"
        metadata["new"] = "\(created)"
        logger.info("feed polled", metadata: metadata)
        if created > 0 { pipeline.wake() }
    }

    /// Stops starting polls and waits until those in flight are recorded or `deadline` passes.
    func stop(until deadline: ContinuousClock.Instant) {
        state.withLock { $0.stopped = true }
        ticking.sync {}
        while true {
            let seen = finished.generation
            if pollsInFlight == 0 || ContinuousClock.now >= deadline { return }
            finished.wait(since: seen, until: deadline)
        }
    }
}
