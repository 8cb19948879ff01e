#if canImport(Glibc)
import Glibc
#endif
import CNewsdShim

/// A listening stream socket: a Unix socket at a path, or TCP on a loopback port.
///
/// `accept` blocks; `shutdown()` from another thread makes it throw so an accept loop can end.
public final class ListeningSocket: Sendable {
    private let socket: Socket
    /// The Unix socket path this listener created (and removes on `close`), if any.
    public let path: String?
    /// The TCP port, for a TCP listener.
    public let port: Int?
    /// Wakes `accept` on an adopted socket, which must not be shut down: systemd still holds it.
    private let wakeup: WakeupPipe?

    private init(socket: Socket, path: String?, port: Int?, wakeup: WakeupPipe? = nil) {
        self.socket = socket
        self.path = path
        self.port = port
        self.wakeup = wakeup
    }

    deinit {
        close()
    }

    /// Binds and listens on a Unix stream socket at `path` with the given file mode.
    ///
    /// A stale socket file left by a dead process is replaced; a socket that still accepts
    /// connections means another process serves it, and that is an error.
    public static func unix(
        path: String, mode: mode_t = 0o660, group: gid_t? = nil, backlog: Int32 = 64
    ) throws(SystemError) -> ListeningSocket {
        if (try? Socket.connectUnix(path: path)) != nil {
            throw SystemError(call: "bind", subject: path + " (another process is listening there)", errno: EADDRINUSE)
        }
        unlink(path)
        let fd = try syscall("socket") { Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        let socket = Socket(descriptor: fd)
        let address = try UnixAddress(path: path)
        try syscall("bind", path) { address.withSockaddr { Glibc.bind(fd, $0, $1) } }
        try syscall("chmod", path) { chmod(path, mode) }
        if let group {
            try syscall("chown", path) { chown(path, uid_t.max, group) }
        }
        try syscall("listen", path) { Glibc.listen(fd, backlog) }
        return ListeningSocket(socket: socket, path: path, port: nil)
    }

    /// Adopts a descriptor that is already listening (systemd socket activation).
    ///
    /// Stopping never shuts the socket down (that would stop it for systemd as well) and never
    /// removes its file: it only closes this process's descriptor.
    public static func adopting(descriptor: Int32) throws(SystemError) -> ListeningSocket {
        ListeningSocket(socket: Socket(descriptor: descriptor), path: nil, port: nil, wakeup: try WakeupPipe())
    }

    /// Binds and listens on 127.0.0.1; port 0 picks a free port (read it from `port`).
    public static func tcpLoopback(port: Int = 0, backlog: Int32 = 512) throws(SystemError) -> ListeningSocket {
        let fd = try syscall("socket") { Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        let socket = Socket(descriptor: fd)
        var reuse: Int32 = 1
        try syscall("setsockopt(SO_REUSEADDR)") {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = loopbackAddress(port: port)
        try syscall("bind", "127.0.0.1:\(port)") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        try syscall("listen") { Glibc.listen(fd, backlog) }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try syscall("getsockname") {
            withUnsafeMutablePointer(to: &bound) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        return ListeningSocket(socket: socket, path: nil, port: Int(UInt16(bigEndian: bound.sin_port)))
    }

    /// The listening descriptor, or -1 once closed (to pass it on, as systemd passes its sockets).
    public var fileDescriptor: Int32 { socket.fileDescriptor }

    /// Waits for the next connection.
    public func accept() throws(SystemError) -> Socket {
        let fd = socket.fileDescriptor
        try wakeup?.wait(for: fd)
        let connection = try syscall("accept") { CNewsdShim_accept4_cloexec(fd) }
        return Socket(descriptor: connection)
    }

    /// Wakes a thread blocked in `accept` (it throws) without releasing the descriptor yet.
    public func shutdown() {
        if let wakeup { wakeup.wake() } else { socket.shutdown() }
    }

    /// Stops listening and removes the socket file this listener created.
    public func close() {
        let wasOpen = socket.fileDescriptor >= 0
        shutdown()
        socket.close()
        if wasOpen, let path { unlink(path) }
    }
}

extension Socket {
    /// Connects to a Unix stream socket at `path`.
    public static func connectUnix(path: String) throws(SystemError) -> Socket {
        let fd = try syscall("socket") { Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        let socket = Socket(descriptor: fd)
        let address = try UnixAddress(path: path)
        try syscall("connect", path) { address.withSockaddr { Glibc.connect(fd, $0, $1) } }
        return socket
    }

    /// Connects to 127.0.0.1 on `port`.
    public static func connectLoopback(port: Int) throws(SystemError) -> Socket {
        let fd = try syscall("socket") { Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        let socket = Socket(descriptor: fd)
        var address = loopbackAddress(port: port)
        try syscall("connect", "127.0.0.1:\(port)") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        return socket
    }
}

/// 127.0.0.1 on `port`.
private func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = in_addr_t(UInt32(0x7f00_0001).bigEndian)
    return address
}
