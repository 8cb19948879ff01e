import Foundation
import Markup

/// Text helpers shared by the readers: trimming as Python does, windows-1252 repairs, escaping
/// (plain text from HTML is Markup's `PlainText`).
enum FeedTextRendering {
    /// Plain text escaped for use as HTML.
    static func escapedHTML(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Whether Python's `str.isspace` holds for a scalar (Unicode White_Space, plus the
    /// information separators U+001C–U+001F).
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// The text without leading and trailing whitespace, as Python's `str.strip()` trims it.
    static func pythonStrip(_ text: String) -> String {
        let utf8 = text.utf8
        guard let firstByte = utf8.first, let lastByte = utf8.last else { return text }
        if firstByte < 0x80, lastByte < 0x80, !isASCIISpace(firstByte), !isASCIISpace(lastByte) { return text }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isPythonSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isPythonSpace($0) })!
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Trims UTF-8 bytes as Python's `str.strip()` trims text.
    static func pythonStrip(_ bytes: inout [UInt8]) {
        var start = 0
        while start < bytes.count {
            if bytes[start] < 0x80 {
                guard isASCIISpace(bytes[start]) else { break }
                start += 1
            } else {
                guard let (scalar, length) = scalar(in: bytes, at: start), isPythonSpace(scalar) else { break }
                start += length
            }
        }
        var end = bytes.count
        while end > start {
            if bytes[end - 1] < 0x80 {
                guard isASCIISpace(bytes[end - 1]) else { break }
                end -= 1
            } else {
                var lead = end - 1
                while lead > start, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
                guard let (scalar, _) = scalar(in: bytes, at: lead), isPythonSpace(scalar) else { break }
                end = lead
            }
        }
        if end < bytes.count { bytes.removeLast(bytes.count - end) }
        if start > 0 { bytes.removeFirst(start) }
    }

    /// The scalar whose UTF-8 starts at `index`, and its length.
    static func scalar(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard index + length <= bytes.count else { return nil }
        var value = UInt32(length == 1 ? lead : lead & (0xFF >> (length + 1)))
        for offset in 1..<max(length, 1) where length > 1 { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// ``repairingMojibake(_:)`` on UTF-8 bytes (unchanged, without copying, when there is
    /// nothing to repair).
    static func repairingMojibake(_ bytes: [UInt8]) -> [UInt8] {
        let suspicious = bytes.withUnsafeBufferPointer { ByteScan.firstIndex(of: 0xC2, or: 0xC3, in: $0, from: 0) < $0.count }
        guard suspicious else { return bytes }
        return Array(repairingLatin1High(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    /// Repairs text the way feedparser does after decoding: UTF-8 that was read as Latin-1 and
    /// encoded again ("Ã©" for "é", "â€™" for "’") is decoded once more, and C1 control
    /// characters become the windows-1252 punctuation they were meant to be (U+0092 → ’).
    static func repairingMojibake(_ text: String) -> String {
        // Fast path: no character in U+0080–U+00FF, whose UTF-8 lead bytes are 0xC2 and 0xC3
        // (all ASCII, or Arabic and other scripts).
        var copy = text
        let hasLatin1High = copy.withUTF8 { ByteScan.firstIndex(of: 0xC2, or: 0xC3, in: $0, from: 0) < $0.count }
        return hasLatin1High ? repairingLatin1High(text) : text
    }

    /// ``repairingMojibake(_:)`` for text known to hold characters in U+0080–U+00FF.
    private static func repairingLatin1High(_ text: String) -> String {
        var result = text
        if text.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) {
            let bytes = text.unicodeScalars.map { UInt8($0.value) }
            if let decoded = String(validating: bytes, as: UTF8.self) { result = decoded }
        }
        guard result.unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) else { return result }
        var scalars = String.UnicodeScalarView()
        for scalar in result.unicodeScalars {
            scalars.append(PlainText.windows1252[scalar.value] ?? scalar)
        }
        return String(scalars)
    }

    /// The bytes without leading and trailing ASCII whitespace; nil when an end is a
    /// non-ASCII byte (which may be Unicode whitespace: use ``pythonStrip(_:)``).
    static func asciiTrimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isASCIISpace(bytes[start]) { start += 1 }
        while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
        if start < end, bytes[start] >= 0x80 || bytes[end - 1] >= 0x80 { return nil }
        return bytes[start..<end]
    }

    /// Python's whitespace among ASCII bytes: space, \t–\r and \x1c–\x1f.
    static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte) }
}
