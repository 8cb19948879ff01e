import Logging
import Posix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd what the daemon is doing through `$NOTIFY_SOCKET` (the `sd_notify` protocol):
/// ready, a one-line status, reloading, stopping, and watchdog pings.
///
/// Without a notify socket (run from a shell) every call does nothing. A failed send is logged
/// (a warning the first time, then at debug level) and never stops the daemon. Thread-safe.
final class ServiceNotifier: Sendable {
    private let socket: NotifySocket?
    private let logger: Logger
    private let hasFailed = Mutex(false)

    /// Sends to `address` (`$NOTIFY_SOCKET`), or nowhere when it is nil.
    init(address: String?, logger: Logger) {
        self.logger = logger
        guard let address else {
            socket = nil
            return
        }
        do {
            socket = try NotifySocket(address: address)
        } catch {
            logger.error("cannot use NOTIFY_SOCKET; systemd will not hear from newsd", metadata: ["error": "\(error)"])
            socket = nil
        }
    }

    /// Whether messages go anywhere.
    var isConnected: Bool { socket != nil }

    /// `READY=1`: the database is open and the control socket listens.
    func ready(status: String) {
        send(["READY=1", "STATUS=" + Self.oneLine(status)])
    }

    /// `STATUS=`: what the daemon is doing, shown by `systemctl status`.
    func status(_ text: String) {
        send(["STATUS=" + Self.oneLine(text)])
    }

    /// `RELOADING=1`, stamped with `CLOCK_MONOTONIC` as `Type=notify-reload` requires; `ready`
    /// ends the reload.
    func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        send(["RELOADING=1", "MONOTONIC_USEC=\(Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000)"])
    }

    /// `STOPPING=1`: the graceful drain has begun.
    func stopping(status: String) {
        send(["STOPPING=1", "STATUS=" + Self.oneLine(status)])
    }

    /// `WATCHDOG=1`: the liveness check just passed.
    func watchdog() {
        send(["WATCHDOG=1"])
    }

    private func send(_ assignments: [String]) {
        guard let socket else { return }
        do {
            try socket.send(assignments.joined(separator: "\n"))
        } catch {
            let first = hasFailed.withLock { failed in
                defer { failed = true }
                return !failed
            }
            let metadata: Logger.Metadata = ["socket": "\(socket.address)", "error": "\(error)"]
            if first {
                logger.warning("notifying systemd failed", metadata: metadata)
            } else {
                logger.debug("notifying systemd failed", metadata: metadata)
            }
        }
    }

    /// A status must stay on one line: a newline would start a new assignment.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
