#if canImport(Glibc)
import Glibc
#endif
import CNewsdShim

/// Sockets systemd opened for a socket-activated service (`sd_listen_fds(3)` without libsystemd).
///
/// systemd passes them as descriptors 3, 4, … and says how many in `$LISTEN_FDS`, for the
/// process named by `$LISTEN_PID` only (so a child that inherited the variables ignores them).
public enum SocketActivation {
    /// The first passed descriptor (`SD_LISTEN_FDS_START`).
    public static let firstDescriptor: Int32 = 3

    /// The descriptors passed to the process `pid`, given the values of `LISTEN_PID` and
    /// `LISTEN_FDS`; empty when they are absent, malformed or meant for another process.
    ///
    /// Pure: it neither reads the environment nor touches the descriptors.
    public static func descriptors(listenPID: String?, listenFDs: String?, pid: Int32) -> [Int32] {
        guard let listenPID, let owner = Int32(listenPID), owner == pid,
            let listenFDs, let count = Int32(listenFDs), count > 0, count <= 1024
        else { return [] }
        return Array(firstDescriptor..<(firstDescriptor + count))
    }
}

extension ListeningSocket {
    /// Adopts a listening Unix stream socket passed by systemd, after checking that it is one.
    ///
    /// The socket file belongs to systemd: closing this listener closes the descriptor but never
    /// removes the file, so systemd keeps accepting connections for the next start.
    /// - Throws: `SystemError` naming what the descriptor is instead.
    public static func activated(descriptor fd: Int32) throws(SystemError) -> ListeningSocket {
        let subject = "descriptor \(fd) from systemd"
        var type: Int32 = 0
        var listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        try syscall("getsockopt(SO_TYPE)", subject) { getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) }
        length = socklen_t(MemoryLayout<Int32>.size)
        try syscall("getsockopt(SO_ACCEPTCONN)", subject) { getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) }
        var address = sockaddr_storage()
        length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try syscall("getsockname", subject) {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        guard Int32(address.ss_family) == AF_UNIX, type == Int32(SOCK_STREAM.rawValue), listening == 1 else {
            throw SystemError(
                call: "socket activation", subject: subject + " (not a listening Unix stream socket: use ListenStream=/path)",
                errno: ENOTSOCK)
        }
        try syscall("fcntl(F_SETFD)", subject) { fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return try adopting(descriptor: fd)
    }
}
