import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Stands in for systemd's notification socket: a datagram socket bound at a path or at an
/// `@name` in the abstract namespace, read by a thread of its own (so the sender never finds the
/// queue full) into a list the test inspects.
final class NotifyListener: Sendable {
    /// One datagram: its `KEY=VALUE` lines and when it arrived.
    struct Message: Sendable {
        var assignments: [String]
        var arrived: ContinuousClock.Instant

        func has(_ assignment: String) -> Bool { assignments.contains(assignment) }
        func value(_ key: String) -> String? {
            assignments.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
    }

    /// The address to put in `NOTIFY_SOCKET`.
    let address: String
    private let descriptor: Int32
    private let messages = Mutex([Message]())
    private let closed = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    init(address: String) throws {
        self.address = address
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw HarnessError("socket: \(String(cString: strerror(errno)))") }
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        let isAbstract = bytes.first == 0
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: bytes)
            if !isAbstract { raw[bytes.count] = 0 }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (isAbstract ? 0 : 1))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw HarnessError("bind \(address): \(reason)")
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in receiveLoop() }
        thread.name = "notify-listener"
        thread.start()
    }

    deinit {
        closed.withLock { $0 = true }
        finished.wait()
        close(descriptor)
        if !address.hasPrefix("@") { unlink(address) }
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !closed.withLock({ $0 }) {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { continue }
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            let message = Message(assignments: text.split(separator: "\n").map(String.init), arrived: .now)
            messages.withLock { $0.append(message) }
        }
        finished.signal()
    }

    /// Everything received so far, oldest first.
    var received: [Message] { messages.withLock { $0 } }

    /// Waits until a message after the first `skipping` has `assignment`; returns its index.
    @discardableResult
    func waitFor(_ assignment: String, after skipping: Int = 0, timeout: Double = 20) throws -> Int {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            let all = received
            if skipping < all.count, let index = all[skipping...].firstIndex(where: { $0.has(assignment) }) {
                return index
            }
            usleep(10_000)
        }
        throw HarnessError("no \(assignment) within \(timeout)s; received: \(received.map(\.assignments))")
    }
}
