#if canImport(Glibc)
import Glibc
#endif
import CNewsdShim
import Synchronization

/// A stream socket that owns its descriptor and closes it in `deinit` at the latest.
///
/// Reads and writes block; `shutdown()` from another thread wakes a blocked reader.
/// Thread-safety: one reader and one writer may use it at once; `close` is safe from any thread.
public final class Socket: Sendable {
    private let descriptor: Mutex<Int32>

    /// Takes ownership of an open descriptor.
    public init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        close()
    }

    /// The descriptor, or -1 once closed.
    public var fileDescriptor: Int32 { descriptor.withLock { $0 } }

    /// Closes the descriptor; later calls do nothing.
    public func close() {
        let fd = descriptor.withLock { fd -> Int32 in
            defer { fd = -1 }
            return fd
        }
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    /// Shuts down both directions, waking any thread blocked in `read` or `accept`.
    public func shutdown() {
        let fd = fileDescriptor
        if fd >= 0 { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Closes with a TCP reset instead of an orderly close (SO_LINGER with a zero time-out).
    public func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        let fd = fileDescriptor
        if fd >= 0 { _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size)) }
        close()
    }

    /// Reads up to `maxBytes`; an empty result means the peer closed its side.
    public func read(maxBytes: Int = 65536) throws(SystemError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        let fd = fileDescriptor
        let count = try syscall("read") {
            buffer.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress, raw.count) }
        }
        buffer.removeSubrange(count...)
        return buffer
    }

    /// Writes all of `bytes`, looping over short writes. Never raises SIGPIPE.
    public func write(_ bytes: some Collection<UInt8>) throws(SystemError) {
        let fd = fileDescriptor
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let written = try syscall("send") {
                array.withUnsafeBytes { raw in
                    Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                }
            }
            offset += written
        }
    }

    /// Whether the peer has closed its end, checked without blocking or consuming data.
    public func isPeerClosed() -> Bool {
        var entry = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        let hangUp = Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
        if entry.revents & hangUp != 0 { return true }
        var byte: UInt8 = 0
        return recv(fileDescriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 0
    }

    /// Sets a receive time-out so a blocked `read` fails with `EAGAIN` after `seconds`.
    public func setReceiveTimeout(seconds: Double) throws(SystemError) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        let fd = fileDescriptor
        try syscall("setsockopt(SO_RCVTIMEO)") {
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// Sets a send time-out so a `write` to a peer that stopped reading fails after `seconds`.
    public func setSendTimeout(seconds: Double) throws(SystemError) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        let fd = fileDescriptor
        try syscall("setsockopt(SO_SNDTIMEO)") {
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// The credentials of the process at the other end of a Unix socket (SO_PEERCRED).
    public func peerCredentials() throws(SystemError) -> PeerCredentials {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
        let fd = fileDescriptor
        try syscall("getsockopt(SO_PEERCRED)") { CNewsdShim_peer_credentials(fd, &pid, &uid, &gid) }
        return PeerCredentials(pid: pid, uid: uid, gid: gid)
    }
}

/// Who is on the other end of a Unix socket.
public struct PeerCredentials: Sendable, Equatable {
    public let pid: Int32
    public let uid: UInt32
    public let gid: UInt32
}
