/// Reads newline-terminated lines from a socket with a hard cap on line length.
///
/// A line longer than `maxLineBytes` is reported as `.tooLong` and skipped up to its newline,
/// so a hostile peer cannot make the reader buffer without limit.
public struct LineReader {
    /// One result of `next()`.
    public enum Line: Equatable {
        case line([UInt8])
        case tooLong
        case end
    }

    private let socket: Socket
    private let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var skippingOverlongLine = false

    public init(socket: Socket, maxLineBytes: Int) {
        self.socket = socket
        self.maxLineBytes = maxLineBytes
    }

    /// The next line without its terminator (`\r\n` or `\n`); `.end` when the peer closed.
    public mutating func next() throws(SystemError) -> Line {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if skippingOverlongLine {
                    skippingOverlongLine = false
                    continue
                }
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .line(line)
            }
            if buffer.count > maxLineBytes {
                buffer.removeAll(keepingCapacity: true)
                if !skippingOverlongLine {
                    skippingOverlongLine = true
                    return .tooLong
                }
            }
            let chunk = try socket.read()
            if chunk.isEmpty {
                if buffer.isEmpty || skippingOverlongLine { return .end }
                let line = buffer
                buffer.removeAll()
                return .line(line)
            }
            buffer.append(contentsOf: chunk)
        }
    }
}
