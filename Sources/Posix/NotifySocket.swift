#if canImport(Glibc)
import Glibc
#endif
import CNewsdShim

/// The sending end of systemd's notification socket: `sd_notify(3)` without libsystemd.
///
/// A message is one datagram of newline-separated `KEY=VALUE` assignments (`READY=1`,
/// `STATUS=…`, `WATCHDOG=1`) sent to the `AF_UNIX` address systemd passes in `$NOTIFY_SOCKET`:
/// an absolute path, or `@name` in the abstract namespace. Each send names the address, so a
/// manager that re-created its socket (re-exec) is still reached. Thread-safe.
public final class NotifySocket: Sendable {
    /// The address as written in `$NOTIFY_SOCKET`.
    public let address: String
    private let destination: UnixAddress
    private let socket: Socket

    /// Opens a datagram socket for sending to `address`.
    /// - Throws: `SystemError` when the address is malformed or no socket can be made.
    public init(address: String) throws(SystemError) {
        self.address = address
        self.destination = try UnixAddress(notifyAddress: address)
        let fd = try syscall("socket") {
            Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        self.socket = Socket(descriptor: fd)
        // A manager too busy to read must not hold a daemon thread for long.
        try socket.setSendTimeout(seconds: 2)
    }

    /// Sends one notification, e.g. `"READY=1\nSTATUS=Polling 12 feeds"`.
    /// - Throws: `SystemError` when the datagram cannot be sent (nobody listens, buffer full).
    public func send(_ message: String) throws(SystemError) {
        let bytes = Array(message.utf8)
        let fd = socket.fileDescriptor
        let sent = try syscall("sendto", address) {
            destination.withSockaddr { sockaddr, length in
                bytes.withUnsafeBytes { Glibc.sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sockaddr, length) }
            }
        }
        if sent != bytes.count {
            throw SystemError(call: "sendto", subject: address + " (datagram truncated)", errno: EMSGSIZE)
        }
    }
}
