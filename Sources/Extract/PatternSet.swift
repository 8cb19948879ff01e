/// A fixed set of byte patterns, each in a group, found in one pass over a string: which
/// groups occur in it. Replaces a hundred substring searches per class name.
struct PatternSet: Sendable {
    /// All patterns' bytes, one after another; pattern `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var groupOf: [Int] = []
    /// The patterns whose first two bytes (folded to 32 values each) make bucket `b`:
    /// `members[bucketStarts[b]..<bucketStarts[b + 1]]`. Flat arrays, so the search loop
    /// touches no reference counts.
    private var members: [Int] = []
    private var bucketStarts: [Int] = []

    /// - Parameter groups: the patterns of each group (lowercase ASCII, two bytes or more).
    init(_ groups: [[String]]) {
        var buckets: [[Int]] = Array(repeating: [], count: 1024)
        for (group, list) in groups.enumerated() {
            for pattern in list {
                let patternBytes = Array(pattern.utf8)
                precondition(patternBytes.count >= 2, "patterns have two bytes or more")
                buckets[Self.bucket(patternBytes[0], patternBytes[1])].append(groupOf.count)
                bytes += patternBytes
                starts.append(bytes.count)
                groupOf.append(group)
            }
        }
        for bucket in buckets {
            bucketStarts.append(members.count)
            members += bucket
        }
        bucketStarts.append(members.count)
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
    func groups(in text: UnsafeBufferPointer<UInt8>, lowercasing: Bool) -> Int {
        guard text.count >= 2 else { return 0 }
        return bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                groupOf.withUnsafeBufferPointer { groupOf in
                    members.withUnsafeBufferPointer { members in
                        bucketStarts.withUnsafeBufferPointer { bucketStarts in
                            @inline(__always) func byte(_ index: Int) -> UInt8 {
                                let value = text[index]
                                return lowercasing && value >= 0x41 && value <= 0x5A ? value + 0x20 : value
                            }
                            var found = 0
                            for index in 0..<(text.count - 1) {
                                let bucket = Self.bucket(byte(index), byte(index + 1))
                                for member in bucketStarts[bucket]..<bucketStarts[bucket + 1] {
                                    let pattern = members[member]
                                    let group = groupOf[pattern]
                                    let start = starts[pattern]
                                    let length = starts[pattern + 1] - start
                                    guard found & (1 << group) == 0, index + length <= text.count else { continue }
                                    var offset = 2
                                    while offset < length, byte(index + offset) == bytes[start + offset] { offset += 1 }
                                    if offset == length { found |= 1 << group }
                                }
                            }
                            return found
                        }
                    }
                }
            }
        }
    }
}
