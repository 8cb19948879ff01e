/// A TOML table: its keys in the order they first appear, each with its value and the line of the key.
public struct TOMLTable: Sendable, Equatable {
    /// One key of a table, the line it is written on, and its value.
    ///
    /// For a table or an array of tables defined with headers, `keyLine` is the line of the first
    /// header that names it.
    public struct Entry: Sendable, Equatable {
        /// The key, unquoted.
        public let key: String
        /// The 1-based line the key is written on.
        public let keyLine: Int
        /// The key's value.
        public let value: TOMLValue

        /// Creates an entry.
        public init(key: String, keyLine: Int, value: TOMLValue) {
            self.key = key
            self.keyLine = keyLine
            self.value = value
        }
    }

    /// The entries in document order.
    public let entries: [Entry]
    private let indexByKey: [String: Int]

    /// Creates a table from entries with distinct keys; for a repeated key the first entry wins.
    public init(entries: [Entry] = []) {
        var index: [String: Int] = [:]
        var kept: [Entry] = []
        for entry in entries where index[entry.key] == nil {
            index[entry.key] = kept.count
            kept.append(entry)
        }
        self.entries = kept
        self.indexByKey = index
    }

    /// The keys in document order.
    public var keys: [String] { entries.map(\.key) }

    /// The number of keys.
    public var count: Int { entries.count }

    /// Whether the table has no keys.
    public var isEmpty: Bool { entries.isEmpty }

    /// The value for `key`, if the table has it.
    public subscript(key: String) -> TOMLValue? {
        entry(forKey: key)?.value
    }

    /// The entry for `key` (value and line of the key), if the table has it.
    public func entry(forKey key: String) -> Entry? {
        indexByKey[key].map { entries[$0] }
    }

    /// The value at a path of keys through nested tables, e.g. `["fetch", "timeout"]`.
    public func value(atPath path: [String]) -> TOMLValue? {
        guard let first = path.first, let value = self[first] else { return nil }
        if path.count == 1 { return value }
        guard case .table(let table) = value.kind else { return nil }
        return table.value(atPath: Array(path.dropFirst()))
    }
}
