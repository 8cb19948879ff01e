import Foundation
import Postgres
import Testing

/// A fresh database on the test server `NEWSD_TEST_POSTGRES_URL` names (`.ci/with-postgres`
/// starts one), for daemons to share.
struct PostgresTestDatabase {
    /// Whether the daemons-on-PostgreSQL tests can run.
    static let isConfigured = ProcessInfo.processInfo.environment["NEWSD_TEST_POSTGRES_URL"].map { !$0.isEmpty } ?? false

    let url: String
    private let server: String
    private let name: String

    init() throws {
        server = try #require(ProcessInfo.processInfo.environment["NEWSD_TEST_POSTGRES_URL"])
        name = "newsd_e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try PostgresConnection(url: server).execute("CREATE DATABASE \(name)")
        var components = try #require(URLComponents(string: server))
        components.path = "/" + name
        url = try #require(components.string)
    }

    /// Runs SQL on the database (the test's own view of what the daemons share).
    @discardableResult
    func execute(_ sql: String) throws -> PostgresRows {
        try PostgresConnection(url: url).execute(sql)
    }

    func drop() {
        _ = try? PostgresConnection(url: server).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
