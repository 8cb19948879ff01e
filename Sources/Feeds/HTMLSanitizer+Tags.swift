import Foundation
import Markup

/// Tags, comments and declarations: how ``HTMLSanitizer`` reads them (SGML's forgiving rules)
/// and what it writes for them.
extension HTMLSanitizer {
    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let mathMLNamespace = "http://www.w3.org/1998/Math/MathML"
    static let xlinkNamespace = "http://www.w3.org/1999/xlink"

    // MARK: Reading

    /// `<name/>` or `<name />` without attributes: its lowercased name and the index after it.
    func selfClosingTag(at index: Int) -> (name: String, end: Int)? {
        var position = index + 1
        guard position < count, Self.isLetter(input[position]) else { return nil }
        while position < count, Self.isTagNameByte(input[position]) { position += 1 }
        let nameEnd = position
        while position < count, Self.isSpace(input[position]) { position += 1 }
        guard position + 1 < count, input[position] == UInt8(ascii: "/"), input[position + 1] == UInt8(ascii: ">") else {
            return nil
        }
        return (lowercasedString(index + 1..<nameEnd), position + 2)
    }

    /// A start tag (`<` then a letter, or `<>`): written if allowed; returns where to go on.
    mutating func parseStartTag(at index: Int) -> Int? {
        if Self.isLetter(input[index + 1]) {
            // SGML's short tag `<name/text/`.
            var position = index + 2
            while position < count, Self.isLetter(input[position]) || Self.isDigit(input[position])
                || input[position] == UInt8(ascii: "-") || input[position] == UInt8(ascii: ".")
            {
                position += 1
            }
            if position < count, input[position] == UInt8(ascii: "/") {
                guard let close = find(UInt8(ascii: "/"), from: position + 1) else { return nil }
                let tag = lowercasedString(index + 1..<position)
                startTag(tag, attributes: [])
                data(position + 1..<close)
                endTag(tag)
                return close + 1
            }
        }
        guard let bracket = endBracket(from: index + 1) else { return nil }
        var tag: String
        var position: Int
        if input[index + 1] == UInt8(ascii: ">") {
            tag = lastTag
            position = bracket
        } else {
            position = index + 1
            while position < count, Self.isTagNameByte(input[position]) { position += 1 }
            tag = lowercasedString(index + 1..<position)
            lastTag = tag
        }
        var attributes: [(String, AttributeValue)] = []
        while position < bracket, let (name, value, next) = attribute(at: position) {
            attributes.append((name, value))
            position = next
        }
        let end = input[bracket] == UInt8(ascii: ">") ? bracket + 1 : bracket
        startTag(tag, attributes: attributes)
        if isXHTML, end - index > 2, input[end - 2] == UInt8(ascii: "/"), input[end - 1] == UInt8(ascii: ">") {
            endTag(lastTag)
        }
        return end
    }

    /// One attribute (sgmllib's `attrfind`): lowercased name, value (quotes removed; a bare
    /// name is its own value), and the index after it.
    func attribute(at start: Int) -> (String, AttributeValue, Int)? {
        var position = start
        while position < count, Self.isSpace(input[position]) { position += 1 }
        guard position < count, Self.isLetter(input[position]) || input[position] == UInt8(ascii: "_") else { return nil }
        let nameStart = position
        while position < count, Self.isLetter(input[position]) || Self.isDigit(input[position])
            || input[position] == UInt8(ascii: "-") || input[position] == UInt8(ascii: ":")
            || input[position] == UInt8(ascii: ".") || input[position] == UInt8(ascii: "_")
        {
            position += 1
        }
        let name = lowercasedString(nameStart..<position)
        if position < count, input[position] == UInt8(ascii: "$") { position += 1 }
        var equals = position
        while equals < count, Self.isSpace(input[equals]) { equals += 1 }
        guard equals < count, input[equals] == UInt8(ascii: "=") else { return (name, .text(name), position) }
        var valueStart = equals + 1
        while valueStart < count, Self.isSpace(input[valueStart]) { valueStart += 1 }
        var valueEnd = valueStart
        if valueStart < count, input[valueStart] == UInt8(ascii: "'") || input[valueStart] == UInt8(ascii: "\""),
            let close = find(input[valueStart], from: valueStart + 1)
        {
            valueEnd = close + 1
        } else {
            while valueEnd < count, Self.isUnquotedValueByte(input[valueEnd]) { valueEnd += 1 }
        }
        var value = valueStart..<valueEnd
        if value.count >= 1, input[valueStart] == UInt8(ascii: "'") || input[valueStart] == UInt8(ascii: "\""),
            input[valueEnd - 1] == input[valueStart]
        {
            value = value.count >= 2 ? valueStart + 1..<valueEnd - 1 : valueStart..<valueStart
        }
        return (name, .input(value), valueEnd)
    }

