import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Leaves the bodies of `<script>` and `<style>` elements out of a page before libxml2 parses
/// it, for readers that never look at them (article extraction).
///
/// libxml2's HTML parser reads these bodies one character at a time; on news pages they are
/// about 40% of the bytes and a third of the parse. The elements themselves stay, empty.
/// A script whose start tag mentions `json` keeps its body (JSON-LD metadata).
///
/// The scan follows libxml2's own reading (comments, doctype, processing instructions, end
/// tags, start tags with quoted and unquoted attribute values; a raw-text body ends at the
/// first `</script` or `</style`, in any case), and stops eliding at the first construct it
/// does not read exactly as libxml2 does: from there on the page is passed on untouched, which
/// is always safe.
enum RawTextElision {
    /// The page without raw-text bodies, or nil when nothing was left out. The bytes must be
    /// in an ASCII-compatible charset (see ``appliesTo(encoding:)``).
    static func elide(_ data: Data) -> Data? {
        data.withUnsafeBytes { raw -> Data? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count > 0 else { return nil }
            // A NUL byte ends an attribute value for libxml2 mid-input: not worth following.
            guard memchr(base, 0, raw.count) == nil else { return nil }
            var scanner = Scanner(bytes: UnsafeBufferPointer(start: base, count: raw.count))
            return scanner.run()
        }
    }

