import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Who holds a job lease: `host:pid:nonce`. A daemon that finds leases of a process on its own
/// host that is no longer alive (it was killed) takes their jobs back at once instead of
/// waiting for the leases to expire.
struct LeaseOwner: Sendable, Equatable, CustomStringConvertible {
    var host: String
    var pid: Int32
    var nonce: String

    /// This process, with a fresh nonce.
    static func current() -> LeaseOwner {
        LeaseOwner(host: ProcessInfo.processInfo.hostName, pid: getpid(), nonce: String(UUID().uuidString.prefix(8)))
    }

    init(host: String, pid: Int32, nonce: String) {
        self.host = host
        self.pid = pid
        self.nonce = nonce
    }

    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return nil }
        self.init(host: parts.dropLast(2).joined(separator: ":"), pid: pid, nonce: String(parts[parts.count - 1]))
    }

    var description: String { "\(host):\(pid):\(nonce)" }

    /// Whether this owner is a process on this host that has exited. Owners on other hosts, and
    /// live processes, are left to their leases' expiry.
    var isDeadLocalProcess: Bool {
        guard host == ProcessInfo.processInfo.hostName, pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
