#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which call, on what, and the `errno` it left.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    /// The system call that failed, e.g. `"bind"`.
    public let call: String
    /// What the call was working on (a path, an address), if anything.
    public let subject: String?
    public let errno: Int32

    public init(call: String, subject: String? = nil, errno: Int32) {
        self.call = call
        self.subject = subject
        self.errno = errno
    }

    public var description: String {
        let reason = String(cString: strerror(errno))
        if let subject { return "\(call)(\(subject)): \(reason)" }
        return "\(call): \(reason)"
    }
}

/// Runs a system call that returns -1 on failure, retrying `EINTR`, and throws the `errno` it left.
@discardableResult
func syscall<T: BinaryInteger>(
    _ name: String, _ subject: String? = nil, _ body: () -> T
) throws(SystemError) -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemError(call: name, subject: subject, errno: code)
    }
}
