import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level string tests for the hot paths of extraction: Foundation's `contains` and
/// `range(of:)` go through `NSString` and dominate the profile when called per element.
extension String {
    /// Whether `needle` occurs in this string, compared as UTF-8 bytes (exact, case-sensitive).
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pattern in
                guard pattern.count > 0 else { return true }
                guard pattern.count <= hay.count, let hayBase = hay.baseAddress else { return false }
                // memchr finds the candidates (it reads many bytes a step); memcmp checks them.
                let first = Int32(pattern[0])
                let last = hay.count - pattern.count
                var index = 0
                while index <= last {
                    guard let found = memchr(hayBase + index, first, last - index + 1) else { return false }
                    index = UnsafeRawPointer(found) - UnsafeRawPointer(hayBase)
                    // The last byte first: most candidates fail there, without a call.
                    if hay[index + pattern.count - 1] == pattern[pattern.count - 1],
                        memcmp(hayBase + index, pattern.baseAddress!, pattern.count) == 0
                    {
                        return true
                    }
                    index += 1
                }
                return false
            }
        }
    }

    /// The first (or last) range where `needle` occurs, compared as UTF-8 bytes. `needle` must
    /// start and end with whole characters, as the separators it is used with do.
    func byteRange(of needle: String, last: Bool) -> Range<String.Index>? {
        var haystack = self
        var pattern = needle
        let offset: Int? = haystack.withUTF8 { hay in
            pattern.withUTF8 { pattern in
                guard !pattern.isEmpty, pattern.count <= hay.count, let hayBase = hay.baseAddress else { return nil }
                let candidates = stride(
                    from: last ? hay.count - pattern.count : 0, through: last ? 0 : hay.count - pattern.count, by: last ? -1 : 1)
                for start in candidates where hay[start] == pattern[0] {
                    if memcmp(hayBase + start, pattern.baseAddress!, pattern.count) == 0 { return start }
                }
                return nil
            }
        }
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// The string with ASCII letters lowercased; other characters untouched. Free when there
    /// is no uppercase ASCII letter.
    var asciiLowercased: String {
        guard utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return self }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

extension String {
    /// `unicodeScalars.count`, counted over the UTF-8 bytes (those that start a scalar).
    var scalarCount: Int {
        var text = self
        return text.withUTF8 { $0.count { $0 & 0xC0 != 0x80 } }
    }

    /// Whether a byte above the ASCII space is in the string (anything but ASCII whitespace
    /// and control characters).
    var hasByteAboveSpace: Bool {
        var text = self
        return text.withUTF8 { $0.contains { $0 > 0x20 } }
    }

    /// About the length in Unicode scalars the text has once whitespace is collapsed (ASCII
    /// whitespace runs count as one), counted over the UTF-8 bytes without decoding.
    var collapsedLength: Int {
        var text = self
        return text.withUTF8 { Self.collapsedLength(of: $0) }
    }

    /// ``collapsedLength`` of UTF-8 bytes.
    static func collapsedLength(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var length = 0
        var inSpace = false
        for byte in bytes {
            if byte <= 0x20 {
                if !inSpace { length += 1 }
                inSpace = true
            } else {
                inSpace = false
                if byte & 0xC0 != 0x80 { length += 1 }
            }
        }
        return length
    }
}

extension String {
    /// `trimmingCharacters(in: set)` for a whitespace set, without Foundation's bridging when
    /// there is nothing to trim (the string starts and ends with a visible ASCII character).
    func trimmingWhitespace(_ set: CharacterSet) -> String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        return trimmingCharacters(in: set)
    }
}

/// A search for one needle in many texts (Boyer–Moore–Horspool): after a mismatch the window
/// jumps by how far the byte under its last position is from the needle's end, so a search
/// reads a fraction of the text when the needle is long.
struct SubstringSearch {
    private let needle: [UInt8]
    /// For each byte value, how far the window moves when that byte is under its last position
    /// (at most 255: a shorter move is always safe).
    private let shifts: [UInt8]

    init(_ needle: String) {
        self.needle = Array(needle.utf8)
        var shifts = [UInt8](repeating: UInt8(min(255, max(1, self.needle.count))), count: 256)
        for (index, byte) in self.needle.dropLast().enumerated() {
            shifts[Int(byte)] = UInt8(min(255, self.needle.count - 1 - index))
        }
        self.shifts = shifts
    }

    /// Whether the needle occurs in `text` (bytes compared exactly).
    func occurs(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            needle.withUnsafeBufferPointer { pattern in
                shifts.withUnsafeBufferPointer { shifts in
                    let length = pattern.count
                    guard length > 0 else { return true }
                    guard length <= hay.count, let hayBase = hay.baseAddress, let patternBase = pattern.baseAddress else {
                        return false
                    }
                    let last = pattern[length - 1]
                    var position = 0
                    while position <= hay.count - length {
                        let byte = hay[position + length - 1]
                        if byte == last, memcmp(hayBase + position, patternBase, length - 1) == 0 { return true }
                        position += Int(shifts[Int(byte)])
                    }
                    return false
                }
            }
        }
    }
}
