import Dispatch
import Synchronization

/// A fixed number of workers on Dispatch queues draining one bounded queue of work.
///
/// At most `count` items run at once; at most `capacity` wait. `submit` never blocks: a full
/// queue refuses the item, and the caller (the stage before) holds it back instead, which is
/// how backpressure travels upstream. Idle workers hold no thread.
public final class WorkerPool: Sendable {
    public typealias Work = @Sendable () -> Void

    private struct State {
        var pending: [Work] = []
        var head = 0
        var idleWorkers: [Int]
        var running = 0
        var closed = false
        var pendingCount: Int { pending.count - head }
    }

    private let queues: [DispatchQueue]
    private let capacity: Int
    private let state: Mutex<State>
    private let idle = Condition()

    public init(name: String, count: Int, capacity: Int) {
        precondition(count > 0 && capacity > 0)
        self.queues = (0..<count).map { DispatchQueue(label: "\(name).\($0)") }
        self.capacity = capacity
        self.state = Mutex(State(idleWorkers: Array((0..<count).reversed())))
    }

    public var count: Int { queues.count }

    /// Queues `work`; returns false (and drops nothing) when the queue is full or closed.
    @discardableResult
    public func submit(_ work: @escaping Work) -> Bool {
        let worker = state.withLock { state -> Int?? in
            guard !state.closed, state.pendingCount < capacity else { return .none }
            state.pending.append(work)
            return .some(state.idleWorkers.popLast())
        }
        guard case .some(let startWorker) = worker else { return false }
        if let startWorker { queues[startWorker].async { self.drain(worker: startWorker) } }
        return true
    }

    private func drain(worker: Int) {
        while true {
            let work = state.withLock { state -> Work? in
                guard state.pendingCount > 0 else {
                    state.idleWorkers.append(worker)
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
