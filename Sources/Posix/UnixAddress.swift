#if canImport(Glibc)
import Glibc
#endif

/// A `sockaddr_un`: a filesystem path, or a name in Linux's abstract namespace.
struct UnixAddress: Sendable {
    private var storage = sockaddr_un()
    /// The address length to pass with it: a path counts its terminating NUL, an abstract name
    /// is delimited by the length alone.
    private let length: socklen_t

    /// The address of the socket file at `path`.
    init(path: String) throws(SystemError) {
        try self.init(bytes: Array(path.utf8), abstract: false, display: path)
    }

    /// The address systemd writes in `$NOTIFY_SOCKET`: an absolute path, or `@name` for the
    /// abstract namespace (the `@` stands for the leading NUL byte).
    init(notifyAddress address: String) throws(SystemError) {
        if address.hasPrefix("@") {
            try self.init(bytes: [0] + Array(address.utf8.dropFirst()), abstract: true, display: address)
        } else if address.hasPrefix("/") {
            try self.init(bytes: Array(address.utf8), abstract: false, display: address)
        } else {
            throw SystemError(call: "sockaddr_un", subject: address + " (neither an absolute path nor @abstract)", errno: EINVAL)
        }
    }

    private init(bytes: [UInt8], abstract: Bool, display: String) throws(SystemError) {
        storage.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        let needed = bytes.count + (abstract ? 0 : 1)
        guard bytes.count > (abstract ? 1 : 0) else {
            throw SystemError(call: "sockaddr_un", subject: "\"\(display)\" (an empty address)", errno: EINVAL)
        }
        guard needed <= capacity else {
            throw SystemError(call: "sockaddr_un", subject: display + " (longer than \(capacity - 1) bytes)", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: bytes)
            if !abstract { raw[bytes.count] = 0 }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? MemoryLayout<sa_family_t>.size
        length = socklen_t(pathOffset + needed)
    }

    /// Calls `body` with the address as a `sockaddr` and its length.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
