import Foundation
import Markup

/// Decides a feed document's charset and makes its bytes ready for the XML parser.
///
/// The order is RFC 7303's: a byte-order mark, then the HTTP `Content-Type` charset (for
/// `application/xml`, `text/xml` and every other type alike: RFC 7303 dropped RFC 3023's
/// "text/xml means US-ASCII"), then the XML declaration's `encoding`, then UTF-8. A
/// declaration the bytes plainly contradict is overruled, and the document then counts as
/// not well-formed: "UTF-8" that is not UTF-8 (a few stray bytes among many valid characters
/// are replaced by U+FFFD; otherwise windows-1256 when the bytes read as Arabic, else
/// windows-1252, else ISO-8859-2 for bytes windows-1252 leaves undefined), or a legacy label on
/// bytes that are valid multi-byte UTF-8. An unknown label is reported and detection decides.
///
/// UTF-8 goes to libxml2 as it is; single-byte code pages are decoded to UTF-8 here through a
/// table (``SingleByteCodePage``); multi-byte legacy charsets (GB18030, Shift_JIS, EUC-KR,
/// Big5) and UTF-16/32 are left to libxml2.
struct FeedCharset {
    /// The bytes to parse.
    var data: Data
    /// The charset to tell libxml2 (nil: libxml2 reads the byte-order mark or UTF-16 layout).
    var parserEncoding: String?
    /// The charset the document was read as.
    var charset: String
    /// Why the document's own charset claim could not be followed, if it could not.
    var problem: String?

    static func prepare(_ data: Data, contentType: String?) -> FeedCharset {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            return utf8(Data(data.dropFirst(3)), declared: "UTF-8")
        }
        if CharsetDetector.byteOrderMark(in: data) != nil || hasUTF16Layout(data) {
            return FeedCharset(data: data, parserEncoding: nil, charset: "UTF-16", problem: nil)
        }
        var label = CharsetDetector.charsetParameter(ofContentType: contentType)
        var labelSource = "the HTTP Content-Type"
        if label == nil {
            label = declaredEncoding(data)
            labelSource = "the XML declaration"
        }
        guard let label else { return utf8(data, declared: nil) }
        guard var charset = CharsetDetector.normalizedLabel(label) else {
            var result = utf8(data, declared: nil)
            result.problem = "\(labelSource) names the charset \"\(label)\", which is unknown; read as \(result.charset)"
            return result
        }
        if charset.hasPrefix("UTF-16") || charset.hasPrefix("UTF-32") {
            // Declared UTF-16 in bytes without UTF-16's zero bytes: it is not.
            var result = utf8(data, declared: nil)
            result.problem = "\(labelSource) says \(label), but the bytes are 8-bit; read as \(result.charset)"
            return result
        }
        if charset == "UTF-8" { return utf8(data, declared: "UTF-8") }
        var problem: String?
        let scan = UTF8Scan(data, stopAtFirstInvalid: true)
        if scan.isValid, scan.multibyte > 0 {
            return FeedCharset(
                data: data, parserEncoding: "UTF-8", charset: "UTF-8",
                problem: "\(labelSource) says \(label), but the bytes are UTF-8")
        }
        if charset == "WINDOWS-1252", CharsetDetector.guessLegacy(data) == "WINDOWS-1256" {
            problem = "\(labelSource) says \(label), but the bytes are Arabic; read as windows-1256"
            charset = "WINDOWS-1256"
        }
        return legacy(data, charset: charset, problem: problem)
    }

    /// Bytes that should be UTF-8 (declared so, or by default).
    private static func utf8(_ data: Data, declared: String?) -> FeedCharset {
        let scan = UTF8Scan(data)
        if scan.isValid { return FeedCharset(data: data, parserEncoding: "UTF-8", charset: "UTF-8", problem: nil) }
        if scan.isPlausible {
            return FeedCharset(
                data: Data(String(decoding: data, as: UTF8.self).utf8), parserEncoding: "UTF-8", charset: "UTF-8",
                problem: "\(scan.invalid) byte(s) of invalid UTF-8 replaced by U+FFFD")
        }
        let guess = legacyGuess(data)
        return legacy(
            data, charset: guess,
            problem: "the document is \(declared.map { "declared \($0)" } ?? "undeclared (UTF-8 by default)") but is not UTF-8; read as \(guess)")
    }

    private static func legacy(_ data: Data, charset: String, problem: String?) -> FeedCharset {
        if let page = SingleByteCodePage.named(charset) {
            return FeedCharset(data: page.decode(data), parserEncoding: "UTF-8", charset: charset, problem: problem)
        }
        return FeedCharset(data: data, parserEncoding: charset, charset: charset, problem: problem)
    }

    /// Arabic windows-1256, else windows-1252, else (bytes windows-1252 does not define)
    /// ISO-8859-2, which defines every byte.
    static func legacyGuess(_ data: Data) -> String {
        let guess = CharsetDetector.guessLegacy(data)
        guard guess == "WINDOWS-1252" else { return guess }
        let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        return data.contains(where: { undefined.contains($0) }) ? "ISO-8859-2" : guess
    }

    /// The `encoding` of the XML declaration at the start of the bytes (`<?xml version="1.0"
    /// encoding="windows-1256"?>`), read without a regular expression.
    static func declaredEncoding(_ data: Data) -> String? {
        let head = Array(data.prefix(512))
        guard head.starts(with: Array("<?xml".utf8)) else { return nil }
        var end = 5
        while end + 1 < head.count, !(head[end] == UInt8(ascii: "?") && head[end + 1] == UInt8(ascii: ">")) { end += 1 }
        guard end + 1 < head.count else { return nil }
        let declaration = head[5..<end]
        let key = Array("encoding".utf8)
        var index = declaration.startIndex
        while index + key.count <= declaration.endIndex {
            guard Array(declaration[index..<index + key.count]) == key else {
                index += 1
                continue
            }
            var position = index + key.count
            func skipSpaces() { while position < declaration.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(declaration[position]) { position += 1 } }
            skipSpaces()
            guard position < declaration.endIndex, declaration[position] == UInt8(ascii: "=") else { return nil }
            position += 1
            skipSpaces()
            guard position < declaration.endIndex, declaration[position] == UInt8(ascii: "\"") || declaration[position] == UInt8(ascii: "'") else {
                return nil
            }
            let quote = declaration[position]
            let start = position + 1
            var close = start
            while close < declaration.endIndex, declaration[close] != quote { close += 1 }
            guard close < declaration.endIndex, close > start else { return nil }
            let name = declaration[start..<close]
            let allowed = name.allSatisfy { byte in
                (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte)
                    || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-")].contains(byte)
            }
            return allowed ? String(decoding: name, as: UTF8.self) : nil
        }
        return nil
    }

    /// UTF-16 or UTF-32 without a byte-order mark: a zero byte among the first two.
    private static func hasUTF16Layout(_ data: Data) -> Bool {
        data.count >= 2 && (data[data.startIndex] == 0 || data[data.startIndex + 1] == 0)
    }
}
