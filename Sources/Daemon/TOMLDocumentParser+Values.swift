/// Values: dispatch on the first byte, arrays and inline tables.
extension TOMLDocumentParser {
    /// Parses one value. `depth` is how deeply it is nested; arrays and inline tables deeper than
    /// `TOMLParser.maximumDepth` are refused.
    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        let startLine = line
        guard let byte = peek() else {
            throw error(.syntax, "expected a value, found the end of the file")
        }
        switch byte {
        case TOMLByte.quote:
            let text =
                peek(1) == TOMLByte.quote && peek(2) == TOMLByte.quote
                ? try parseMultilineBasicString() : try parseBasicString()
            return TOMLValue(.string(text), line: startLine)
        case TOMLByte.apostrophe:
            let text =
                peek(1) == TOMLByte.apostrophe && peek(2) == TOMLByte.apostrophe
                ? try parseMultilineLiteralString() : try parseLiteralString()
            return TOMLValue(.string(text), line: startLine)
        case TOMLByte.openBracket:
            return try parseArray(depth: depth)
        case TOMLByte.openBrace:
            return try parseInlineTable(depth: depth)
        default:
            return try parseScalar()
        }
    }

    /// Parses `[ … ]`: values separated by commas, with line breaks, comments and a trailing comma
    /// allowed.
    mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        let startLine = line
        guard depth <= TOMLParser.maximumDepth else {
            throw error(.tooDeep, "arrays and tables nest deeper than \(TOMLParser.maximumDepth) levels")
        }
        advance()
        var elements: [TOMLValue] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            if peek() == TOMLByte.closeBracket {
                advance()
                break
            }
            if isAtEnd {
                throw error(.syntax, "the array that starts on line \(startLine) is not closed with \"]\"")
            }
            if peek() == TOMLByte.comma {
                throw error(.syntax, "expected a value in the array, found \",\"")
            }
            elements.append(try parseValue(depth: depth + 1))
            try skipWhitespaceCommentsAndNewlines()
            if peek() == TOMLByte.comma {
                advance()
            } else if peek() == TOMLByte.closeBracket {
                advance()
                break
            } else if isAtEnd {
                throw error(.syntax, "the array that starts on line \(startLine) is not closed with \"]\"")
            } else {
                throw error(.syntax, "expected \",\" or \"]\" in the array, found \(describeCurrent())")
            }
        }
        return TOMLValue(.array(elements), line: startLine)
    }

    /// Parses `{ key = value, … }` on one line, without a trailing comma (TOML 1.0).
    mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let startLine = line
        guard depth <= TOMLParser.maximumDepth else {
            throw error(.tooDeep, "arrays and tables nest deeper than \(TOMLParser.maximumDepth) levels")
        }
        advance()
        let table = TOMLTableNode(origin: .inline, line: startLine, depth: depth)
        skipWhitespace()
        if peek() == TOMLByte.closeBrace {
            advance()
            return TOMLValue(.table(table.freeze()), line: startLine)
        }
        while true {
            skipWhitespace()
            if peek() == TOMLByte.closeBrace {
                throw error(.syntax, "a trailing comma is not allowed in an inline table")
            }
            try parseKeyValue(into: table)
            skipWhitespace()
            switch peek() {
            case TOMLByte.comma:
                advance()
            case TOMLByte.closeBrace:
                advance()
                return TOMLValue(.table(table.freeze()), line: startLine)
            case TOMLByte.lineFeed, TOMLByte.carriageReturn, nil:
                throw error(
                    .syntax, "an inline table must be closed with \"}\" on the line it starts on (line \(startLine))")
            default:
                throw error(.syntax, "expected \",\" or \"}\" in the inline table, found \(describeCurrent())")
            }
        }
    }
}
