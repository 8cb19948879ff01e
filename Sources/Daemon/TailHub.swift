import Control
import Synchronization

/// Fans processed-article events out to `tail` clients and keeps the most recent ones for a
/// client that asks for a backlog.
///
/// Publishing never blocks: each subscriber has a bounded queue, and a subscriber that falls
/// behind loses the oldest events and is told how many it missed.
public final class TailHub: Sendable {
    private struct State {
        var recent: [ArticleLogEntry] = []
        var subscribers: [ObjectIdentifier: TailSubscription] = [:]
    }

    private let state = Mutex(State())
    private let backlogCapacity: Int

    public init(backlogCapacity: Int = 1000) {
        self.backlogCapacity = backlogCapacity
    }

    /// Seeds the backlog (from the log file, at start).
    public func preload(_ entries: [ArticleLogEntry]) {
        state.withLock { state in
            state.recent = Array((entries + state.recent).suffix(backlogCapacity))
        }
    }

    public func publish(_ entry: ArticleLogEntry) {
        let subscribers = state.withLock { state -> [TailSubscription] in
            state.recent.append(entry)
            if state.recent.count > backlogCapacity { state.recent.removeFirst(state.recent.count - backlogCapacity) }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.offer(entry) }
    }

    /// The last `count` events that pass `filter`, oldest first.
    public func backlog(_ count: Int, matching filter: TailParams) -> [ArticleLogEntry] {
        let recent = state.withLock { $0.recent }
        return Array(recent.filter(filter.matches).suffix(max(0, count)))
    }

    /// Starts a live subscription; `cancel` it when the client goes.
    public func subscribe(filter: TailParams, capacity: Int = 1000) -> TailSubscription {
        let subscription = TailSubscription(filter: filter, capacity: capacity)
        state.withLock { $0.subscribers[ObjectIdentifier(subscription)] = subscription }
        return subscription
    }

    public func cancel(_ subscription: TailSubscription) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: ObjectIdentifier(subscription)) }
        subscription.close()
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}

/// One live `tail` client's queue of events.
public final class TailSubscription: Sendable {
    /// What `next` hands the client's writer.
    public enum Delivery: Equatable {
        case event(ArticleLogEntry)
        /// Events were dropped because the client read too slowly.
        case skipped(Int)
        /// Nothing arrived within the wait.
        case idle
        case closed
    }

    private struct State {
        var queue: [ArticleLogEntry] = []
        var skipped = 0
        var closed = false
    }

    private let filter: TailParams
    private let capacity: Int
    private let state = Mutex(State())
    private let signal = Condition()

    init(filter: TailParams, capacity: Int) {
        self.filter = filter
        self.capacity = capacity
    }

    func offer(_ entry: ArticleLogEntry) {
        guard filter.matches(entry) else { return }
        state.withLock { state in
            guard !state.closed else { return }
            if state.queue.count >= capacity {
                state.queue.removeFirst()
                state.skipped += 1
            }
            state.queue.append(entry)
        }
        signal.wake()
    }

    func close() {
        state.withLock { $0.closed = true }
        signal.wake()
    }

    /// The next delivery, waiting up to `timeout` seconds for one.
    public func next(timeout: Double) -> Delivery {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while true {
            let seen = signal.generation
            let delivery = state.withLock { state -> Delivery? in
                if state.skipped > 0 {
                    defer { state.skipped = 0 }
                    return .skipped(state.skipped)
                }
                if !state.queue.isEmpty { return .event(state.queue.removeFirst()) }
                return state.closed ? .closed : nil
            }
            if let delivery { return delivery }
            if ContinuousClock.now >= deadline { return .idle }
            signal.wait(since: seen, until: deadline)
        }
    }
}
