import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What the fetcher thread and its callers share: the request queue, counters and the stop
/// flag, all guarded by one `Mutex`. `HTTPFetcher` owns it; the thread holds it while it runs, so
/// the fetcher itself can go away (and shut the thread down in `deinit`).
final class FetcherCore: Sendable {
    /// A request waiting for the fetcher thread.
    struct Job: Sendable {
        let request: FetchRequest
        let completion: Transfer.Completion
    }

    private struct State {
        var queue: [Job] = []
        /// Jobs the fetcher thread holds: running, or waiting there for their host.
        var running = 0
        var stopping = false
        /// Set while the thread's multi handle exists; cleared under this lock before it is freed.
        var waker: CurlMulti.Waker?
        var thread: pthread_t?
        var startError: FetchError?

        var queued: Int { queue.count }
    }

    let configuration: FetchConfiguration
    let policy: AddressPolicy
    private let state = Mutex(State())
    private let started = DispatchSemaphore(value: 0)
    private let exited = DispatchGroup()

    init(configuration: FetchConfiguration, policy: AddressPolicy) {
        self.configuration = configuration
        self.policy = policy
    }

    /// Starts the fetcher thread and waits until its multi handle is ready.
    func start() throws(FetchError) {
        exited.enter()
        let thread = Thread { [self] in
            runThread()
            exited.leave()
        }
        thread.name = "newsd-fetch"
        thread.start()
        started.wait()
        if let error = state.withLock({ $0.startError }) { throw error }
    }

    /// The fetcher thread's body; every libcurl handle it made is freed when it returns.
    private func runThread() {
        let loop: TransferLoop
        do throws(FetchError) {
            loop = try TransferLoop(core: self)
        } catch {
            state.withLock { $0.startError = error }
            started.signal()
            return
        }
        state.withLock { state in
            state.waker = loop.waker
            state.thread = pthread_self()
        }
        started.signal()
        loop.run()
        // Completions (which may call shutdown) are over; forget the id before it can be reused.
        state.withLock { $0.thread = nil }
    }

    /// Whether the caller is the fetcher thread.
    var isFetcherThread: Bool {
        state.withLock { state in state.thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    var activeTransfers: Int { state.withLock { $0.running + $0.queued } }

    /// Queues a request and wakes the thread, or, once stopping, completes it with `.cancelled`.
    func enqueue(_ request: FetchRequest, completion: @escaping Transfer.Completion) {
        let accepted = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.queue.append(Job(request: request, completion: completion))
            state.waker?.wakeup()
            return true
        }
        if !accepted { completion(.failure(Self.cancelled(request.url))) }
    }

    /// Asks the thread to cancel everything and stop, then waits for it unless called on it.
    func shutdown() {
        let onFetcherThread = state.withLock { state -> Bool in
            if !state.stopping {
                state.stopping = true
                state.waker?.wakeup()
            }
            return state.thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        }
        if !onFetcherThread { exited.wait() }
    }

    // MARK: For the fetcher thread

    /// Takes every queued job for the fetcher thread, which then holds `held` plus these
    /// (running or waiting for their host); returns nil once shutdown has begun.
    func take(held: Int) -> [Job]? {
        state.withLock { state -> [Job]? in
            guard !state.stopping else { return nil }
            let jobs = state.queue
            state.queue.removeAll(keepingCapacity: true)
            state.running = held + jobs.count
            return jobs
        }
    }

    /// Records that a transfer finished.
    func finished() {
        state.withLock { $0.running -= 1 }
    }

    /// Takes every queued job for cancellation and forgets the waker; called once, as the thread
    /// stops, before it frees its multi handle.
    func drainForExit() -> [Job] {
        state.withLock { state in
            let jobs = state.queue
            state.queue.removeAll()
            state.running = 0
            state.waker = nil
            return jobs
        }
    }

    static func cancelled(_ url: String) -> FetchError {
        FetchError(code: .cancelled, url: url, message: "\(url): cancelled because the fetcher is shutting down")
    }
}
