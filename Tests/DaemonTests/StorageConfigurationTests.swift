import Foundation
import Store
import Testing

@testable import Daemon

/// The `[storage]` section: backend, SQLite path, PostgreSQL URL, and opening what it names.
@Suite struct StorageConfigurationTests {
    func parse(_ text: String) throws(ConfigurationError) -> DaemonConfiguration {
        try DaemonConfiguration.parse(text, fileName: "config/newsd.toml", baseDirectory: "/srv/newsd/config")
    }

    func problems(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func sqliteIsTheDefault() throws {
        let storage = try parse("[storage]\npath = \"db.sqlite\"").storage
        #expect(storage.backend == .sqlite)
        #expect(storage.url == nil)
        #expect(storage.location == "/srv/newsd/config/db.sqlite")
    }

    @Test func postgresTakesAURLAndHidesItsPassword() throws {
        let storage = try parse(
            """
            [storage]
            backend = "postgres"
            url = "postgresql://newsd:s3cret@db.example:5432/newsd?sslmode=require"
            """
        ).storage
        #expect(storage.backend == .postgres)
        #expect(storage.url == "postgresql://newsd:s3cret@db.example:5432/newsd?sslmode=require")
        #expect(storage.location == "postgresql://newsd:***@db.example:5432/newsd?sslmode=require")
        #expect(PostgresStore.redacted("postgres://db/newsd?user=n&password=x1&sslmode=verify-full") == "postgres://db/newsd?user=n&password=***&sslmode=verify-full")
    }

    @Test func anUnknownBackendIsRefusedWithASuggestion() {
        #expect(problems("[storage]\nbackend = \"mysql\"") == [
            #"config/newsd.toml:2: "storage.backend" must be "sqlite" or "postgres", got "mysql""#
        ])
        #expect(problems("[storage]\nbackend = \"postgresql\"") == [
            #"config/newsd.toml:2: "storage.backend" must be "sqlite" or "postgres", got "postgresql" (did you mean "postgres"?)"#
        ])
        #expect(problems("[storage]\nbackend = 5") == [#"config/newsd.toml:2: "storage.backend" must be a string, got 5"#])
    }

    @Test func postgresWithoutAURLIsRefused() {
        #expect(problems("[storage]\n\nbackend = \"postgres\"") == [
            #"config/newsd.toml:3: backend = "postgres" needs "storage.url", the database to use, such as url = "postgresql://newsd@db.example:5432/newsd""#
        ])
    }

    @Test func aURLWithoutThePostgresBackendIsRefused() {
        #expect(problems("[storage]\nurl = \"postgresql://db/newsd\"") == [
            #"config/newsd.toml:2: "storage.url" is set but the backend is "sqlite": add backend = "postgres" to use the server, or remove url"#
        ])
    }

    @Test func aURLThatIsNotPostgresIsRefusedWithoutItsPassword() {
        let found = problems("[storage]\nbackend = \"postgres\"\nurl = \"mysql://root:hunter2@db/newsd\"")
        #expect(found == [
            #"config/newsd.toml:3: "storage.url" must be a PostgreSQL URL such as "postgresql://newsd@db.example:5432/newsd", got "mysql://root:***@db/newsd""#
        ])
    }

    @Test func openingAnUnreachableServerSaysWhichWithoutThePassword() throws {
        let storage = try parse("[storage]\nbackend = \"postgres\"\nurl = \"postgresql://newsd:s3cret@127.0.0.1:1/newsd\"").storage
        do {
            _ = try storage.open()
            Issue.record("opened a database on port 1")
        } catch {
            #expect(error.code == .open)
            #expect(error.message.contains("127.0.0.1"))
            #expect(!error.message.contains("s3cret"))
        }
    }

    @Test func theSQLiteBackendOpensItsFile() throws {
        let folder = NSTemporaryDirectory() + "newsd-storage-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let storage = try parse("[storage]\npath = \"\(folder)/newsd.sqlite\"").storage
        let store = try storage.open()
        #expect(try store.feeds().isEmpty)
        try store.close()
        #expect(FileManager.default.fileExists(atPath: folder + "/newsd.sqlite"))
    }
}
