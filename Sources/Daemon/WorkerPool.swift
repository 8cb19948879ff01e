import Dispatch
import Synchronization

/// Workers on Dispatch queues draining one bounded queue of work.
///
/// At most `count` items run at once; at most `capacity` wait. `submit` never blocks: a full
/// queue refuses the item, and the caller (the stage before) holds it back instead, which is
/// how backpressure travels upstream. Idle workers hold no thread. `count` may change while
/// the pool runs (configuration reload).
public final class WorkerPool: Sendable {
    public typealias Work = @Sendable () -> Void

    private struct State {
        var pending: [Work] = []
        var head = 0
        var limit: Int
        var active = 0
        var running = 0
        var queues: [DispatchQueue] = []
        var freeQueues: [Int] = []
        var closed = false
        var pendingCount: Int { pending.count - head }

        /// A queue for one more drainer, if the limit allows one.
        mutating func startDrainer(name: String) -> (Int, DispatchQueue)? {
            guard active < limit, pendingCount > 0 else { return nil }
            active += 1
            if let index = freeQueues.popLast() { return (index, queues[index]) }
            queues.append(DispatchQueue(label: "\(name).\(queues.count)"))
            return (queues.count - 1, queues[queues.count - 1])
        }
    }

    private let name: String
    private let capacity: Int
    private let state: Mutex<State>
    private let idle = Condition()

    public init(name: String, count: Int, capacity: Int) {
        precondition(count > 0 && capacity > 0)
        self.name = name
        self.capacity = capacity
        self.state = Mutex(State(limit: count))
    }

    /// How many items may run at once.
    public var count: Int { state.withLock { $0.limit } }

    /// Changes how many items may run at once; running items finish first when shrinking.
    public func resize(to count: Int) {
        precondition(count > 0)
        let started = state.withLock { state -> [(Int, DispatchQueue)] in
            state.limit = count
            var started: [(Int, DispatchQueue)] = []
            while let drainer = state.startDrainer(name: name) { started.append(drainer) }
            return started
        }
        for (index, queue) in started { queue.async { self.drain(queue: index) } }
    }

    /// Queues `work`; returns false (and drops nothing) when the queue is full or closed.
    @discardableResult
    public func submit(_ work: @escaping Work) -> Bool {
        let outcome = state.withLock { state -> (accepted: Bool, drainer: (Int, DispatchQueue)?) in
            guard !state.closed, state.pendingCount < capacity else { return (false, nil) }
            state.pending.append(work)
            return (true, state.startDrainer(name: name))
        }
        if let (index, queue) = outcome.drainer { queue.async { self.drain(queue: index) } }
        return outcome.accepted
    }

    private func drain(queue index: Int) {
        while true {
            let work = state.withLock { state -> Work? in
                guard state.pendingCount > 0, state.active <= state.limit else {
                    state.active -= 1
                    state.freeQueues.append(index)
                    return nil
                }
                let work = state.pending[state.head]
                state.head += 1
                if state.head > 256 && state.head * 2 > state.pending.count {
                    state.pending.removeFirst(state.head)
                    state.head = 0
                }
                state.running += 1
                return work
            }
            guard let work else {
                idle.wake()
                return
            }
            work()
            state.withLock { $0.running -= 1 }
        }
    }

    /// Items running or waiting.
    public var load: Int { state.withLock { $0.running + $0.pendingCount } }

    /// Refuses new work; what is queued still runs.
    public func close() {
        state.withLock { $0.closed = true }
    }

    /// Waits until nothing runs or waits, or until `deadline`; returns whether it went idle.
    public func waitUntilIdle(deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let seen = idle.generation
            if load == 0 { return true }
            if ContinuousClock.now >= deadline { return false }
            idle.wait(since: seen, until: min(deadline, ContinuousClock.now + .milliseconds(100)))
        }
    }
}
