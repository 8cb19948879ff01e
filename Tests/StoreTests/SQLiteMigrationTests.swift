import Foundation
import GRDB
import Testing

@testable import Store

/// A database written by an older daemon opens under the current schema with nothing lost.
@Suite struct SQLiteMigrationTests {
    /// Before v6 the fingerprint sat at the end of the article row; v6 moves it into
    /// `article_fingerprints`, where every duplicate check now looks.
    @Test func fingerprintsMoveOutOfTheArticleRowAndStillFindCopies() throws {
        let folder = NSTemporaryDirectory() + "newsd-migration-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/newsd.sqlite"
        let fingerprint: [UInt8] = Array("not decoded by the store".utf8)
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "v5: items by article")
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO feeds (id, url, origin, next_poll_at, created_at) VALUES (1, 'https://news.example/rss', 'socket', 0, 0)")
                try db.execute(
                    sql: """
                        INSERT INTO articles (id, feed_id, url, canonical_url, title, paragraphs, text, word_count, fetched_at,
                            story_id, exact_hash, fingerprint)
                        VALUES (7, 1, 'https://news.example/1', 'https://news.example/story', 'قصة', '["نص القصة"]', 'نص القصة', 2, 0,
                            7, 0, ?)
                        """,
                    arguments: [Data(fingerprint)])
                try db.execute(
                    sql: """
                        INSERT INTO items (id, feed_id, identity, url, first_seen_at, status, article_id)
                        VALUES (1, 1, 'guid-1', 'https://news.example/1', 0, 'new', 7)
                        """)
            }
        }

        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        #expect(try store.fingerprints().map(\.articleID) == [7])
        #expect(try store.fingerprints().first?.fingerprint == fingerprint)
        #expect(try store.article(id: 7)?.storyID == 7)
        #expect(try store.storyCopies(storyID: 7).map(\.url) == ["https://news.example/1"])
        // Read from the new table only: the copy left in the old row no longer counts.
        try store.pool.write { db in try db.execute(sql: "UPDATE article_fingerprints SET fingerprint = x'0102' WHERE article_id = 7") }
        #expect(try store.fingerprints().first?.fingerprint == [1, 2])

        // The migrated article is still found by its canonical URL.
        let feed = try store.addFeed(NewFeed(url: "https://other.example/rss", origin: .socket), now: epoch)
        _ = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: [item(2)])))
        let job = try #require(try store.leaseJobs(owner: "w", limit: 1, leaseDuration: 60, now: epoch).first)
        let outcome = try store.completeJob(JobCompletion(
            jobID: job.id, leaseOwner: "w", article: article(for: job, canonical: "https://news.example/story"), finishedAt: epoch))
        #expect(outcome.status == .duplicate)
        #expect(outcome.duplicateOf == 7)
    }
}
