import Foundation
import Markup

/// How ``HTMLSanitizer`` reads tags, comments and declarations: SGML's forgiving rules, as
/// Python's sgmllib reads them for feedparser.
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
            let name = index + 1..<position
            lastTagRange = name
            // The common case, an allowed element without attributes (`<p>`, `<b>`): written
            // straight from the input.
            if svgDepth == 0, mathDepth == 0, input[position] == UInt8(ascii: ">"), let key = packedLowercase(name),
                HTMLSanitizerPolicy.acceptableElements.contains(packed: key)
            {
                output.append(UInt8(ascii: "<"))
                appendLowercase(name)
                if HTMLSanitizerPolicy.voidElements.contains(packed: key) { write(" />") } else { output.append(UInt8(ascii: ">")) }
                return position + 1
            }
            tag = lowercasedString(name)
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
        // An allowed element's end tag (`</p>`): written straight from the input.
        if let key = packedLowercase(start..<nameEnd), HTMLSanitizerPolicy.acceptableElements.contains(packed: key) {
            if !HTMLSanitizerPolicy.voidElements.contains(packed: key) {
                write("</")
                appendLowercase(start..<nameEnd)
                output.append(UInt8(ascii: ">"))
            }
            return input[bracket] == UInt8(ascii: ">") ? bracket + 1 : bracket
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

    // MARK: Helpers

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: input[range]), as: UTF8.self)
    }

    /// The lowercased name at `range` packed for ``PackedNameSet`` (nil when longer than eight
    /// bytes, or empty).
    func packedLowercase(_ range: Range<Int>) -> UInt64? {
        guard !range.isEmpty, range.count <= 8 else { return nil }
        var key: UInt64 = 0
        var shift: UInt64 = 0
        for index in range {
            key |= UInt64(Self.lowercased(input[index])) << shift
            shift += 8
        }
        return key
    }

    /// Writes the bytes at `range`, lowercased.
    mutating func appendLowercase(_ range: Range<Int>) {
        for index in range { output.append(Self.lowercased(input[index])) }
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
