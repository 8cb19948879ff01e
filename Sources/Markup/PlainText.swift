import Foundation

/// Small text helpers shared by feed parsing and article extraction.
public enum PlainText {
    /// Collapses every run of whitespace (including no-break spaces and line breaks) to one
    /// space and trims both ends; drops zero-width spaces, byte-order marks and soft hyphens;
    /// reads C1 control characters as the windows-1252 punctuation they almost always are.
    /// Letters and marks (Arabic harakat included) are left exactly as written.
    public static func collapsingWhitespace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            // A C1 control (2 bytes) becomes punctuation of up to 3 bytes: room for half again.
            String(unsafeUninitializedCapacity: bytes.count + bytes.count / 2 + 4) { output in
                var written = 0
                var pendingSpace = false
                var index = 0
                let count = bytes.count
                @inline(__always) func emit(_ byte: UInt8) {
                    if pendingSpace {
                        output[written] = 0x20
                        written += 1
                        pendingSpace = false
                    }
                    output[written] = byte
                    written += 1
                }
                while index < count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        index += 1
                        if byte > 0x20 && byte != 0x7F {
                            emit(byte)
                        } else {
                            pendingSpace = written > 0  // ASCII whitespace and control characters
                        }
                        continue
                    }
                    // A multi-byte sequence: decode the scalar (the input is valid UTF-8).
                    guard let (value, length) = UTF8Scan.scalar(in: bytes, at: index) else { break }
                    let start = index
                    index += length
                    switch value {
                    case 0x200B, 0xFEFF, 0x00AD:
                        continue
                    case 0x0085, 0x00A0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                        pendingSpace = written > 0
                        continue
                    case 0x0080...0x009F:
                        // C1 controls are windows-1252 punctuation mislabelled (&#146; for ’).
                        guard let mapped = windows1252[value] else { continue }
                        for unit in String(mapped).utf8 { emit(unit) }
                        continue
                    default:
                        emit(bytes[start])
                        for offset in 1..<length {
                            output[written] = bytes[start + offset]
                            written += 1
                        }
                    }
                }
                return written
            }
        }
    }

    /// What windows-1252 puts at 0x80–0x9F (where ISO-8859-1 and Unicode have C1 controls).
    public static let windows1252: [UInt32: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}",
        0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}",
        0x8E: "\u{017D}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}",
        0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}",
        0x9C: "\u{0153}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]

    /// The plain text of an HTML fragment (a feed item's description): tags dropped, entities
    /// decoded, paragraphs separated by a blank line, whitespace collapsed.
    /// Text without any markup is only whitespace-collapsed.
    public static func fromHTML(_ html: String) -> String {
        guard html.contains("<") || html.contains("&") else { return collapsingWhitespace(html) }
        guard let document = try? HTMLDocument(html: html), let root = document.root else {
            return collapsingWhitespace(html)
        }
        return root.renderedText()
    }

    /// Whether a string looks like it carries HTML markup (a tag) or a character reference.
    ///
    /// A tag is what `</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>` matches, a reference what
    /// `&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});` matches; both are
    /// looked for in one pass over the bytes.
    public static func looksLikeHTML(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x3C, tagEnd(in: bytes, after: index) { return true }
                if byte == 0x26, referenceEnds(in: bytes, after: index) { return true }
                index += 1
            }
            return false
        }
    }

    /// Whether a tag starts at the `<` at `start`.
    private static func tagEnd(in bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Bool {
        var index = start + 1
        if index < bytes.count, bytes[index] == 0x2F { index += 1 }
        guard index < bytes.count, isASCIILetter(bytes[index]) else { return false }
        index += 1
        while index < bytes.count, isASCIILetter(bytes[index]) || isASCIIDigit(bytes[index]) { index += 1 }
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case 0x3E: return true
        case 0x2F: return index + 1 < bytes.count && bytes[index + 1] == 0x3E
        default: break
        }
        // Whitespace, then anything but `<` up to the `>`.
        guard isRegexWhitespace(in: bytes, at: index) else { return false }
        while index < bytes.count {
            if bytes[index] == 0x3E { return true }
            if bytes[index] == 0x3C { return false }
            index += 1
        }
        return false
    }

    /// Whether a character reference starts at the `&` at `start`.
    private static func referenceEnds(in bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Bool {
        var index = start + 1
        guard index < bytes.count else { return false }
        let digits: (UInt8) -> Bool
        let range: ClosedRange<Int>
        if bytes[index] == 0x23 {
            index += 1
            if index < bytes.count, bytes[index] | 0x20 == 0x78 {
                index += 1
                digits = { isASCIIDigit($0) || (0x61...0x66).contains($0 | 0x20) }
                range = 1...6
            } else {
                digits = isASCIIDigit
                range = 1...7
            }
        } else {
            guard isASCIILetter(bytes[index]) else { return false }
            index += 1
            digits = { isASCIILetter($0) || isASCIIDigit($0) }
            range = 1...31
        }
        let first = index
        while index < bytes.count, digits(bytes[index]) { index += 1 }
        return range.contains(index - first) && index < bytes.count && bytes[index] == 0x3B
    }

    /// ICU's `\s` (Unicode's `White_Space`) at a character of valid UTF-8.
    private static func isRegexWhitespace(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let lead = bytes[index]
        if lead < 0x80 { return lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) }
        guard let (value, _) = UTF8Scan.scalar(in: bytes, at: index) else { return false }
        return Unicode.Scalar(value)?.properties.isWhitespace ?? false
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether a Unicode scalar is an Arabic letter (not a mark, digit or punctuation).
    public static func isArabicLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0621...0x063A, 0x0641...0x064A, 0x0671...0x06D3, 0x06D5, 0x06EE, 0x06EF, 0x06FA...0x06FC,
            0x0750...0x077F, 0x08A0...0x08C9, 0xFB50...0xFDFB, 0xFE70...0xFEFC:
            true
        default: false
        }
    }
}
