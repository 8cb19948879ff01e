/// Key/value pairs and table headers: where each value goes, and what TOML forbids there.
extension TOMLDocumentParser {
    /// Parses `key = value` and stores it in `table`.
    /// - Returns: the key as written, for messages.
    @discardableResult
    mutating func parseKeyValue(into table: TOMLTableNode) throws(TOMLError) -> String {
        let parts = try parseKey()
        let keyText = Self.render(parts)
        guard peek() == TOMLByte.equals else {
            throw error(
                .syntax, "expected \"=\" after the key \(TOMLValue.quoted(keyText)), found \(describeCurrent())")
        }
        advance()
        skipWhitespace()
        let value = try parseValue(depth: table.depth + parts.count)
        try insert(value, at: parts, into: table)
        return keyText
    }

    /// Stores `value` under a dotted key, creating the intermediate tables.
    mutating func insert(_ value: TOMLValue, at parts: [TOMLKeyPart], into table: TOMLTableNode) throws(TOMLError) {
        var table = table
        for (index, part) in parts.dropLast().enumerated() {
            var path: String { Self.render(parts[...index]) }
            switch table[part.name] {
            case nil:
                let child = try makeTable(origin: .dotted, line: part.line, depth: table.depth + 1, at: part)
                table[part.name] = .table(child, keyLine: part.line)
                table = child
            case .table(let child, let keyLine):
                guard child.origin == .dotted else {
                    throw error(
                        .redefinedTable,
                        "cannot add to the table \(TOMLValue.quoted(path)) with a dotted key: it is defined by the header on line \(keyLine)",
                        at: part.mark)
                }
                table = child
            case .value(let existing, let keyLine):
                throw error(
                    .duplicateKey,
                    "\(TOMLValue.quoted(path)) is already \(existing.describedType) (line \(keyLine)), so no keys can be added to it",
                    at: part.mark)
            case .tableArray(_, let keyLine):
                throw error(
                    .redefinedTable,
                    "\(TOMLValue.quoted(path)) is an array of tables (line \(keyLine)); dotted keys cannot add to it",
                    at: part.mark)
            }
        }
        guard let last = parts.last else { return }
        if let existing = table[last.name] {
            throw error(
                .duplicateKey,
                "duplicate key \(TOMLValue.quoted(Self.render(parts))): already defined on line \(Self.line(of: existing))",
                at: last.mark)
        }
        table[last.name] = .value(value, keyLine: last.line)
    }

    static func line(of slot: TOMLTableNode.Slot) -> Int {
        switch slot {
        case .value(_, let keyLine), .table(_, let keyLine), .tableArray(_, let keyLine): keyLine
        }
    }

    func makeTable(origin: TOMLTableNode.Origin, line: Int, depth: Int, at part: TOMLKeyPart) throws(TOMLError)
        -> TOMLTableNode
    {
        guard depth <= TOMLParser.maximumDepth else {
            throw error(.tooDeep, "tables nest deeper than \(TOMLParser.maximumDepth) levels", at: part.mark)
        }
        return TOMLTableNode(origin: origin, line: line, depth: depth)
    }

    // MARK: Table headers

    /// Parses `[a.b]` and makes that table current.
    /// - Returns: the header as written, for messages.
    mutating func parseTableHeader() throws(TOMLError) -> String {
        let headerLine = line
        advance()
        let parts = try parseKey()
        let header = "[\(Self.render(parts))]"
        guard peek() == TOMLByte.closeBracket else {
            throw error(.syntax, "expected \"]\" to close the table header, found \(describeCurrent())")
        }
        advance()
        let parent = try walkToParent(of: parts)
        let last = parts[parts.count - 1]
        switch parent[last.name] {
        case nil:
            let table = try makeTable(origin: .header, line: headerLine, depth: parent.depth + 1, at: last)
            parent[last.name] = .table(table, keyLine: headerLine)
            current = table
        case .table(let table, let keyLine):
            switch table.origin {
            case .implicit:
                table.origin = .header
                table.line = headerLine
                current = table
            case .dotted:
                throw error(
                    .redefinedTable, "table \(header) is already defined by dotted keys on line \(keyLine)",
                    at: last.mark)
            case .header, .inline:
                throw error(
                    .redefinedTable, "table \(header) is already defined on line \(table.line)",
                    at: last.mark)
            }
        case .value(let existing, let keyLine):
            throw error(
                .redefinedTable,
                "cannot define table \(header): the key is already \(existing.describedType) (line \(keyLine))",
                at: last.mark)
        case .tableArray(_, let keyLine):
            throw error(
                .redefinedTable,
                "cannot define table \(header): it is an array of tables (line \(keyLine)); write [\(header)] to add an element",
                at: last.mark)
        }
        return header
    }

    /// Parses `[[a.b]]`, appends a new table to that array of tables and makes it current.
    /// - Returns: the header as written, for messages.
    mutating func parseArrayOfTablesHeader() throws(TOMLError) -> String {
        let headerLine = line
        advance(2)
        let parts = try parseKey()
        let header = "[[\(Self.render(parts))]]"
        guard peek() == TOMLByte.closeBracket && peek(1) == TOMLByte.closeBracket else {
            throw error(.syntax, "expected \"]]\" to close the header, found \(describeCurrent())")
        }
        advance(2)
        let parent = try walkToParent(of: parts)
        let last = parts[parts.count - 1]
        let table = try makeTable(origin: .header, line: headerLine, depth: parent.depth + 1, at: last)
        switch parent[last.name] {
        case nil:
            parent[last.name] = .tableArray(TOMLTableArrayNode([table]), keyLine: headerLine)
        case .tableArray(let array, _):
            array.tables.append(table)
        case .table(_, let keyLine):
            throw error(
                .redefinedTable, "cannot define the array of tables \(header): it is already a table (line \(keyLine))",
                at: last.mark)
        case .value(let existing, let keyLine):
            throw error(
                .redefinedTable,
                "cannot define the array of tables \(header): the key is already \(existing.describedType) (line \(keyLine))",
                at: last.mark)
        }
        current = table
        return header
    }

    /// Follows a header's key up to the table that will hold its last part, creating implicit
    /// tables and stepping into the last element of arrays of tables.
    func walkToParent(of parts: [TOMLKeyPart]) throws(TOMLError) -> TOMLTableNode {
        var table = root
        for (index, part) in parts.dropLast().enumerated() {
            switch table[part.name] {
            case nil:
                let child = try makeTable(origin: .implicit, line: part.line, depth: table.depth + 1, at: part)
                table[part.name] = .table(child, keyLine: part.line)
                table = child
            case .table(let child, _):
                table = child
            case .tableArray(let array, _):
                table = array.tables[array.tables.count - 1]
            case .value(let existing, let keyLine):
                throw error(
                    .redefinedTable,
                    "cannot define a table under \(TOMLValue.quoted(Self.render(parts[...index]))): it is already \(existing.describedType) (line \(keyLine))",
                    at: part.mark)
            }
        }
        return table
    }
}
