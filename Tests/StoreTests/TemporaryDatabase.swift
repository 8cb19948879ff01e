import Foundation
import Postgres
import Store
import Testing

/// The store implementations the whole store suite runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The backends tests run against: PostgreSQL only when `NEWSD_TEST_POSTGRES_URL` names a
    /// server (`PostgresServerTests` says when it is skipped).
    static let available: [Backend] = TestPostgresServer.configuredURL == nil ? [.sqlite] : [.sqlite, .postgres]
}

/// A store in a fresh place, removed when the test ends: a temporary folder for SQLite, a
/// database of its own on the server `NEWSD_TEST_POSTGRES_URL` names for PostgreSQL (so tests
/// run in parallel).
final class TemporaryDatabase {
    let backend: Backend
    private(set) var store: any NewsStore
    /// What `open` needs: the SQLite file, or the PostgreSQL database's URL.
    private let location: String
    private let cleanup: () -> Void
    /// Every store opened on this database, closed before it is removed.
    private var opened: [any NewsStore] = []

    init(_ backend: Backend) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            let folder = NSTemporaryDirectory() + "newsd-store-\(UUID().uuidString)"
            location = folder + "/db/newsd.sqlite"
            cleanup = { try? FileManager.default.removeItem(atPath: folder) }
        case .postgres:
            let server = try TestPostgresServer.url()
            let name = "newsd_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try PostgresConnection(url: server).execute("CREATE DATABASE \(name)")
            location = try TestPostgresServer.url(server, database: name)
            cleanup = { _ = try? PostgresConnection(url: server).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        }
        store = try Self.open(backend, location)
        opened.append(store)
    }

    deinit {
        for store in opened { try? store.close() }
        cleanup()
    }

    private static func open(_ backend: Backend, _ location: String) throws -> any NewsStore {
        switch backend {
        case .sqlite: try SQLiteStore(path: location)
        case .postgres: try PostgresStore(url: location)
        }
    }

    /// Closes the store and opens the same database again.
    func reopen() throws -> any NewsStore {
        try store.close()
        store = try Self.open(backend, location)
        opened.append(store)
        return store
    }

    /// Another store on the same database, as a second daemon would open it.
    func openAnother() throws -> any NewsStore {
        let another = try Self.open(backend, location)
        opened.append(another)
        return another
    }
}

/// The PostgreSQL server the tests use, from `NEWSD_TEST_POSTGRES_URL` (`.ci/with-postgres` starts one).
enum TestPostgresServer {
    static let variable = "NEWSD_TEST_POSTGRES_URL"

    /// The variable's value, nil when it is unset or empty.
    static let configuredURL: String? = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }

    /// The server's URL.
    static func url() throws -> String {
        guard let configuredURL else { throw PostgresError(.connection, "\(variable) is not set") }
        return configuredURL
    }

    /// `server` (a `postgresql://` URL) with its database replaced by `database`.
    static func url(_ server: String, database: String) throws -> String {
        guard var components = URLComponents(string: server), components.scheme?.hasPrefix("postgres") == true else {
            throw PostgresError(.connection, "\(variable) must be a postgresql:// URL, got \(server)")
        }
        components.path = "/" + database
        return try #require(components.string)
    }
}

let epoch = Date(timeIntervalSince1970: 1_700_000_000)

func item(_ n: Int, title: String? = nil) -> NewItem {
    NewItem(identity: "guid-\(n)", url: "https://news.example/\(n)", title: title ?? "Item \(n)", published: epoch)
}

func article(for job: LeasedJob, canonical: String? = nil, paragraphs: [String] = ["Body text here."]) -> NewArticle {
    NewArticle(
        feedID: job.feedID, itemID: job.itemID, url: job.url, canonicalURL: canonical ?? job.url, title: job.itemTitle,
        paragraphs: paragraphs, byline: nil, published: nil, language: "en", imageURL: nil, siteName: nil,
        wordCount: paragraphs.joined(separator: " ").split(separator: " ").count, fetchedAt: epoch)
}
