import Foundation

/// Reads what was appended to a growing file since the last look, a whole line at a time (a
/// line still being written waits for the next look). Cheap when nothing changed: one `fstat`.
struct LogFollower {
    let path: String
    private var handle: FileHandle?
    private(set) var offset: UInt64 = 0
    private var partial: [UInt8] = []

    init(path: String) {
        self.path = path
    }

    /// Skips everything written so far: later calls see only what comes after.
    mutating func skipToEnd() {
        _ = newLines { _ in }
    }

    /// Calls `body` with each complete line appended since the last call (without the newline);
    /// returns how many there were.
    @discardableResult
    mutating func newLines(_ body: (ArraySlice<UInt8>) -> Void) -> Int {
        if handle == nil { handle = FileHandle(forReadingAtPath: path) }
        guard let handle, let size = try? handle.seekToEnd(), size > offset else { return 0 }
        try? handle.seek(toOffset: offset)
        guard let data = try? handle.read(upToCount: Int(size - offset)), !data.isEmpty else { return 0 }
        offset += UInt64(data.count)
        var bytes = partial
        partial = []
        bytes.append(contentsOf: data)
        var count = 0
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            body(bytes[start..<newline])
            count += 1
            start = newline + 1
        }
        partial = Array(bytes[start...])
        return count
    }
}

extension ArraySlice<UInt8> {
    /// Whether `needle` occurs in these bytes.
    func containsBytes(_ needle: [UInt8]) -> Bool {
        firstRange(of: needle) != nil
    }
}
