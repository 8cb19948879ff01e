import Posix

/// What systemd tells a service it started through the environment: where to send
/// notifications, how often to prove it is alive, and which sockets it passed.
///
/// Every variable is optional; without them the daemon runs exactly as from a shell.
struct SystemdEnvironment: Sendable, Equatable {
    /// `$NOTIFY_SOCKET`: the address for `sd_notify` messages (a path, or `@name`).
    var notifySocket: String?
    /// `$WATCHDOG_USEC`: the watchdog time-out, when it is meant for this process
    /// (`$WATCHDOG_PID` unset or naming it).
    var watchdogTimeout: Duration?
    /// `$LISTEN_FDS` descriptors passed for this process (`$LISTEN_PID`), from fd 3.
    var listenDescriptors: [Int32]

    init(notifySocket: String? = nil, watchdogTimeout: Duration? = nil, listenDescriptors: [Int32] = []) {
        self.notifySocket = notifySocket
        self.watchdogTimeout = watchdogTimeout
        self.listenDescriptors = listenDescriptors
    }

    /// Reads the variables from `environment` on behalf of the process `pid`.
    init(_ environment: [String: String], pid: Int32) {
        notifySocket = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        watchdogTimeout = nil
        if let micros = environment["WATCHDOG_USEC"].flatMap({ UInt64($0) }), micros > 0, micros < UInt64(Int64.max) {
            // Set but malformed or naming another process (a child that inherited it): not ours.
            let owner = environment["WATCHDOG_PID"]
            if owner == nil || owner.flatMap({ Int32($0) }) == pid {
                watchdogTimeout = .microseconds(Int64(micros))
            }
        }
        listenDescriptors = SocketActivation.descriptors(
            listenPID: environment["LISTEN_PID"], listenFDs: environment["LISTEN_FDS"], pid: pid)
    }

    /// How often to send `WATCHDOG=1`: half the time-out, as `sd_watchdog_enabled(3)` advises.
    var watchdogPingInterval: Duration? {
        watchdogTimeout.map { $0 / 2 }
    }
}
