import CLibPQ
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One connection to a PostgreSQL server through libpq: the only place newsd calls libpq.
///
/// Synchronous, like the rest of the store: `execute` blocks until the server answers. Not safe
/// for concurrent use: one thread at a time (a `PostgresConnectionPool` hands each connection to
/// one caller). Owns the libpq handle and closes it in `deinit`.
public final class PostgresConnection {
    private let handle: OpaquePointer

    /// Connects to the server `url` names.
    ///
    /// - Parameters:
    ///   - url: a `postgresql://user:password@host:port/database?param=value` URI or a
    ///     `host=… dbname=…` keyword string, as libpq reads them. Unset parts come from libpq's
    ///     defaults and environment (`PGHOST`, `PGPASSWORD`, `~/.pgpass`…).
    ///   - applicationName: shown in `pg_stat_activity`, unless the URL sets one.
    /// - Throws: `PostgresError` with code `.connection`, with libpq's reason.
    public init(url: String, applicationName: String = "newsd") throws(PostgresError) {
        // Later keywords override earlier ones, so the URL (expanded from `dbname`) overrides the
        // defaults before it; the client encoding after it is not negotiable: we speak UTF-8.
        let settings: [(String, String)] = [
            ("connect_timeout", "10"), ("application_name", applicationName), ("dbname", url), ("client_encoding", "UTF8"),
        ]
        // Both arrays end with NULL.
        let connection = Self.withCStrings(settings.map(\.0) + [nil]) { keywords in
            Self.withCStrings(settings.map(\.1) + [nil]) { values in
                PQconnectdbParams(keywords, values, 1)
            }
        }
        guard let connection else { throw PostgresError(.connection, "cannot connect to PostgreSQL: out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.message(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(.connection, "cannot connect to PostgreSQL at \(Self.redacted(url)): \(reason)")
        }
        handle = connection
        // Notices (e.g. "relation already exists, skipping") would go to stderr unasked.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether the connection is usable and not inside a transaction: what a pool checks before
    /// handing it out again.
    public var isIdle: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Runs one statement and returns its rows.
    ///
    /// Parameters are `$1`, `$2`… in `sql`, sent in text format separately from the statement
    /// (never spliced into it); nil is NULL. Without parameters, `sql` may hold several
    /// statements separated by semicolons (a migration script); the last one's rows are returned.
    /// - Throws: `PostgresError` with code `.statement` and the server's SQLSTATE.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws(PostgresError) -> PostgresRows {
        let result: OpaquePointer?
        if parameters.isEmpty {
            result = PQexec(handle, sql)
        } else {
            result = Self.withCStrings(parameters.map { $0?.postgresText }) { values in
                PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
            }
        }
        guard let result else {
            throw PostgresError(.statement, "PostgreSQL statement failed: \(Self.message(PQerrorMessage(handle)))")
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result: result)
        default:
            let error = Self.error(of: result, connection: handle)
            PQclear(result)
            throw error
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// - Parameter isolation: the transaction mode, e.g. `"REPEATABLE READ READ ONLY"`, written into
    ///   the statement (a constant, never outside input); nil keeps the server's default (READ COMMITTED).
    /// - Throws: what `body` throws, or `PostgresError` when BEGIN or COMMIT fails.
    public func transaction<T>(isolation: String? = nil, _ body: (PostgresConnection) throws -> T) throws -> T {
        try execute(isolation.map { "BEGIN ISOLATION LEVEL \($0)" } ?? "BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            // A broken connection cannot roll back; the server drops its transaction anyway.
            _ = try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
        return value
    }

    /// The error of a failed result: SQLSTATE, primary message and detail.
    private static func error(of result: OpaquePointer, connection: OpaquePointer) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        let sqlState = field(UInt8(ascii: "C"))
        var message = field(UInt8(ascii: "M")) ?? message(PQresultErrorMessage(result))
        if message.isEmpty { message = Self.message(PQerrorMessage(connection)) }
        if let detail = field(UInt8(ascii: "D")) { message += ": \(detail)" }
        return PostgresError(.statement, sqlState: sqlState, message)
    }

    private static func message(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "unknown error" }
        let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "unknown error" : message
    }

    /// `url` with its password (in the user part or a `password=` parameter) replaced by `***`, for messages.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
            let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        {
            text.replaceSubrange(text.index(after: colon)..<at, with: "***")
        }
        var searchStart = text.startIndex
        while let key = text.range(of: "password=", range: searchStart..<text.endIndex) {
            let end = text[key.upperBound...].firstIndex { $0 == "&" || $0 == " " } ?? text.endIndex
            text.replaceSubrange(key.upperBound..<end, with: "***")
            searchStart = text.index(key.upperBound, offsetBy: 3)
        }
        return text
    }

    /// Calls `body` with `strings` as an array of C strings (nil stays NULL), valid during the call.
    private static func withCStrings<T>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
