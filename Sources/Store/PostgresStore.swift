import Foundation
import Postgres

/// The server store: one PostgreSQL database that several daemons can share, migrated on open.
///
/// Same tables, same behaviour and the same tests as `SQLiteStore`; times are seconds since
/// 1970 in `DOUBLE PRECISION` columns, as SQLite keeps them, so both round-trip a `Date` exactly.
///
/// Thread safety: a `PostgresConnectionPool` of `connections` connections, each lent to one
/// call at a time; a call finding them all busy waits. Every method is one transaction: writes
/// at READ COMMITTED with row locks (`FOR UPDATE`, `SKIP LOCKED` for leasing) and retried when
/// they lose a race another instance won (unique violation, serialisation failure, deadlock);
/// reads on one REPEATABLE READ snapshot.
public final class PostgresStore: NewsStore {
    let pool: PostgresConnectionPool
    /// The server, with any password hidden: for messages.
    public let location: String
    /// How many times a write that lost a race is run again before its error is reported.
    private static let writeAttempts = 5

    /// Connects to the database at `url` and migrates it.
    /// - Parameters:
    ///   - url: `postgresql://user@host:port/database`, or anything else libpq reads.
    ///   - connections: at most this many connections are opened, when calls need them.
    /// - Throws: `StoreError` with code `.open` when the server cannot be reached or migrated.
    public init(url: String, connections: Int = 4) throws(StoreError) {
        location = PostgresConnection.redacted(url)
        pool = PostgresConnectionPool(url: url, size: max(1, connections))
        do {
            try pool.withConnection { connection in try Self.migrate(connection) }
        } catch {
            pool.close()
            throw StoreError(.open, "cannot open PostgreSQL database \(location): \(error)")
        }
    }

    /// `url` with any password in it hidden, for logs and messages.
    public static func redacted(_ url: String) -> String { PostgresConnection.redacted(url) }

    /// Closes the connections. Unlike SQLite there is no log to check-point: committed is durable.
    public func close() throws(StoreError) {
        pool.close()
    }

    /// Runs `body` in a read-write transaction, running it again when it lost a race to another
    /// transaction, and turns database errors into `StoreError`.
    func write<T>(_ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        var attempt = 1
        while true {
            do {
                return try pool.withConnection { connection in try connection.transaction(body) }
            } catch let error as StoreError {
                throw error
            } catch let error as PostgresError where (error.isTransient || error.isUniqueViolation) && attempt < Self.writeAttempts {
                attempt += 1
            } catch {
                throw StoreError(.database, "database write failed (\(location)): \(error)")
            }
        }
    }

    /// Runs `body` on one read-only snapshot, turning database errors into `StoreError`.
    func read<T>(_ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.withConnection { connection in
                try connection.transaction(isolation: "REPEATABLE READ READ ONLY", body)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "database read failed (\(location)): \(error)")
        }
    }
}

extension Array where Element == Int64 {
    /// The ids as a PostgreSQL array literal, for `= ANY($n::bigint[])`.
    var postgresArray: String { "{" + map(String.init).joined(separator: ",") + "}" }
}
