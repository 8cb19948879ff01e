import Dispatch
import Logging
import Synchronization

/// Keeps systemd informed while the daemon runs: refreshes `STATUS=` when the summary changed,
/// and, when systemd set a watchdog, sends `WATCHDOG=1` at half its time-out each time the
/// liveness check passes.
///
/// Both run on one serial queue, so a check blocked on the database holds back the status too.
/// After `stop()` (called before `STOPPING=1`) no message is sent.
final class ServiceMonitor: Sendable {
    private struct State {
        var stopped = false
        var lastStatus: String?
        /// Why the last liveness check failed, while it fails.
        var failure: String?
    }

    private let notifier: ServiceNotifier
    private let liveness: LivenessCheck
    private let summary: @Sendable () -> String?
    private let pingInterval: Duration?
    private let statusInterval: Duration
    private let logger: Logger
    /// Confines the checks and status refreshes.
    private let queue = DispatchQueue(label: "newsd.systemd")
    private let state = Mutex(State())

    /// - Parameters:
    ///   - summary: the one-line status, or nil when it cannot be computed now.
    ///   - pingInterval: how often to check and ping; nil when systemd set no watchdog.
    init(
        notifier: ServiceNotifier, liveness: LivenessCheck, summary: @escaping @Sendable () -> String?,
        pingInterval: Duration?, statusInterval: Duration = .seconds(5), logger: Logger
    ) {
        self.notifier = notifier
        self.liveness = liveness
        self.summary = summary
        self.pingInterval = pingInterval
        self.statusInterval = statusInterval
        self.logger = logger
    }

    /// Starts checking and refreshing; `status` is what `READY=1` was sent with.
    func start(status: String) {
        guard notifier.isConnected else { return }
        state.withLock { $0.lastStatus = status }
        if let pingInterval {
            queue.async { self.repeatedly(every: pingInterval) { $0.checkAndPing() } }
        }
        queue.asyncAfter(deadline: .now() + Self.dispatchInterval(statusInterval)) {
            self.repeatedly(every: self.statusInterval) { $0.refreshStatus() }
        }
    }

    /// Stops for good: after this returns, nothing more is sent.
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Remembers `status` as sent (after a reload's `READY=1`).
    func statusWasSent(_ status: String) {
        state.withLock { $0.lastStatus = status }
    }

    /// Runs `work` now and again `interval` after each run, on `queue`, until stopped.
    private func repeatedly(every interval: Duration, _ work: @escaping @Sendable (ServiceMonitor) -> Void) {
        guard !state.withLock({ $0.stopped }) else { return }
        work(self)
        queue.asyncAfter(deadline: .now() + Self.dispatchInterval(interval)) { [weak self] in
            self?.repeatedly(every: interval, work)
        }
    }

    private func checkAndPing() {
        if state.withLock({ $0.stopped }) { return }
        let started = ContinuousClock.now
        let failure = liveness.failure()
        let took = ContinuousClock.now - started
        if let pingInterval, took > pingInterval {
            // It blocked (a database lock, most likely): no ping went out meanwhile.
            logger.warning("liveness check was slow", metadata: ["seconds": "\(took.components.seconds)"])
        }
        let previous = state.withLock { state -> String?? in
            guard !state.stopped else { return .none }
            // Under the lock, so `stop()` cannot slip between the check and the ping.
            if failure == nil { notifier.watchdog() }
            defer { state.failure = failure }
            return .some(state.failure)
        }
        guard case .some(let previous) = previous else { return }
        if let failure, previous == nil {
            logger.error("liveness check failed; withholding watchdog pings", metadata: ["reason": "\(failure)"])
            send(status: "unhealthy: " + String(failure.prefix(200)))
        } else if failure == nil, previous != nil {
            logger.notice("liveness check passes again")
            refreshStatus()
        }
    }

    private func refreshStatus() {
        guard let text = summary() else { return }
        state.withLock { state in
            guard !state.stopped, state.failure == nil, text != state.lastStatus else { return }
            state.lastStatus = text
            notifier.status(text)
        }
    }

    private func send(status text: String) {
        state.withLock { state in
            guard !state.stopped else { return }
            state.lastStatus = text
            notifier.status(text)
        }
    }

    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        .nanoseconds(Int(duration.components.seconds) * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000))
    }
}
