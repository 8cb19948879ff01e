import Foundation
import GRDB
import Testing

@testable import Store

/// The write-ahead log reaches the database file through the background checkpoints, not
/// the writer's own transactions.
@Suite struct SQLiteCheckpointTests {
    /// Feeds in the database file alone, the log left out: what has been checkpointed.
    func feedsCheckpointed(_ path: String, folder: String) -> Int? {
        let copy = folder + "/copy-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        guard (try? FileManager.default.copyItem(atPath: path, toPath: copy)) != nil,
            let queue = try? DatabaseQueue(path: copy)
        else { return nil }
        return try? queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feeds") }
    }

    @Test func writesReachTheDatabaseFileWithoutTheWriterCheckpointing() throws {
        let folder = NSTemporaryDirectory() + "newsd-checkpoint-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        // With checkpoints an hour apart, a write stays in the log.
        let slowPath = folder + "/slow.sqlite"
        let slow = try SQLiteStore(path: slowPath, checkpointEvery: 3600)
        _ = try slow.addFeed(NewFeed(url: "https://news.example/ar/rss", origin: .socket), now: epoch)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(feedsCheckpointed(slowPath, folder: folder) ?? 0 == 0)
        try slow.close()
        // Closing checkpoints everything.
        #expect(feedsCheckpointed(slowPath, folder: folder) == 1)

        let path = folder + "/newsd.sqlite"
        let store = try SQLiteStore(path: path, checkpointEvery: 0.05)
        defer { try? store.close() }
        _ = try store.addFeed(NewFeed(url: "https://news.example/ar/rss", origin: .socket), now: epoch)
        let deadline = Date() + 10
        while feedsCheckpointed(path, folder: folder) != 1 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(feedsCheckpointed(path, folder: folder) == 1)
    }
}
