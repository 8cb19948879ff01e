import Foundation
import Markup

/// Cleans the HTML a feed carries (RSS descriptions, `content:encoded`, Atom `html`/`xhtml`
/// constructs) so it is safe to show, the way Python feedparser's sanitizer does.
///
/// It is a single pass over the bytes: a tokenizer with SGML's forgiving rules, an allow-list of
/// elements and attributes (``HTMLSanitizerPolicy``), and a writer. Disallowed elements are
/// dropped but their text kept, except `script`, `style` and `applet`, whose content goes too;
/// event handlers and unknown attributes go; `href` with a scheme outside the allow-list
/// (`javascript:`) becomes empty; `style` keeps only simple, known declarations. Attributes are
/// written sorted, double-quoted and escaped; void elements as `<br />`. Character and entity
/// references are kept as written (C1 references such as `&#146;` become the windows-1252
/// character they meant, `&#x2019;`). Relative links in `href`/`src`/`cite`... are resolved
/// against the base URL when one is given. Tags are not balanced, as feedparser does not.
struct HTMLSanitizer {
    /// An attribute value: where it is in the input, or a value made here.
    enum AttributeValue {
        case input(Range<Int>)
        case text(String)
    }

    /// The sanitised form of `html`.
    ///
    /// - Parameters:
    ///   - html: the markup.
    ///   - isXHTML: the markup is XHTML (inline Atom content): `<x/>` closes `x`, and `svg`/`math`
    ///     need their namespace declared to be kept.
    ///   - baseURL: the base for relative links, if any.
    static func sanitize(_ html: String, isXHTML: Bool = false, baseURL: String? = nil) -> String {
        guard !html.isEmpty else { return "" }
        var html = html
        return String(decoding: html.withUTF8 { sanitize(bytes: $0, isXHTML: isXHTML, baseURL: baseURL) }, as: UTF8.self)
    }

