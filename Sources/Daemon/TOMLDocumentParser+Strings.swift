/// Strings: basic, literal, and their multi-line forms.
extension TOMLDocumentParser {
    /// Parses `"…"` with escapes; the cursor is on the opening quote.
    mutating func parseBasicString() throws(TOMLError) -> String {
        let start = mark
        advance()
        var output: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error(.syntax, "the string that starts here is not closed with \"\\\"\"", at: start)
            }
            switch byte {
            case TOMLByte.quote:
                advance()
                return String(decoding: output, as: UTF8.self)
            case TOMLByte.backslash:
                try parseEscape(into: &output)
            case TOMLByte.lineFeed, TOMLByte.carriageReturn:
                throw error(
                    .syntax,
                    "the string that starts here is not closed on its line (use \"\"\"…\"\"\" for a multi-line string)",
                    at: start)
            case _ where TOMLByte.isForbiddenControl(byte):
                throw error(.syntax, "\(describeCurrent()) must be escaped in a string")
            default:
                output.append(byte)
                advance()
            }
        }
    }

    /// Parses `"""…"""`; the cursor is on the first of the opening quotes.
    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        let start = mark
        advance(3)
        skipNewlineAfterOpeningDelimiter()
        var output: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error(.syntax, "the multi-line string that starts here is not closed with \"\"\"", at: start)
            }
            switch byte {
            case TOMLByte.quote:
                if try closeMultilineString(quote: TOMLByte.quote, into: &output) {
                    return String(decoding: output, as: UTF8.self)
                }
            case TOMLByte.backslash:
                if try skipLineEndingBackslash() { continue }
                try parseEscape(into: &output)
            default:
                try appendMultilineByte(byte, into: &output)
            }
        }
    }

    /// Parses `'…'`, taken as written; the cursor is on the opening apostrophe.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let start = mark
        advance()
        let contentStart = position
        while true {
            guard let byte = peek() else {
                throw error(.syntax, "the string that starts here is not closed with \"'\"", at: start)
            }
            switch byte {
            case TOMLByte.apostrophe:
                let text = String(decoding: bytes[contentStart..<position], as: UTF8.self)
                advance()
                return text
            case TOMLByte.lineFeed, TOMLByte.carriageReturn:
                throw error(
                    .syntax,
                    "the string that starts here is not closed on its line (use '''…''' for a multi-line string)",
                    at: start)
            case _ where TOMLByte.isForbiddenControl(byte):
                throw error(.syntax, "\(describeCurrent()) is not allowed in a literal string")
            default:
                advance()
            }
        }
    }

    /// Parses `'''…'''`; the cursor is on the first of the opening apostrophes.
    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        let start = mark
        advance(3)
        skipNewlineAfterOpeningDelimiter()
        var output: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error(.syntax, "the multi-line string that starts here is not closed with '''", at: start)
            }
            if byte == TOMLByte.apostrophe {
                if try closeMultilineString(quote: TOMLByte.apostrophe, into: &output) {
                    return String(decoding: output, as: UTF8.self)
                }
            } else {
                try appendMultilineByte(byte, into: &output)
            }
        }
    }

    /// A line break right after `"""` or `'''` is not part of the string.
    private mutating func skipNewlineAfterOpeningDelimiter() {
        if peek() == TOMLByte.lineFeed {
            advance()
        } else if peek() == TOMLByte.carriageReturn && peek(1) == TOMLByte.lineFeed {
            advance(2)
        }
    }

    /// Appends one raw byte of a multi-line string, turning CRLF into LF and refusing control
    /// characters.
    private mutating func appendMultilineByte(_ byte: UInt8, into output: inout [UInt8]) throws(TOMLError) {
        if byte == TOMLByte.carriageReturn {
            guard peek(1) == TOMLByte.lineFeed else {
                throw error(.syntax, "a carriage return must be followed by a line feed")
            }
            output.append(TOMLByte.lineFeed)
            advance(2)
        } else if byte != TOMLByte.lineFeed && TOMLByte.isForbiddenControl(byte) {
            throw error(.syntax, "\(describeCurrent()) must be escaped in a string")
        } else {
            output.append(byte)
            advance()
        }
    }

    /// At a run of quotes inside a multi-line string: three of them close it, and up to two more
    /// before the closing three belong to the string.
    /// - Returns: whether the string is closed.
    private mutating func closeMultilineString(quote: UInt8, into output: inout [UInt8]) throws(TOMLError) -> Bool {
        var run = 0
        while peek(run) == quote { run += 1 }
        if run < 3 {
            output.append(contentsOf: repeatElement(quote, count: run))
            advance(run)
            return false
        }
        guard run <= 5 else {
            advance(5)
            throw error(.syntax, "too many quotes in a row at the end of a multi-line string")
        }
        output.append(contentsOf: repeatElement(quote, count: run - 3))
        advance(run)
        return true
    }

    /// At a backslash in a multi-line basic string: if only whitespace follows it on its line,
    /// skips the backslash and all whitespace and line breaks after it.
    /// - Returns: whether it was such a line-ending backslash.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var offset = 1
        while let byte = peek(offset), byte == TOMLByte.space || byte == TOMLByte.tab { offset += 1 }
        let isLineEnd =
            peek(offset) == TOMLByte.lineFeed
            || (peek(offset) == TOMLByte.carriageReturn && peek(offset + 1) == TOMLByte.lineFeed)
        guard isLineEnd else {
            if offset > 1 {
                throw error(.syntax, "a backslash followed by whitespace must end the line in a multi-line string")
            }
            return false
        }
        advance(offset)
        while let byte = peek() {
            switch byte {
            case TOMLByte.space, TOMLByte.tab, TOMLByte.lineFeed:
                advance()
            case TOMLByte.carriageReturn where peek(1) == TOMLByte.lineFeed:
                advance(2)
            default:
                return true
            }
        }
        return true
    }

    /// Parses an escape sequence; the cursor is on the backslash.
    mutating func parseEscape(into output: inout [UInt8]) throws(TOMLError) {
        let escapeStart = mark
        advance()
        guard let byte = peek() else {
            throw error(.syntax, "the string ends in the middle of an escape sequence")
        }
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "t"): 0x09
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "r"): 0x0D
            case TOMLByte.quote: TOMLByte.quote
            case TOMLByte.backslash: TOMLByte.backslash
            default: nil
            }
        if let simple {
            output.append(simple)
            advance()
            return
        }
        let digits: Int
        switch byte {
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default:
            throw error(
                .invalidValue,
                "\\\(describeCurrent().trimmingQuotes) is not an escape sequence; TOML has \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX",
                at: escapeStart)
        }
        advance()
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let digit = peek(), let nibble = Self.hexValue(digit) else {
                throw error(
                    .invalidValue, "\\\(digits == 4 ? "u" : "U") must be followed by \(digits) hexadecimal digits",
                    at: escapeStart)
            }
            value = value << 4 | UInt32(nibble)
            advance()
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error(.invalidValue, "\(Self.scalarName(value)) is not a Unicode scalar value", at: escapeStart)
        }
        output.append(contentsOf: String(Character(scalar)).utf8)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    /// The string without one pair of surrounding double quotes.
    fileprivate var trimmingQuotes: Substring {
        guard count >= 2, first == "\"", last == "\"" else { return self[...] }
        return dropFirst().dropLast()
    }
}
