import Dispatch
import Fetch
import Foundation
import Logging
import Store
import Synchronization

/// Polls feeds when they are due: picks due feeds from the store, fetches them (conditional
/// GET), interprets the result and records it, then wakes the article pipeline when a poll
/// found new items.
final class FeedScheduler: Sendable {
    private struct State {
        var polling: Set<Int64> = []
        var stopped = false
    }

    private let store: any NewsStore
    private let fetcher: HTTPFetcher
    private let interpreter: Mutex<FeedPollInterpreter>
    private let pipeline: ArticlePipeline
    private let logger: Logger
    private let maxConcurrentPolls: Int
    /// Confines picking due feeds; results are interpreted on `parsing`.
    private let ticking = DispatchQueue(label: "newsd.scheduler")
    private let parsing = DispatchQueue(label: "newsd.scheduler.parse", attributes: .concurrent)
    private let state = Mutex(State())
    private let finished = Condition()

    init(
        store: any NewsStore, fetcher: HTTPFetcher, interpreter: FeedPollInterpreter, pipeline: ArticlePipeline,
        logger: Logger, maxConcurrentPolls: Int = 32
    ) {
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
        for feed in due {
            let claimed = state.withLock { state -> Bool in
                guard !state.stopped, state.polling.count < maxConcurrentPolls else { return false }
                return state.polling.insert(feed.id).inserted
            }
            guard claimed else { continue }
            poll(feed)
        }
    }

    private func poll(_ feed: FeedRecord) {
        let request = FetchRequest(
            url: feed.url, etag: feed.etag, lastModified: feed.lastModified,
            accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8")
        fetcher.fetch(request) { result in
            self.parsing.async { self.record(feed, result) }
        }
    }

    private func record(_ feed: FeedRecord, _ result: Result<FetchResponse, FetchError>) {
        defer {
            state.withLock { _ = $0.polling.remove(feed.id) }
            finished.wake()
        }
        let interpretation = interpreter.withLock { $0 }.interpret(feed: feed, result: result, now: Date())
        let created: Int
        do {
            created = try store.recordPoll(interpretation.outcome)
        } catch {
            logger.error("recording a poll failed", metadata: ["feed.url": "\(feed.url)", "error": "\(error)"])
            return
        }
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
