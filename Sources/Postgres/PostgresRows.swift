import CLibPQ

/// The rows a statement returned, in text format. Owns the libpq result and frees it in `deinit`.
public final class PostgresRows: RandomAccessCollection {
    private let result: OpaquePointer
    /// How many rows there are.
    public let count: Int
    /// How many rows an INSERT, UPDATE or DELETE changed (0 for other statements).
    public let affectedRows: Int

    /// Takes ownership of `result`, which must have succeeded.
    init(result: OpaquePointer) {
        self.result = result
        count = Int(PQntuples(result))
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    deinit {
        PQclear(result)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// Row `index` (0-based).
    public subscript(index: Int) -> PostgresRow {
        precondition(index >= 0 && index < count, "row \(index) of \(count)")
        return PostgresRow(rows: self, index: Int32(index))
    }

    /// The column's position, or nil when the result has no such column.
    fileprivate func columnIndex(_ name: String) -> Int32? {
        let index = PQfnumber(result, name)
        return index < 0 ? nil : index
    }

    fileprivate func text(row: Int32, column: Int32) -> String? {
        if PQgetisnull(result, row, column) != 0 { return nil }
        return String(cString: PQgetvalue(result, row, column))
    }

    fileprivate func columnName(_ column: Int32) -> String {
        String(cString: PQfname(result, column))
    }

    fileprivate var columnCount: Int32 { PQnfields(result) }
}

/// One row of a result. Valid as long as its `PostgresRows` is kept (the row keeps it).
public struct PostgresRow {
    private let rows: PostgresRows
    private let index: Int32

    fileprivate init(rows: PostgresRows, index: Int32) {
        self.rows = rows
        self.index = index
    }

    /// The value of the column named `column`, as `T`; optional types read NULL as nil.
    /// - Throws: `PostgresError` with code `.decoding` when there is no such column, the value
    ///   is NULL and `T` is not optional, or the text is not a `T`.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let position = rows.columnIndex(column) else {
            throw PostgresError(.decoding, "the result has no column \(column)")
        }
        return try decode(position, name: { column })
    }

    /// The value of the column at `position` (0-based), as `T`.
    public func decode<T: PostgresDecodable>(_ position: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard position >= 0 && position < Int(rows.columnCount) else {
            throw PostgresError(.decoding, "the result has no column \(position)")
        }
        return try decode(Int32(position), name: { rows.columnName(Int32(position)) })
    }

    /// `name` is only asked for an error message.
    private func decode<T: PostgresDecodable>(_ position: Int32, name: () -> String) throws(PostgresError) -> T {
        guard let text = rows.text(row: index, column: position) else { return try T.postgresNull(column: name()) }
        do {
            return try T(postgresText: text)
        } catch {
            throw PostgresError(.decoding, "column \(name()): \(error.message)")
        }
    }
}