    /// The sanitised form of the UTF-8 markup in `bytes`, as UTF-8 (see
    /// ``sanitize(_:isXHTML:baseURL:)``).
    static func sanitize(bytes: UnsafeBufferPointer<UInt8>, isXHTML: Bool, baseURL: String?) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        var sanitizer = HTMLSanitizer(input: bytes, isXHTML: isXHTML, baseURL: baseURL)
        sanitizer.run()
        return sanitizer.result()
    }

    let input: UnsafeBufferPointer<UInt8>
    let count: Int
    let isXHTML: Bool
    let baseURL: String?
    var output: [UInt8] = []
    /// Where the last start tag's name is: `<>` repeats it (SGML).
    var lastTagRange: Range<Int>?
    /// Inside `script`, `style` or `applet` (feedparser's counter: it may go negative).
    var droppedDepth = 0
    var mathDepth = 0
    var svgDepth = 0

    init(input: UnsafeBufferPointer<UInt8>, isXHTML: Bool, baseURL: String?) {
        self.input = input
        self.count = input.count
        self.isXHTML = isXHTML
        self.baseURL = baseURL
        output.reserveCapacity(input.count + input.count / 8)
    }

    /// The output, trimmed, with CRLF made LF.
    func result() -> [UInt8] {
        var bytes = output
        FeedTextRendering.pythonStrip(&bytes)
        if bytes.withUnsafeBufferPointer({ ByteScan.contains(0x0D, in: $0) }) {
            var written = 0
            for index in bytes.indices where !(bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                bytes[written] = bytes[index]
                written += 1
            }
            bytes.removeLast(bytes.count - written)
        }
        return bytes
    }

    // MARK: The tokenizer (sgmllib's goahead)

    mutating func run() {
        var index = 0
        while index < count {
            let next = nextInteresting(from: index)
            if next > index { data(index..<next) }
            index = next
            guard index < count else { break }
            if input[index] == UInt8(ascii: "<") {
                guard let after = markup(at: index) else { break }
                index = after
            } else {
                guard let after = reference(at: index) else { break }
                index = after
            }
        }
        if index < count { data(index..<count) }
    }

    /// The next `<` or `&` at or after `start` (or the end).
    func nextInteresting(from start: Int) -> Int {
        ByteScan.firstIndex(of: UInt8(ascii: "<"), or: UInt8(ascii: "&"), in: input, from: start)
    }

    /// Handles what starts with `<` at `index`; returns where to go on, or nil to stop (the
    /// rest is written as text).
    mutating func markup(at index: Int) -> Int? {
        let next = index + 1 < count ? input[index + 1] : 0
        if matches("<![CDATA[", at: index) {
            write("&lt;![CDATA[")
            return index + 9
        }
        if next == UInt8(ascii: "!"), !matchesIgnoringCase("<!DOCTYPE", at: index), !matches("<!--", at: index),
            !matches("<![", at: index)
        {
            write("&lt;!")
            return index + 2
        }
        if let shortTag = selfClosingTag(at: index) {
            startTag(shortTag.name, attributes: [])
            if !HTMLSanitizerPolicy.voidElements.contains(shortTag.name) { endTag(shortTag.name) }
            return shortTag.end
        }
        if Self.isLetter(next) || next == UInt8(ascii: ">") { return parseStartTag(at: index) }
        if next == UInt8(ascii: "/") { return parseEndTag(at: index) }
        if matches("<!--", at: index) { return parseComment(at: index) }
        if next == UInt8(ascii: "?") {
            guard let close = find(UInt8(ascii: ">"), from: index + 2) else { return nil }
            return close + 1  // a processing instruction: dropped
        }
        if next == UInt8(ascii: "!") { return parseDeclaration(at: index) }
        // A lone `<`: text.
        guard index + 1 < count else { return nil }
        data(index..<index + 1)
        return index + 1
    }

    /// Handles what starts with `&` at `index`.
    mutating func reference(at index: Int) -> Int? {
        if let (value, end) = characterReference(at: index) {
            if end - index == 5, value == 39 || value == 34, input[index + 2] != UInt8(ascii: "x"),
                input[index + 2] != UInt8(ascii: "X")
            {
                // feedparser turns `&#39;` and `&#34;` into the characters before parsing.
                text(value == 39 ? "'" : "\"")
            } else {
                characterReference(value, text: input[(index + 2)..<(end - 1)])
            }
            return end
        }
        if let (name, end, terminatedBySemicolon) = entityReference(at: index) {
            if name == "apos" || HTMLEntity.codePoint(named: name) != nil {
                write("&")
                write(name)
                write(";")
            } else {
                write("&amp;")
                write(name)
            }
            return terminatedBySemicolon ? end : end - 1
        }
        // `&`, `&#`, `&#12` or `&name` not followed by anything usable: text, unless it runs to
        // the end (then the caller writes the rest as text).
        var end = index + 1
        if end < count, input[end] == UInt8(ascii: "#") {
            end += 1
            while end < count, Self.isDigit(input[end]) { end += 1 }
        } else if end < count, Self.isLetter(input[end]) {
            while end < count, Self.isLetter(input[end]) || Self.isDigit(input[end]) { end += 1 }
        }
        guard end < count else { return nil }
        data(index..<end)
        return end
    }

    /// `&#123;` or `&#x1F;`: the value and the index after `;`.
    func characterReference(at index: Int) -> (UInt32, Int)? {
        guard index + 3 < count, input[index + 1] == UInt8(ascii: "#") else { return nil }
        var position = index + 2
        let hex = input[position] == UInt8(ascii: "x") || input[position] == UInt8(ascii: "X")
        if hex { position += 1 }
        let start = position
        var value: UInt32 = 0
        while position < count {
            let byte = input[position]
            let digit: UInt32
            if Self.isDigit(byte) {
                digit = UInt32(byte - 48)
            } else if hex, let letter = Self.hexLetterValue(byte) {
                digit = letter
            } else {
                break
            }
            value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + digit
            position += 1
        }
        guard position > start, position < count, input[position] == UInt8(ascii: ";") else { return nil }
        return (value, position + 1)
    }

    /// `&name` followed by a character that is not a letter or digit (sgmllib's `entityref`):
    /// the name, the index after the terminator, and whether that terminator was `;`.
    func entityReference(at index: Int) -> (String, Int, Bool)? {
        guard index + 1 < count, Self.isLetter(input[index + 1]) else { return nil }
        var end = index + 2
        while end < count, Self.isNameByte(input[end]) { end += 1 }
        // The name may not swallow its terminator: back off over trailing `-` and `.`.
        while end >= count {
            guard end - 1 > index + 1, input[end - 1] == UInt8(ascii: "-") || input[end - 1] == UInt8(ascii: ".") else {
                return nil
            }
            end -= 1
        }
        if Self.isLetter(input[end]) || Self.isDigit(input[end]) { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: input[(index + 1)..<end]), as: UTF8.self)
        return (name, end + 1, input[end] == UInt8(ascii: ";"))
    }

    /// Writes a character reference as feedparser does: as written (hex `x` lowercased),
    /// except a C1 control, written as the windows-1252 character it stands for.
    mutating func characterReference(_ value: UInt32, text: Slice<UnsafeBufferPointer<UInt8>>) {
        if (0x80...0x9F).contains(value), let mapped = PlainText.windows1252[value] {
            write("&#x" + String(mapped.value, radix: 16) + ";")
            return
        }
        write("&#")
        for byte in text { output.append(byte == UInt8(ascii: "X") ? UInt8(ascii: "x") : Self.lowercased(byte)) }
        write(";")
    }

    // MARK: Writing

    mutating func data(_ range: Range<Int>) {
        guard droppedDepth == 0 else { return }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[range]))
    }

    /// Writes `literal` as text (nothing inside a dropped element).
    mutating func text(_ literal: String) {
        guard droppedDepth == 0 else { return }
        write(literal)
    }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    mutating func write(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// The last start tag's name, lowercased.
    var lastTag: String { lastTagRange.map(lowercasedString) ?? "???" }

    // MARK: Byte helpers

    func matches(_ text: StaticString, at index: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index + length <= count else { return false }
        return memcmp(input.baseAddress! + index, text.utf8Start, length) == 0
    }

    func matchesIgnoringCase(_ text: StaticString, at index: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index + length <= count else { return false }
        for offset in 0..<length where Self.lowercased(input[index + offset]) != Self.lowercased(text.utf8Start[offset]) {
            return false
        }
        return true
    }

    func find(_ byte: UInt8, from start: Int) -> Int? {
        var index = start
        while index < count {
            if input[index] == byte { return index }
            index += 1
        }
        return nil
    }

    static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
    static func lowercased(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
    static func hexLetterValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 65...70: UInt32(byte - 55)
        case 97...102: UInt32(byte - 87)
        default: nil
        }
    }
}
