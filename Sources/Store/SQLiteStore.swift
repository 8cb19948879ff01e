import Foundation
import GRDB
import Synchronization

/// The embedded store: one SQLite file in WAL mode through GRDB, migrated on open.
public final class SQLiteStore: NewsStore {
    let pool: DatabasePool
    /// The database file.
    public let path: String
    /// Set once by `close`; GRDB must not be used after its pool is closed.
    private let isClosed = Mutex(false)
    private let checkpointer: SQLiteCheckpointer

    /// WAL pages at which the writer checkpoints in its own transaction: only when the
    /// background checkpoints fall behind (a reader holding an old snapshot, a stalled disk).
    static let fallbackCheckpointPages = 50_000

    /// Opens (creating if needed) and migrates the database at `path`; `checkpointEvery` is how
    /// often (seconds) the log is copied into the database file in the background.
    public init(path: String, checkpointEvery: TimeInterval = 2) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "newsd"
        configuration.prepareDatabase { db in
            // An fsync per transaction: a committed poll or article survives power loss too, not
            // only a crash of the process (which WAL with NORMAL would already survive).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Checkpoints run in the background (`SQLiteCheckpointer`); the default automatic
            // one, at 4 MB, also ran after nearly every commit (a batch of articles writes
            // about 3 MB), on the committing thread.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(SQLiteStore.fallbackCheckpointPages)")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            checkpointer = try SQLiteCheckpointer(path: path, interval: checkpointEvery)
        } catch {
            throw StoreError(.open, "cannot open database \(path): \(error)")
        }
    }

    public func close() throws(StoreError) {
        let alreadyClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !alreadyClosed else { return }
        checkpointer.stop()
        do {
            try pool.writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
            }
            try pool.close()
        } catch {
            throw StoreError(.database, "closing database \(path): \(error)")
        }
    }

    private func checkOpen() throws(StoreError) {
        if isClosed.withLock({ $0 }) { throw StoreError(.database, "database \(path) is closed") }
    }

    /// Runs `body` in a write transaction, turning database errors into `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try checkOpen()
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "database write failed (\(path)): \(error)")
        }
    }

    /// Runs `body` on a read snapshot, turning database errors into `StoreError`.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try checkOpen()
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "database read failed (\(path)): \(error)")
        }
    }
}

extension Date {
    /// Seconds since 1970, as the database stores times.
    var databaseValue: Double { timeIntervalSince1970 }

    init?(databaseValue: Double?) {
        guard let databaseValue else { return nil }
        self.init(timeIntervalSince1970: databaseValue)
    }
}

/// Lists of strings (tags, paragraphs) are stored as JSON arrays.
enum JSONList {
    static func encode(_ values: [String]) -> String {
        let data = (try? JSONEncoder().encode(values)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String] {
        guard let text, let values = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return [] }
        return values
    }
}
