import Dispatch
import Foundation
import Postgres
import Synchronization
import Testing

/// The libpq wrapper against the server the PostgreSQL store tests use. Its skip message is the
/// one place that says the PostgreSQL cases of the store suite did not run.
@Suite(
    .enabled(
        if: TestPostgresServer.configuredURL != nil,
        "NEWSD_TEST_POSTGRES_URL is not set: the PostgreSQL cases of the store tests are skipped (.ci/with-postgres starts a throw-away server and sets it)"
    ))
struct PostgresConnectionTests {
    func connect() throws -> PostgresConnection { try PostgresConnection(url: try TestPostgresServer.url()) }

    @Test func theServerIsPostgreSQL15OrLater() throws {
        let version: Int = try #require(try connect().execute("SHOW server_version_num").first).decode(0)
        #expect(version >= 150_000)
    }

    @Test func parametersAndValuesRoundTripInTextFormat() throws {
        let connection = try connect()
        let text = "«إقرأ أيضاً:» it's \"quoted\" \\ and\nnew-lined"
        let bytes = Data((0...255).map { UInt8($0) })
        let time = 1_700_000_000.123_456_7
        let row = try #require(
            try connection.execute(
                "SELECT $1::text AS t, $2::bigint AS i, $3::float8 AS d, $4::boolean AS b, $5::bytea AS x, $6::text AS n, $7::float8 AS small",
                [text, Int64.min, time, true, bytes, nil, 0.1]
            ).first)
        #expect(try row.decode("t", as: String.self) == text)
        #expect(try row.decode("i", as: Int64.self) == Int64.min)
        #expect(try row.decode("d", as: Double.self) == time)
        #expect(try row.decode("b", as: Bool.self))
        #expect(try row.decode("x", as: Data.self) == bytes)
        #expect(try row.decode("n", as: String?.self) == nil)
        #expect(try row.decode("small", as: Double.self) == 0.1)
        #expect(throws: PostgresError.self) { try row.decode("n", as: String.self) }
        // PostgreSQL text holds no NUL: it becomes U+FFFD instead of ending the value.
        #expect(try connection.execute("SELECT $1::text", ["a\u{0}b"])[0].decode(0, as: String.self) == "a\u{FFFD}b")
        #expect(throws: PostgresError.self) { try row.decode("missing", as: String?.self) }
        #expect(throws: PostgresError.self) { try row.decode("t", as: Int64.self) }
    }

    @Test func serverErrorsCarryTheirSQLState() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMPORARY TABLE t (k TEXT PRIMARY KEY)")
        try connection.execute("INSERT INTO t VALUES ($1)", ["a"])
        do {
            try connection.execute("INSERT INTO t VALUES ($1)", ["a"])
            Issue.record("a second row with the same key was accepted")
        } catch {
            #expect(error.isUniqueViolation)
            #expect(error.code == .statement)
        }
        do {
            try connection.execute("SELEKT 1")
            Issue.record("a syntax error was accepted")
        } catch {
            #expect(error.sqlState == "42601")
            #expect(!error.isUniqueViolation)
        }
        // The connection is still usable after errors.
        #expect(try connection.execute("SELECT count(*) FROM t")[0].decode(0, as: Int.self) == 1)
    }

    @Test func aTransactionThatThrowsIsRolledBack() throws {
        struct Abandoned: Error {}
        let connection = try connect()
        try connection.execute("CREATE TEMPORARY TABLE t (k TEXT)")
        #expect(throws: Abandoned.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO t VALUES ('lost')")
                throw Abandoned()
            }
        }
        try connection.transaction { connection in _ = try connection.execute("INSERT INTO t VALUES ('kept')") }
        #expect(try connection.execute("SELECT k FROM t").map { row throws(PostgresError) in try row.decode(0, as: String.self) } == ["kept"])
        #expect(connection.isIdle)
    }

    @Test func anUnreachableServerIsAConnectionError() throws {
        // Port 1 on loopback: nothing listens there.
        do {
            _ = try PostgresConnection(url: "postgresql://newsd:secret@127.0.0.1:1/postgres")
            Issue.record("connected to port 1")
        } catch {
            #expect(error.code == .connection)
            #expect(!error.message.contains("secret"))
        }
    }

    @Test func aPoolNeverOpensMoreConnectionsThanItsSize() throws {
        let name = "newsd-pool-\(UUID().uuidString.prefix(8))"
        let pool = PostgresConnectionPool(url: try TestPostgresServer.url(), size: 2, applicationName: name)
        let most = Mutex(0)
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                let open: Int = try pool.withConnection { connection in
                    _ = try connection.execute("SELECT pg_sleep(0.05)")
                    return try connection.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [name])[0].decode(0)
                }
                most.withLock { $0 = max($0, open) }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        pool.close()
        #expect(failures.withLock { $0 } == 0)
        #expect(most.withLock { $0 } >= 1)
        #expect(most.withLock { $0 } <= 2)
        #expect(throws: PostgresError.self) { try pool.withConnection { _ in () } }
    }
}
