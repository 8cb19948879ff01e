#if canImport(Glibc)
import Glibc
#endif

/// A pipe that wakes a thread waiting on another descriptor: `wait(for:)` returns when that
/// descriptor is readable and throws once `wake()` was called, for good.
///
/// For a listening socket shared with another process (systemd's): `shutdown(2)` would end
/// listening for every holder of the socket, not just this process.
final class WakeupPipe: Sendable {
    private let reader: Socket
    private let writer: Socket

    init() throws(SystemError) {
        var ends: [Int32] = [-1, -1]
        try syscall("pipe") { pipe(&ends) }
        reader = Socket(descriptor: ends[0])
        writer = Socket(descriptor: ends[1])
        for end in ends {
            try syscall("fcntl(F_SETFD)") { fcntl(end, F_SETFD, FD_CLOEXEC) }
        }
    }

    /// Blocks until `descriptor` is readable; throws `ECANCELED` once `wake()` was called.
    func wait(for descriptor: Int32) throws(SystemError) {
        var entries = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: reader.fileDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        try syscall("poll") { poll(&entries, 2, -1) }
        if entries[1].revents != 0 {
            throw SystemError(call: "accept", subject: "listener closed", errno: ECANCELED)
        }
    }

    /// Makes every `wait`, now and later, throw.
    func wake() {
        let byte: [UInt8] = [1]
        _ = byte.withUnsafeBytes { Glibc.write(writer.fileDescriptor, $0.baseAddress, 1) }
    }
}
