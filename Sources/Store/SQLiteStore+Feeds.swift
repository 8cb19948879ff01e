import Foundation
import GRDB

extension SQLiteStore {
    static let feedColumns = """
        f.id, f.url, f.title, f.site_url, f.tags, f.interval_seconds, f.origin, f.paused, f.etag,
        f.last_modified, f.next_poll_at, f.last_polled_at, f.last_success_at, f.last_error,
        f.consecutive_failures, f.created_at,
        (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id) AS item_count
        """

    static func feedRecord(_ row: Row) -> FeedRecord {
        FeedRecord(
            id: row["id"], url: row["url"], title: row["title"], siteURL: row["site_url"],
            tags: JSONList.decode(row["tags"]), interval: row["interval_seconds"],
            origin: FeedOrigin(rawValue: row["origin"]) ?? .socket, isPaused: row["paused"],
            etag: row["etag"], lastModified: row["last_modified"],
            nextPollAt: Date(timeIntervalSince1970: row["next_poll_at"]),
            lastPolledAt: Date(databaseValue: row["last_polled_at"]),
            lastSuccessAt: Date(databaseValue: row["last_success_at"]), lastError: row["last_error"],
            consecutiveFailures: row["consecutive_failures"], itemCount: row["item_count"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    static func fetchFeed(_ db: Database, id: Int64) throws -> FeedRecord? {
        try Row.fetchOne(db, sql: "SELECT \(feedColumns) FROM feeds f WHERE f.id = ?", arguments: [id]).map(feedRecord)
    }

    public func addFeed(_ feed: NewFeed, now: Date) throws(StoreError) -> FeedRecord {
        try write { db in
            if try Row.fetchOne(db, sql: "SELECT id FROM feeds WHERE url = ?", arguments: [feed.url]) != nil {
                throw StoreError(.duplicateFeed, "feed \(feed.url) is already subscribed")
            }
            try db.execute(
                sql: """
                    INSERT INTO feeds (url, tags, interval_seconds, origin, next_poll_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [feed.url, JSONList.encode(feed.tags), feed.interval, feed.origin.rawValue, now.databaseValue, now.databaseValue])
            return try Self.fetchFeed(db, id: db.lastInsertedRowID)!
        }
    }

    public func syncConfiguredFeeds(_ feeds: [NewFeed], now: Date) throws(StoreError) {
        try write { db in
            let wanted = Set(feeds.map(\.url))
            let configured = try String.fetchAll(db, sql: "SELECT url FROM feeds WHERE origin = 'configuration'")
            for url in configured where !wanted.contains(url) {
                try db.execute(sql: "DELETE FROM feeds WHERE url = ?", arguments: [url])
            }
            for feed in feeds {
                try db.execute(
                    sql: """
                        INSERT INTO feeds (url, tags, interval_seconds, origin, next_poll_at, created_at)
                        VALUES (?, ?, ?, 'configuration', ?, ?)
                        ON CONFLICT (url) DO UPDATE SET
                            tags = excluded.tags, interval_seconds = excluded.interval_seconds,
                            origin = 'configuration'
                        """,
                    arguments: [feed.url, JSONList.encode(feed.tags), feed.interval, now.databaseValue, now.databaseValue])
            }
        }
    }

    public func feeds() throws(StoreError) -> [FeedRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.feedColumns) FROM feeds f ORDER BY f.id").map(Self.feedRecord)
        }
    }

    public func feed(id: Int64) throws(StoreError) -> FeedRecord? {
        try read { db in try Self.fetchFeed(db, id: id) }
    }

    public func feed(url: String) throws(StoreError) -> FeedRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.feedColumns) FROM feeds f WHERE f.url = ?", arguments: [url]).map(Self.feedRecord)
        }
    }

    public func removeFeed(id: Int64) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM feeds WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func requestPoll(feedID: Int64?, now: Date) throws(StoreError) -> Int {
        try write { db in
            if let feedID {
                try db.execute(sql: "UPDATE feeds SET next_poll_at = ? WHERE id = ?", arguments: [now.databaseValue, feedID])
            } else {
                try db.execute(sql: "UPDATE feeds SET next_poll_at = ? WHERE paused = 0", arguments: [now.databaseValue])
            }
            return db.changesCount
        }
    }

    public func dueFeeds(now: Date, limit: Int) throws(StoreError) -> [FeedRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.feedColumns) FROM feeds f
                    WHERE f.paused = 0 AND f.next_poll_at <= ? ORDER BY f.next_poll_at LIMIT ?
                    """,
                arguments: [now.databaseValue, limit]
            ).map(Self.feedRecord)
        }
    }

    public func recordPoll(_ outcome: PollOutcome) throws(StoreError) -> Int {
        try write { db in
            let polled = outcome.polledAt.databaseValue
            let next = outcome.nextPollAt.databaseValue
            switch outcome.result {
            case .notModified:
                try db.execute(
                    sql: """
                        UPDATE feeds SET last_polled_at = ?, last_success_at = ?, next_poll_at = ?,
                            consecutive_failures = 0, last_error = NULL WHERE id = ?
                        """,
                    arguments: [polled, polled, next, outcome.feedID])
                return 0
            case .failed(let error):
                try db.execute(
                    sql: """
                        UPDATE feeds SET last_polled_at = ?, next_poll_at = ?, last_error = ?,
                            consecutive_failures = consecutive_failures + 1 WHERE id = ?
                        """,
                    arguments: [polled, next, error, outcome.feedID])
                return 0
            case .fetched(let etag, let lastModified, let title, let siteURL, let items):
                try db.execute(
                    sql: """
                        UPDATE feeds SET last_polled_at = ?, last_success_at = ?, next_poll_at = ?,
                            consecutive_failures = 0, last_error = NULL, etag = ?, last_modified = ?,
                            title = COALESCE(?, title), site_url = COALESCE(?, site_url)
                        WHERE id = ?
                        """,
                    arguments: [polled, polled, next, etag, lastModified, title, siteURL, outcome.feedID])
                guard db.changesCount > 0 else { return 0 }  // removed while it was being polled
                var created = 0
                for item in items {
                    try db.execute(
                        sql: """
                            INSERT INTO items (feed_id, identity, url, title, published, first_seen_at)
                            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, identity) DO NOTHING
                            """,
                        arguments: [outcome.feedID, item.identity, item.url, item.title, item.published?.databaseValue, polled])
                    guard db.changesCount > 0 else { continue }
                    try db.execute(
                        sql: "INSERT INTO jobs (item_id, not_before, created_at) VALUES (?, ?, ?)",
                        arguments: [db.lastInsertedRowID, polled, polled])
                    created += 1
                }
                return created
            }
        }
    }
}