    /// Where a tag ends: the next `<` or `>` outside well-quoted attribute values (feedparser's
    /// end-bracket rule), or nil when there is none.
    func endBracket(from start: Int) -> Int? {
        var position = start
        quoted: while position < count {
            let byte = input[position]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { return position }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                guard let close = find(byte, from: position + 1), close + 1 < count else { break quoted }
                let after = input[close + 1]
                if after == UInt8(ascii: ">") || after == UInt8(ascii: "/") || Self.isSpace(after) || wordThenEquals(at: close + 1) {
                    position = close + 1
                    continue
                }
                break quoted
            }
            position += 1
        }
        // Fallback: the first `<` or `>` on the same line.
        position = start
        while position < count {
            let byte = input[position]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { return position }
            if byte == 0x0A { return nil }
            position += 1
        }
        return nil
    }

    /// An end tag: written if allowed.
    mutating func parseEndTag(at index: Int) -> Int? {
        guard let bracket = endBracket(from: index + 1) else { return nil }
        var start = index + 2
        while start < bracket, Self.isSpace(input[start]) { start += 1 }
        var nameEnd = start
        if nameEnd < bracket, Self.isLetter(input[nameEnd]) {
            while nameEnd < bracket, Self.isTagNameByte(input[nameEnd]) { nameEnd += 1 }
        }
        endTag(lowercasedString(start..<nameEnd))
        return input[bracket] == UInt8(ascii: ">") ? bracket + 1 : bracket
    }

    /// `<!-- ... -->`, kept; an unclosed comment swallows what follows, as a browser would.
    mutating func parseComment(at index: Int) -> Int? {
        var position = index + 4
        while let dash = findPair(UInt8(ascii: "-"), from: position) {
            var close = dash + 2
            while close < count, Self.isSpace(input[close]) { close += 1 }
            if close < count, input[close] == UInt8(ascii: ">") {
                write("<!--")
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[(index + 4)..<dash]))
                write("-->")
                return close + 1
            }
            position = dash + 1
        }
        if let dash = findPair(UInt8(ascii: "-"), from: index + 4), let close = find(UInt8(ascii: ">"), from: dash + 2) {
            return close + 1
        }
        return count
    }

    /// `<!DOCTYPE ...>` or a marked section (`<![if IE]>`): dropped; a malformed one makes its
    /// `<` text.
    mutating func parseDeclaration(at index: Int) -> Int? {
        if input[index + 2] == UInt8(ascii: "[") {
            guard let (name, _) = declarationName(at: index + 3) else { return markAsText(index) }
            let closing: [UInt8]
            switch name {
            case "temp", "cdata", "ignore", "include", "rcdata": closing = Array("]]>".utf8)
            case "if", "else", "endif": closing = Array("]>".utf8)
            default: return markAsText(index)
            }
            var position = index + 3
            while position + closing.count <= count {
                if input[position] == closing[0], Array(input[position..<position + closing.count]) == closing {
                    return position + closing.count
                }
                position += 1
            }
            return nil
        }
        guard let (_, afterName) = declarationName(at: index + 2) else { return nil }
        var position = afterName
        while position < count {
            let byte = input[position]
            if byte == UInt8(ascii: ">") { return position + 1 }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                guard let close = find(byte, from: position + 1) else { return nil }
                position = close + 1
                while position < count, Self.isSpace(input[position]) { position += 1 }
            } else if Self.isLetter(byte) {
                guard let (_, next) = declarationName(at: position) else { return nil }
                position = next
            } else if byte == UInt8(ascii: "[") {
                guard let close = find(UInt8(ascii: "]"), from: position + 1) else { return nil }
                position = close + 1
                while position < count, Self.isSpace(input[position]) { position += 1 }
            } else {
                return markAsText(index)
            }
        }
        return nil
    }

    /// A declaration's name (`[a-zA-Z][-_.a-zA-Z0-9:]*` and the space after it), lowercased,
    /// and the index after it; nil when it runs to the end or there is none.
    func declarationName(at start: Int) -> (String, Int)? {
        guard start < count, Self.isLetter(input[start]) else { return nil }
        var position = start
        while position < count, Self.isTagNameByte(input[position]) { position += 1 }
        let name = lowercasedString(start..<position)
        while position < count, Self.isSpace(input[position]) { position += 1 }
        return position < count ? (name, position) : nil
    }

    /// What feedparser does with a declaration it cannot read: `&lt;`, then go on after `<`.
    mutating func markAsText(_ index: Int) -> Int {
        text("&lt;")
        return index + 1
    }

    // MARK: Writing

    /// Writes a start tag if the element is allowed, with its allowed attributes.
    mutating func startTag(_ name: String, attributes given: [(String, AttributeValue)]) {
        var tag = name
        var attributes = given
        var allowed = HTMLSanitizerPolicy.acceptableAttributes
        var svgNames = false
        if !HTMLSanitizerPolicy.acceptableElements.contains(tag) || svgDepth > 0 {
            if HTMLSanitizerPolicy.droppedWithContent.contains(tag) { droppedDepth += 1 }
            if !isXHTML, attributes.last(where: { $0.0 == "xmlns" }).map({ isEmpty($0.1) }) ?? true {
                if tag == "svg" { attributes.append(("xmlns", .text(Self.svgNamespace))) }
                if tag == "math" { attributes.append(("xmlns", .text(Self.mathMLNamespace))) }
            }
            if tag == "math", attributes.contains(where: { $0.0 == "xmlns" && text($0.1) == Self.mathMLNamespace }) { mathDepth += 1 }
            if tag == "svg", attributes.contains(where: { $0.0 == "xmlns" && text($0.1) == Self.svgNamespace }) { svgDepth += 1 }
            if mathDepth > 0, HTMLSanitizerPolicy.mathMLElements.contains(tag) {
                allowed = HTMLSanitizerPolicy.mathMLAttributes
            } else if svgDepth > 0, HTMLSanitizerPolicy.svgElements.contains(tag) {
                allowed = HTMLSanitizerPolicy.svgAttributes
                tag = HTMLSanitizerPolicy.svgCase[tag] ?? tag
                svgNames = true
            } else if !HTMLSanitizerPolicy.acceptableElements.contains(tag) {
                return
            }
        }
        if mathDepth > 0 || svgDepth > 0, attributes.contains(where: { $0.0.hasPrefix("xlink:") }),
            !attributes.contains(where: { $0.0 == "xmlns:xlink" && text($0.1) == Self.xlinkNamespace })
        {
            attributes.append(("xmlns:xlink", .text(Self.xlinkNamespace)))
        }
        write("<")
        write(tag)
        for (key, value) in normalized(attributes) {
            var key = key
            var value = value
            if key == "style" {
                guard allowed.contains("style") else { continue }
                let style = CSSSanitizer.sanitize(text(value), inSVG: svgDepth > 0)
                if style.isEmpty { continue }
                value = .text(style)
            } else {
                guard allowed.contains(key) else { continue }
                if svgNames { key = HTMLSanitizerPolicy.svgCase[key] ?? key }
                if let baseURL, Self.mayHoldURI(key), HTMLSanitizerPolicy.uriAttributes.contains(name + " " + key) {
                    value = .text(Self.resolved(text(value), against: baseURL))
                }
                if key == "href", !isSafeURI(value) { value = .text("") }
            }
            write(" ")
            write(key)
            write("=\"")
            writeAttributeValue(value)
            write("\"")
        }
        write(HTMLSanitizerPolicy.voidElements.contains(tag) ? " />" : ">")
    }

    /// Writes an end tag if the element is allowed (never for void elements).
    mutating func endTag(_ name: String) {
        var tag = name
        if !HTMLSanitizerPolicy.acceptableElements.contains(tag) {
            if HTMLSanitizerPolicy.droppedWithContent.contains(tag) { droppedDepth -= 1 }
            if mathDepth > 0, HTMLSanitizerPolicy.mathMLElements.contains(tag) {
                if tag == "math" { mathDepth -= 1 }
            } else if svgDepth > 0, HTMLSanitizerPolicy.svgElements.contains(tag) {
                tag = HTMLSanitizerPolicy.svgCase[tag] ?? tag
                if tag == "svg" { svgDepth -= 1 }
            } else {
                return
            }
        }
        guard !HTMLSanitizerPolicy.voidElements.contains(tag) else { return }
        write("</")
        write(tag)
        write(">")
    }

    /// An attribute value escaped for a double-quoted attribute; references kept, a bare `&`
    /// escaped.
    mutating func writeAttributeValue(_ value: AttributeValue) {
        switch value {
        case .input(let range):
            writeEscaped(UnsafeBufferPointer(rebasing: input[range]))
        case .text(let text):
            var text = text
            text.withUTF8 { writeEscaped($0) }
        }
    }

    private mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<bytes.count {
            let replacement: StaticString
            switch bytes[index] {
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "&"):
                if Self.isReference(bytes, at: index) { continue }
                replacement = "&amp;"
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            start = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }

    /// The value as a string.
    func text(_ value: AttributeValue) -> String {
        switch value {
        case .input(let range): string(range)
        case .text(let text): text
        }
    }

    func isEmpty(_ value: AttributeValue) -> Bool {
        switch value {
        case .input(let range): range.isEmpty
        case .text(let text): text.isEmpty
        }
    }

    /// Attributes with duplicate names collapsed (first place, last value), `rel` and `type`
    /// values lowercased, sorted by name.
    func normalized(_ attributes: [(String, AttributeValue)]) -> [(String, AttributeValue)] {
        var result: [(String, AttributeValue)] = []
        result.reserveCapacity(attributes.count)
        for (key, value) in attributes {
            let value: AttributeValue = key == "rel" || key == "type" ? .text(text(value).lowercased()) : value
            if let existing = result.firstIndex(where: { $0.0 == key }) {
                result[existing].1 = value
            } else {
                result.append((key, value))
            }
        }
        if result.count > 1 { result.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) } }
        return result
    }

    /// `&#123;`, `&#xAB;` or `&name;` at `index` (anything else is a bare ampersand).
    static func isReference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var position = index + 1
        guard position < bytes.count else { return false }
        if bytes[position] == UInt8(ascii: "#") {
            position += 1
            let hex = position < bytes.count && bytes[position] == UInt8(ascii: "x")
            if hex { position += 1 }
            let start = position
            while position < bytes.count, isDigit(bytes[position]) || (hex && hexLetterValue(bytes[position]) != nil) {
                position += 1
            }
            return position > start && position < bytes.count && bytes[position] == UInt8(ascii: ";")
        }
        let start = position
        while position < bytes.count, isLetter(bytes[position]) || isDigit(bytes[position])
            || bytes[position] == UInt8(ascii: "_") || bytes[position] >= 0x80
        {
            position += 1
        }
        return position > start && position < bytes.count && bytes[position] == UInt8(ascii: ";")
    }

    /// Whether an `href` may stay: no scheme, or one on the allow-list (not `javascript:`).
    func isSafeURI(_ value: AttributeValue) -> Bool {
        let scheme: String?
        switch value {
        case .input(let range): scheme = Self.scheme(of: UnsafeBufferPointer(rebasing: input[range]))
        case .text(let text): scheme = Self.scheme(of: text.utf8)
        }
        guard let scheme else { return true }
        return HTMLSanitizerPolicy.safeSchemes.contains(scheme)
    }

    /// Attribute names that can hold a link to resolve.
    static func mayHoldURI(_ key: String) -> Bool {
        switch key {
        case "href", "src", "cite", "action", "longdesc", "usemap", "poster": true
        default: false
        }
    }

    /// A URI whose scheme is not on the allow-list (`javascript:`) becomes empty.
    static func safeURI(_ value: String) -> String {
        guard let scheme = scheme(of: value.utf8) else { return value }
        return HTMLSanitizerPolicy.safeSchemes.contains(scheme) ? value : ""
    }

    /// A relative reference resolved against `base` (an absolute one as it is).
    static func resolved(_ value: String, against base: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, scheme(of: trimmed.utf8) == nil else { return value }
        return URLResolver.resolve(trimmed, against: base) ?? value
    }

    /// The lowercased scheme of a URI as Python's `urlsplit` finds it (after leading spaces and
    /// control characters, ignoring tabs and line breaks), or nil when it has none.
    static func scheme<Bytes: Sequence<UInt8>>(of value: Bytes) -> String? {
        var scheme: [UInt8] = []
        var started = false
        for byte in value {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if !started, byte <= 0x20 { continue }
            started = true
            if byte == UInt8(ascii: ":") {
                guard let first = scheme.first, isLetter(first) else { return nil }
                return String(decoding: scheme, as: UTF8.self).lowercased()
            }
            guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
            else { return nil }
            scheme.append(byte)
        }
        return nil
    }

    // MARK: Helpers

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: input[range]), as: UTF8.self)
    }

    func lowercasedString(_ range: Range<Int>) -> String {
        let bytes = UnsafeBufferPointer(rebasing: input[range])
        guard bytes.contains(where: { (65...90).contains($0) }) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map(Self.lowercased), as: UTF8.self)
    }

    /// The index of the next two `byte`s in a row.
    func findPair(_ byte: UInt8, from start: Int) -> Int? {
        var position = start
        while position + 1 < count {
            if input[position] == byte, input[position + 1] == byte { return position }
            position += 1
        }
        return nil
    }

    /// Word characters and then `=` at `index` (the lookahead that lets a quoted value end a tag
    /// attribute).
    func wordThenEquals(at index: Int) -> Bool {
        var position = index
        while position < count, Self.isLetter(input[position]) || Self.isDigit(input[position])
            || input[position] == UInt8(ascii: "_") || input[position] >= 0x80
        {
            position += 1
        }
        return position > index && position < count && input[position] == UInt8(ascii: "=")
    }

    static func isTagNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    /// Characters an unquoted attribute value may hold (sgmllib's list).
    static func isUnquotedValueByte(_ byte: UInt8) -> Bool {
        if isLetter(byte) || isDigit(byte) { return true }
        switch byte {
        case UInt8(ascii: "]"), UInt8(ascii: "["), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"),
            UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "+"), UInt8(ascii: "*"),
            UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "&"), UInt8(ascii: "$"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "_"), UInt8(ascii: "#"), UInt8(ascii: "="),
            UInt8(ascii: "~"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }
}
