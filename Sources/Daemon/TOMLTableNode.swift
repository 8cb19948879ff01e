/// A table while the parser builds it: mutable, and remembering how it was defined so that the
/// parser can refuse what TOML forbids (defining a table twice, adding to an inline table…).
///
/// Lives only inside one call of `TOMLParser.parse`; `freeze()` turns it into a `TOMLTable`.
final class TOMLTableNode {
    /// How a table came to exist.
    enum Origin {
        /// Named on the way to another table in a header (`a` in `[a.b]`); a later `[a]` may define it.
        case implicit
        /// Defined by a `[header]` or `[[header]]`, or the root table.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`).
        case dotted
        /// Written as `{ … }`; complete once closed.
        case inline
    }

    /// What a key of the table holds.
    enum Slot {
        case value(TOMLValue, keyLine: Int)
        case table(TOMLTableNode, keyLine: Int)
        case tableArray(TOMLTableArrayNode, keyLine: Int)
    }

    var origin: Origin
    /// The line the table was defined on (its header, or the key that created it).
    var line: Int
    /// How many tables enclose this one; the root has depth 0.
    let depth: Int
    private var keys: [String] = []
    private var slots: [String: Slot] = [:]

    init(origin: Origin, line: Int, depth: Int) {
        self.origin = origin
        self.line = line
        self.depth = depth
    }

    subscript(key: String) -> Slot? {
        get { slots[key] }
        set {
            if slots[key] == nil { keys.append(key) }
            slots[key] = newValue
        }
    }

    /// The finished, immutable table. Recursion is bounded by the parser's depth limit.
    func freeze() -> TOMLTable {
        var entries: [TOMLTable.Entry] = []
        entries.reserveCapacity(keys.count)
        for key in keys {
            guard let slot = slots[key] else { continue }
            switch slot {
            case .value(let value, let keyLine):
                entries.append(TOMLTable.Entry(key: key, keyLine: keyLine, value: value))
            case .table(let node, let keyLine):
                let value = TOMLValue(.table(node.freeze()), line: node.line)
                entries.append(TOMLTable.Entry(key: key, keyLine: keyLine, value: value))
            case .tableArray(let array, let keyLine):
                let tables = array.tables.map { TOMLValue(.table($0.freeze()), line: $0.line) }
                entries.append(
                    TOMLTable.Entry(key: key, keyLine: keyLine, value: TOMLValue(.array(tables), line: keyLine)))
            }
        }
        return TOMLTable(entries: entries)
    }
}

/// An array of tables while the parser builds it, shared so that each `[[header]]` appends in place.
final class TOMLTableArrayNode {
    var tables: [TOMLTableNode]

    init(_ tables: [TOMLTableNode]) {
        self.tables = tables
    }
}
