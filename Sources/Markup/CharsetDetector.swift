@preconcurrency import CLibXML2
import Foundation

/// The charset chosen for a document and what it was chosen from.
public struct CharsetDecision: Sendable, Equatable, CustomStringConvertible {
    /// Where a charset decision came from.
    public enum Source: String, Sendable {
        /// A byte-order mark at the start of the bytes.
        case byteOrderMark
        /// The `charset` parameter of the HTTP `Content-Type`.
        case httpHeader
        /// `<meta charset>` or `<meta http-equiv="content-type">` in the page.
        case metaTag
        /// Looking at the bytes: valid UTF-8, else a byte-frequency guess; also used when a
        /// declared charset plainly contradicts the bytes.
        case detection
    }

    /// The charset, as a name libxml2 and iconv accept (`UTF-8`, `WINDOWS-1256`, ...).
    public var charset: String
    /// What the charset was decided from.
    public var source: Source
    /// The charset is UTF-8 and the bytes were checked and found valid (no need to check them
    /// again before parsing). Not part of equality: it records work done, not a decision.
    public var bytesAreValidUTF8 = false

    public init(charset: String, source: Source) {
        self.charset = charset
        self.source = source
    }

    public static func == (lhs: CharsetDecision, rhs: CharsetDecision) -> Bool {
        lhs.charset == rhs.charset && lhs.source == rhs.source
    }

    public var description: String { "\(charset) (\(source.rawValue))" }
}

/// Decides the charset of an HTML page before libxml2 parses it (feeds: `FeedCharset`, RFC 7303).
///
/// The WHATWG order: byte-order mark, HTTP `charset`, a `<meta>` prescan of the first bytes,
/// then detection (valid UTF-8 is UTF-8, otherwise a byte-frequency guess between
/// windows-1256 for Arabic and windows-1252). A declaration the bytes plainly
/// contradict (a "UTF-8" page that is not UTF-8, a "latin1" or "gb2312" page that is valid
/// multi-byte UTF-8,
/// a "windows-1252" page whose bytes are Arabic) is overruled by detection.
public enum CharsetDetector {
    /// The charset to parse an HTML page with.
    public static func htmlCharset(for data: Data, contentType: String?) -> CharsetDecision {
        if let bom = byteOrderMark(in: data) { return CharsetDecision(charset: bom.charset, source: .byteOrderMark) }
        if let label = charsetParameter(ofContentType: contentType), let charset = normalizedLabel(label) {
            return checked(CharsetDecision(charset: htmlCompatible(charset), source: .httpHeader), data)
        }
        if let label = prescanMeta(data), let charset = normalizedLabel(label) {
            return checked(CharsetDecision(charset: htmlCompatible(charset), source: .metaTag), data)
        }
        return detection(data)
    }

    /// Overrules a declared charset the bytes plainly contradict.
    static func checked(_ decision: CharsetDecision, _ data: Data) -> CharsetDecision {
        let singleByte: Set<String> = ["WINDOWS-1252", "ISO-8859-1", "US-ASCII", "WINDOWS-1256", "ISO-8859-6"]
        if decision.charset == "UTF-8" {
            let scan = UTF8Scan(data)
            if scan.isPlausible {
                var checked = decision
                checked.bytesAreValidUTF8 = scan.isValid
                return checked
            }
            return CharsetDecision(charset: guessLegacy(data), source: .detection)
        }
        if !decision.charset.hasPrefix("UTF-") {
            // Legacy text (single- or double-byte) is never valid UTF-8 with multi-byte
            // characters throughout; such bytes were re-encoded and the declaration is stale.
            let scan = UTF8Scan(data)
            if scan.invalid == 0 && scan.multibyte > 0 { return CharsetDecision(charset: "UTF-8", source: .detection) }
        }
        if singleByte.contains(decision.charset) {
            if decision.charset == "WINDOWS-1252" || decision.charset == "ISO-8859-1" || decision.charset == "US-ASCII",
                guessLegacy(data) == "WINDOWS-1256"
            {
                return CharsetDecision(charset: "WINDOWS-1256", source: .detection)
            }
        }
        return decision
    }

    /// WHATWG: a page cannot declare UTF-16 in ASCII-compatible bytes; such a label means UTF-8.
    static func htmlCompatible(_ charset: String) -> String {
        charset.hasPrefix("UTF-16") || charset.hasPrefix("UTF-32") ? "UTF-8" : charset
    }

    /// Detection without any declaration: UTF-8 when the bytes are (essentially) valid UTF-8,
    /// otherwise ``guessLegacy(_:)``; the decision records whether they were all valid.
    private static func detection(_ data: Data) -> CharsetDecision {
        let scan = UTF8Scan(data)
        var decision = CharsetDecision(charset: scan.isPlausible ? "UTF-8" : guessLegacy(data), source: .detection)
        decision.bytesAreValidUTF8 = scan.isValid
        return decision
    }

    /// Guesses between windows-1256 (Arabic) and windows-1252 (Western) for bytes that are not
    /// UTF-8: Arabic text is words made entirely of high bytes in the Arabic letter range,
    /// Western text has single accented letters among ASCII ones.
    public static func guessLegacy(_ data: Data) -> String {
        var high = 0
        var arabicInRuns = 0
        let bytes = data.prefix(65536)
        var previousHigh = false
        var runArabic = 0
        var runLength = 0
        func endRun() {
            if runLength >= 2 { arabicInRuns += runArabic }
            runArabic = 0
            runLength = 0
        }
        for byte in bytes {
            if byte >= 0x80 {
                high += 1
                runLength += 1
                if isArabicLetter1256(byte) { runArabic += 1 }
                previousHigh = true
            } else {
                if previousHigh { endRun() }
                previousHigh = false
            }
        }
        endRun()
        guard high > 0 else { return "WINDOWS-1252" }
        return Double(arabicInRuns) / Double(high) > 0.5 ? "WINDOWS-1256" : "WINDOWS-1252"
    }

    /// Whether a windows-1256 byte is an Arabic letter, harakah or tatweel.
    static func isArabicLetter1256(_ byte: UInt8) -> Bool {
        switch byte {
        case 0xC1...0xD6, 0xD8...0xDF, 0xE1, 0xE3...0xE6, 0xEC, 0xED, 0xF0...0xF3, 0xF5, 0xF6, 0xF8, 0xFA,
            0x81, 0x8D, 0x8E, 0x90, 0x98, 0x9F, 0xAA, 0xBA, 0xBF, 0xC0:
            true
        default: false
        }
    }

    /// The charset named by a byte-order mark, and the mark's length.
    public static func byteOrderMark(in data: Data) -> (charset: String, length: Int)? {
        let head = Array(data.prefix(3))
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { return ("UTF-8", 3) }
        if head.count >= 2, head[0] == 0xFF, head[1] == 0xFE { return ("UTF-16LE", 2) }
        if head.count >= 2, head[0] == 0xFE, head[1] == 0xFF { return ("UTF-16BE", 2) }
        return nil
    }

    /// The `charset` parameter of a `Content-Type` value (`text/html; charset="utf-8"`), as written.
    public static func charsetParameter(ofContentType contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2,
                parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset"
            else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                .trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The MIME type of a `Content-Type` value, lowercased, without parameters.
    public static func mediaType(ofContentType contentType: String?) -> String? {
        guard let contentType,
            let type = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
            !type.isEmpty
        else { return nil }
        return type
    }
}
