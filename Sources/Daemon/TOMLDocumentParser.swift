/// A place in the document, cheap to take; its column is worked out only for an error message.
struct TOMLMark {
    let line: Int
    let lineStart: Int
    let position: Int
}

/// One part of a dotted key, with where it is written.
struct TOMLKeyPart {
    let name: String
    let mark: TOMLMark

    var line: Int { mark.line }
}

/// The state of one parse: a cursor over the document's UTF-8 bytes and the tables built so far.
struct TOMLDocumentParser {
    let bytes: [UInt8]
    var position = 0
    var line = 1
    var lineStart = 0
    let root: TOMLTableNode
    /// The table that key/value lines go into: the root, or the last `[header]`.
    var current: TOMLTableNode

    init(_ text: String) {
        bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
            lineStart = 3
        }
        root = TOMLTableNode(origin: .header, line: 1, depth: 0)
        current = root
    }

    // MARK: Cursor

    var isAtEnd: Bool { position >= bytes.count }

    func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    /// Moves past `count` bytes, keeping the line count.
    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where position < bytes.count {
            if bytes[position] == TOMLByte.lineFeed {
                line += 1
                lineStart = position + 1
            }
            position += 1
        }
    }

    /// The cursor's place.
    var mark: TOMLMark { TOMLMark(line: line, lineStart: lineStart, position: position) }

    /// The 1-based column of `mark`, in Unicode scalars. Costs the length of the line, so it is
    /// only worked out for errors.
    func column(of mark: TOMLMark) -> Int {
        var count = 1
        var index = mark.lineStart
        while index < mark.position && index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    /// Names what is under the cursor, for "expected …, found …" messages.
    func describeCurrent() -> String {
        guard let byte = peek() else { return "the end of the file" }
        if byte == TOMLByte.lineFeed || byte == TOMLByte.carriageReturn { return "the end of the line" }
        if TOMLByte.isForbiddenControl(byte) { return "control character \(Self.scalarName(UInt32(byte)))" }
        var iterator = bytes[position...].prefix(4).makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return TOMLValue.quoted(String(Character(scalar)))
        }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    static func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// An error at `mark`, or at the cursor.
    func error(_ code: TOMLError.Code, _ message: String, at mark: TOMLMark? = nil) -> TOMLError {
        let place = mark ?? self.mark
        return TOMLError(code: code, line: place.line, column: column(of: place), message: message)
    }

    mutating func skipWhitespace() {
        while let byte = peek(), byte == TOMLByte.space || byte == TOMLByte.tab {
            position += 1
        }
    }

    /// Skips a comment from its `#` up to (not including) the end of the line.
    mutating func skipComment() throws(TOMLError) {
        advance()
        while let byte = peek() {
            if byte == TOMLByte.lineFeed { return }
            if byte == TOMLByte.carriageReturn && peek(1) == TOMLByte.lineFeed { return }
            if TOMLByte.isForbiddenControl(byte) {
                throw error(.syntax, "\(describeCurrent()) is not allowed in a comment")
            }
            advance()
        }
    }

    /// Skips whitespace, comments and line breaks, as allowed between array elements.
    mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while let byte = peek() {
            switch byte {
            case TOMLByte.space, TOMLByte.tab, TOMLByte.lineFeed:
                advance()
            case TOMLByte.carriageReturn:
                guard peek(1) == TOMLByte.lineFeed else {
                    throw error(.syntax, "a carriage return must be followed by a line feed")
                }
                advance(2)
            case TOMLByte.hash:
                try skipComment()
            default:
                return
            }
        }
    }

    /// Expects the rest of the line to hold at most whitespace and a comment, and moves past its end.
    mutating func finishLine(after what: String) throws(TOMLError) {
        skipWhitespace()
        if peek() == TOMLByte.hash { try skipComment() }
        guard let byte = peek() else { return }
        if byte == TOMLByte.lineFeed {
            advance()
        } else if byte == TOMLByte.carriageReturn && peek(1) == TOMLByte.lineFeed {
            advance(2)
        } else if byte == TOMLByte.carriageReturn {
            throw error(.syntax, "a carriage return must be followed by a line feed")
        } else {
            throw error(.syntax, "expected the end of the line after \(what), found \(describeCurrent())")
        }
    }

    // MARK: Document

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            skipWhitespace()
            guard let byte = peek() else { break }
            switch byte {
            case TOMLByte.hash, TOMLByte.lineFeed, TOMLByte.carriageReturn:
                try finishLine(after: "a comment")
            case TOMLByte.openBracket:
                let header =
                    peek(1) == TOMLByte.openBracket
                    ? try parseArrayOfTablesHeader() : try parseTableHeader()
                try finishLine(after: "the table header \(header)")
            default:
                let key = try parseKeyValue(into: current)
                try finishLine(after: "the value of \(TOMLValue.quoted(key))")
            }
        }
        return root.freeze()
    }

    // MARK: Keys

    /// Parses a possibly dotted key, leaving the cursor after it (and after trailing whitespace).
    mutating func parseKey() throws(TOMLError) -> [TOMLKeyPart] {
        var parts: [TOMLKeyPart] = []
        while true {
            skipWhitespace()
            let start = mark
            let name: String
            switch peek() {
            case TOMLByte.quote:
                if peek(1) == TOMLByte.quote && peek(2) == TOMLByte.quote {
                    throw error(.syntax, "a key cannot be a multi-line string")
                }
                name = try parseBasicString()
            case TOMLByte.apostrophe:
                if peek(1) == TOMLByte.apostrophe && peek(2) == TOMLByte.apostrophe {
                    throw error(.syntax, "a key cannot be a multi-line string")
                }
                name = try parseLiteralString()
            default:
                while let byte = peek(), TOMLByte.isBareKey(byte) { position += 1 }
                guard position > start.position else {
                    var message = "expected a key, found \(describeCurrent())"
                    if let byte = peek(), byte >= 0x80 {
                        message += " (keys with characters other than A-Z, a-z, 0-9, _ and - must be quoted)"
                    }
                    throw error(.syntax, message)
                }
                name = String(decoding: bytes[start.position..<position], as: UTF8.self)
            }
            parts.append(TOMLKeyPart(name: name, mark: start))
            guard parts.count <= TOMLParser.maximumDepth else {
                throw error(.tooDeep, "a key may have at most \(TOMLParser.maximumDepth) dotted parts", at: start)
            }
            skipWhitespace()
            guard peek() == TOMLByte.dot else { return parts }
            advance()
        }
    }

    static func render(_ parts: some Sequence<TOMLKeyPart>) -> String {
        parts.map { part in
            !part.name.isEmpty && part.name.utf8.allSatisfy(TOMLByte.isBareKey)
                ? part.name : TOMLValue.quoted(part.name, limit: .max)
        }.joined(separator: ".")
    }
}
