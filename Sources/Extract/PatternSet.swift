/// A fixed set of byte patterns, each in a group, found in one pass over a string: which
/// groups occur in it. Replaces a hundred substring searches per class name.
struct PatternSet {
    private struct Pattern {
        var bytes: [UInt8]
        var group: Int
    }

    private var patterns: [Pattern] = []
    /// For each pair of leading bytes (folded to 32 values each), the patterns that start so.
    private var buckets: [[Int]] = Array(repeating: [], count: 1024)

    /// - Parameter groups: the patterns of each group (lowercase ASCII, two bytes or more).
    init(_ groups: [[String]]) {
        for (group, list) in groups.enumerated() {
            for pattern in list {
                let bytes = Array(pattern.utf8)
                precondition(bytes.count >= 2, "patterns have two bytes or more")
                buckets[Self.bucket(bytes[0], bytes[1])].append(patterns.count)
                patterns.append(Pattern(bytes: bytes, group: group))
            }
        }
    }

    @inline(__always) private static func fold(_ byte: UInt8) -> Int {
        byte >= 0x61 && byte <= 0x7A ? Int(byte - 0x61) : (byte >= 0x30 && byte <= 0x39 ? 26 + Int(byte & 3) : 31)
    }

    @inline(__always) private static func bucket(_ first: UInt8, _ second: UInt8) -> Int {
        fold(first) << 5 | fold(second)
    }

    /// A bit set of the groups with a pattern somewhere in `text` (bit `1 << group`).
    func groups(in text: String) -> Int {
        var text = text
        return text.withUTF8 { groups(in: $0, lowercasing: false) }
    }

    /// ``groups(in:)`` of UTF-8 bytes, with ASCII letters lowercased first when `lowercasing`.
    func groups(in bytes: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> Int {
        @inline(__always) func byte(_ index: Int) -> UInt8 {
            let value = bytes[index]
            return lowercasing && value >= 0x41 && value <= 0x5A ? value + 0x20 : value
        }
        var found = 0
        guard bytes.count >= 2 else { return 0 }
        for index in 0..<(bytes.count - 1) {
            for candidate in buckets[Self.bucket(byte(index), byte(index + 1))] {
                let pattern = patterns[candidate]
                guard found & (1 << pattern.group) == 0, index + pattern.bytes.count <= bytes.count else { continue }
                var matches = true
                for offset in 2..<pattern.bytes.count where byte(index + offset) != pattern.bytes[offset] {
                    matches = false
                    break
                }
                if matches { found |= 1 << pattern.group }
            }
        }
        return found
    }
}