    /// Whether pages in this charset can be scanned as bytes: ASCII and its single-byte
    /// supersets, and UTF-8 (where no byte of a multi-byte character is ASCII).
    static func appliesTo(encoding: String?) -> Bool {
        guard let name = encoding?.uppercased() else { return false }
        return name == "UTF-8" || name == "UTF8" || name == "US-ASCII" || name == "ASCII"
            || name.hasPrefix("WINDOWS-125") || name.hasPrefix("ISO-8859-") || name.hasPrefix("KOI8-")
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var output: [UInt8] = []
        /// Input before this offset is in `output` already (or elided).
        var copied = 0
        var elided = false

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func run() -> Data? {
            let count = bytes.count
            var index = 0
            while index < count, let open = find(0x3C, from: index) {
                guard let next = scanMarkup(at: open) else { break }
                index = next
            }
            guard elided else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return Data(output)
        }

        /// Reads the markup that starts with the `<` at `open`; the offset to go on from, or
        /// nil to stop eliding.
        mutating func scanMarkup(at open: Int) -> Int? {
            let next = byte(open + 1)
            if next == 0x21 {  // <!
                if starts(with: "<!--", at: open) {
                    // Abruptly closed comments (<!--> and <!--->) are read differently by
                    // parser versions.
                    if byte(open + 4) == 0x3E || (byte(open + 4) == 0x2D && byte(open + 5) == 0x3E) { return nil }
                    guard let end = find("-->", from: open + 4) else { return nil }
                    if find("--!>", from: open + 4, before: end) != nil { return nil }
                    return end + 3
                }
                guard startsIgnoringCase(with: "<!doctype", at: open), let end = find(0x3E, from: open) else { return nil }
                let quotes = bytes[open..<end].reduce(0) { $1 == 0x22 || $1 == 0x27 ? $0 + 1 : $0 }
                return quotes == 0 ? end + 1 : nil
            }
            if next == 0x3F {  // <?target ...>: up to the next ">"
                guard Self.isNameStart(byte(open + 2)) else { return nil }
                return find(0x3E, from: open + 2).map { $0 + 1 }
            }
            if next == 0x2F {  // </name>, blanks allowed before the ">"
                guard Self.isLetter(byte(open + 2)) else { return nil }
                var index = open + 2
                while Self.isNamePart(byte(index)) { index += 1 }
                while Self.isBlank(byte(index)) { index += 1 }
                return byte(index) == 0x3E ? index + 1 : nil
            }
            if Self.isLetter(next) { return scanStartTag(at: open) }
            // "<" before anything else is text to libxml2; "_", ":" and "." start names
            // elsewhere, so those are not followed.
            return Self.isNameStart(next) ? nil : open + 1
        }

        /// A start tag, and the raw-text body after it for `script` and `style`.
        mutating func scanStartTag(at open: Int) -> Int? {
            var index = open + 1
            let nameStart = index
            while Self.isNamePart(byte(index)) { index += 1 }
            let nameEnd = index
            guard nameEnd - nameStart <= 64 else { return nil }
            let isScript = equalsIgnoringCase(nameStart, nameEnd, "script")
            var mentionsJSON = false
            // Attributes: name, then optionally = and a quoted or unquoted value.
            while true {
                let current = byte(index)
                if Self.isBlank(current) {
                    index += 1
                    continue
                }
                if current == 0x3E { break }
                if current == 0x2F, byte(index + 1) == 0x3E { return index + 2 }  // <tag/>: no body
                guard Self.isNameStart(current) else { return nil }
                while Self.isNamePart(byte(index)) { index += 1 }
                var probe = index
                while Self.isBlank(byte(probe)) { probe += 1 }
                guard byte(probe) == 0x3D else { continue }  // no value
                probe += 1
                while Self.isBlank(byte(probe)) { probe += 1 }
                let quote = byte(probe)
                let valueStart: Int
                let valueEnd: Int
                if quote == 0x22 || quote == 0x27 {
                    valueStart = probe + 1
                    guard let close = find(quote, from: valueStart) else { return nil }
                    valueEnd = close
                    index = close + 1
                } else {
                    valueStart = probe
                    var end = probe
                    while end < bytes.count, !Self.isBlank(bytes[end]), bytes[end] != 0x3E { end += 1 }
                    valueEnd = end
                    index = end
                }
                if find(0x3C, from: valueStart, before: valueEnd) != nil { return nil }  // "<" in a value
                if isScript, !mentionsJSON, containsJSON(valueStart, valueEnd) { mentionsJSON = true }
                if index >= bytes.count { return nil }
            }
            // At the ">" closing the start tag.
            let bodyStart = index + 1
            guard isScript || equalsIgnoringCase(nameStart, nameEnd, "style") else { return bodyStart }
            // The body ends at the first "</script" or "</style" (a prefix, any case).
            var search = bodyStart
            while true {
                guard let close = find(0x3C, from: search) else { return nil }
                if byte(close + 1) == 0x2F, equalsIgnoringCase(close + 2, close + 2 + (nameEnd - nameStart), isScript ? "script" : "style") {
                    if !(isScript && mentionsJSON), close > bodyStart {
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bodyStart]))
                        copied = close
                        elided = true
                    }
                    return close
                }
                search = close + 1
            }
        }

        // MARK: Bytes

        func byte(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }

        func find(_ target: UInt8, from start: Int, before end: Int? = nil) -> Int? {
            let limit = end ?? bytes.count
            guard start < limit, let base = bytes.baseAddress,
                let found = memchr(base + start, Int32(target), limit - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }

        func find(_ needle: StaticString, from start: Int, before end: Int? = nil) -> Int? {
            let limit = end ?? bytes.count
            let length = needle.utf8CodeUnitCount
            var search = start
            while let candidate = find(needle.utf8Start[0], from: search, before: limit) {
                guard candidate + length <= limit else { return nil }
                if starts(with: needle, at: candidate) { return candidate }
                search = candidate + 1
            }
            return nil
        }

        func starts(with prefix: StaticString, at index: Int) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard index + length <= bytes.count, let base = bytes.baseAddress else { return false }
            return memcmp(base + index, prefix.utf8Start, length) == 0
        }

        /// Whether the bytes at `index` are `prefix` (lowercase ASCII), ignoring ASCII case.
        func startsIgnoringCase(with prefix: StaticString, at index: Int) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard index + length <= bytes.count else { return false }
            for offset in 0..<length where Self.lower(bytes[index + offset]) != prefix.utf8Start[offset] { return false }
            return true
        }

        func equalsIgnoringCase(_ start: Int, _ end: Int, _ word: StaticString) -> Bool {
            end - start == word.utf8CodeUnitCount && startsIgnoringCase(with: word, at: start)
        }

        func containsJSON(_ start: Int, _ end: Int) -> Bool {
            var index = start
            while index + 4 <= end {
                if startsIgnoringCase(with: "json", at: index) { return true }
                index += 1
            }
            return false
        }

        static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
        static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        /// libxml2's HTML names: a letter, `_`, `:` or `.` first, then also digits and `-`.
        static func isNameStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == 0x5F || byte == 0x3A || byte == 0x2E }
        static func isNamePart(_ byte: UInt8) -> Bool {
            isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
        }
    }
}
