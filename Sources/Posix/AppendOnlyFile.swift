#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A file opened for appending whole lines, reopenable for log rotation.
///
/// Each `append` is one `write(2)` on an `O_APPEND` descriptor, so lines from concurrent
/// writers never interleave. Thread-safe.
public final class AppendOnlyFile: Sendable {
    public let path: String
    private let mode: mode_t
    private let descriptor: Mutex<Int32>

    /// Opens (creating with `mode`, and creating missing parent folders) the file at `path`.
    public init(path: String, mode: mode_t = 0o640) throws(SystemError) {
        self.path = path
        self.mode = mode
        try Self.createParentDirectories(of: path)
        self.descriptor = Mutex(try Self.open(path, mode: mode))
    }

    deinit {
        descriptor.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
        }
    }

    private static func open(_ path: String, mode: mode_t) throws(SystemError) -> Int32 {
        try syscall("open", path) { Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode) }
    }

    private static func createParentDirectories(of path: String) throws(SystemError) {
        var prefix = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
            prefix += component.isEmpty && prefix.isEmpty ? "" : (prefix.isEmpty && !path.hasPrefix("/") ? "" : "/") + component
            if prefix.isEmpty { continue }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw SystemError(call: "mkdir", subject: prefix, errno: errno)
            }
        }
    }

    /// Appends `bytes` in one write.
    public func append(_ bytes: [UInt8]) throws(SystemError) {
        try descriptor.withLock { (fd: inout Int32) throws(SystemError) in
            let written = try syscall("write", path) {
                bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            }
            if written != bytes.count {
                throw SystemError(call: "write", subject: path + " (short write)", errno: ENOSPC)
            }
        }
    }

    /// Closes and opens the path again, so a rotated file is let go and a new one started.
    public func reopen() throws(SystemError) {
        let fresh = try Self.open(path, mode: mode)
        descriptor.withLock { fd in
            _ = Glibc.close(fd)
            fd = fresh
        }
    }

    /// Flushes written lines to the disk.
    public func sync() {
        descriptor.withLock { fd in _ = fsync(fd) }
    }
}
