import Foundation
import GRDB

extension SQLiteStore {
    /// A feed's columns without its item count (cheap, for the scheduler).
    static let feedStateColumns = """
        f.id, f.url, f.title, f.site_url, f.tags, f.interval_seconds, f.adaptive_interval, f.ttl, f.origin, f.paused, f.paused_reason,
        f.etag, f.last_modified, f.body_hash, f.next_poll_at, f.last_polled_at, f.last_success_at, f.last_error,
        f.consecutive_failures, f.created_at
        """
    static let feedColumns = feedStateColumns + ", (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id) AS item_count"

    /// A feed from a row of `feedStateColumns` (or `feedColumns`), read by position: GRDB's
    /// lookup by name lowercases every name: a sixth of the daemon's CPU in a cycle of 304s.
    static func feedRecord(_ row: Row) -> FeedRecord {
        FeedRecord(
            id: row[0], url: row[1], title: row[2], siteURL: row[3], tags: JSONList.decode(row[4]), interval: row[5],
            adaptiveInterval: row[6], timeToLive: row[7], origin: FeedOrigin(rawValue: row[8]) ?? .socket, isPaused: row[9],
            pausedReason: row[10], etag: row[11], lastModified: row[12], bodyHash: row[13],
            nextPollAt: Date(timeIntervalSince1970: row[14]), lastPolledAt: Date(databaseValue: row[15]),
            lastSuccessAt: Date(databaseValue: row[16]), lastError: row[17], consecutiveFailures: row[18],
            itemCount: row.count > 20 ? row[20] : 0, createdAt: Date(timeIntervalSince1970: row[19]))
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
            let configured = try Row.fetchAll(db, sql: "SELECT id, url, declared_url FROM feeds WHERE origin = 'configuration'")
            for row in configured {
                let declared: String = row["declared_url"] ?? row["url"]
                if !wanted.contains(declared) {
                    try db.execute(sql: "DELETE FROM feeds WHERE id = ?", arguments: [row["id"] as Int64])
                }
            }
            for feed in feeds {
                try db.execute(
                    sql: """
                        UPDATE feeds SET tags = ?, interval_seconds = ? WHERE origin = 'configuration' AND declared_url = ?
                        """,
                    arguments: [JSONList.encode(feed.tags), feed.interval, feed.url])
                if db.changesCount > 0 { continue }
                try db.execute(
                    sql: """
                        INSERT INTO feeds (url, declared_url, tags, interval_seconds, origin, next_poll_at, created_at)
                        VALUES (?1, ?1, ?2, ?3, 'configuration', ?4, ?4)
                        ON CONFLICT (url) DO UPDATE SET
                            tags = excluded.tags, interval_seconds = excluded.interval_seconds,
                            origin = 'configuration', declared_url = excluded.declared_url
                        """,
                    arguments: [feed.url, JSONList.encode(feed.tags), feed.interval, now.databaseValue])
            }
        }
    }

    public func feeds() throws(StoreError) -> [FeedRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.feedColumns) FROM feeds f ORDER BY f.id").map(Self.feedRecord)
        }
    }

    public func failingFeeds(limit: Int) throws(StoreError) -> [FeedRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.feedColumns) FROM feeds f WHERE f.consecutive_failures > 0 AND f.paused = 0
                    ORDER BY f.consecutive_failures DESC, f.id LIMIT ?
                    """,
                arguments: [limit]
            ).map(Self.feedRecord)
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

    public func deferPolls(feedIDs: [Int64], until: Date) throws(StoreError) {
        guard !feedIDs.isEmpty else { return }
        try write { db in
            try db.execute(
                sql: """
                    UPDATE feeds SET next_poll_at = MAX(next_poll_at, ?), poll_lease_owner = NULL, poll_lease_expires_at = NULL
                    WHERE id IN (\(feedIDs.map(String.init).joined(separator: ",")))
                    """,
                arguments: [until.databaseValue])
        }
    }

    public func dueFeeds(now: Date, limit: Int) throws(StoreError) -> [FeedRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.feedStateColumns) FROM feeds f
                    WHERE f.paused = 0 AND f.next_poll_at <= ? ORDER BY f.next_poll_at LIMIT ?
                    """,
                arguments: [now.databaseValue, limit]
            ).map(Self.feedRecord)
        }
    }

    public func leaseDueFeeds(owner: String, limit: Int, leaseDuration: TimeInterval, now: Date) throws(StoreError) -> [FeedRecord] {
        // Cached statements: the scheduler leases after every batch of polls it records, and
        // compiling these each time (GRDB checks every column it reads) was a tenth of the
        // daemon's CPU in a cycle of 304s.
        try write { db in
            let select = try db.cachedStatement(
                sql: """
                    SELECT \(Self.feedStateColumns) FROM feeds f
                    WHERE f.paused = 0 AND f.next_poll_at <= ?1
                        AND (f.poll_lease_owner IS NULL OR f.poll_lease_expires_at <= ?1
                            OR (f.poll_lease_owner = ?3 AND f.poll_lease_expires_at <= ?4))
                    ORDER BY f.next_poll_at, f.id LIMIT ?2
                    """)
            let feeds = try Row.fetchAll(
                select,
                arguments: [now.databaseValue, limit, owner, renewalThreshold(now: now, leaseDuration: leaseDuration).databaseValue]
            ).map(Self.feedRecord)
            let lease = try db.cachedStatement(sql: "UPDATE feeds SET poll_lease_owner = ?, poll_lease_expires_at = ? WHERE id = ?")
            let expires = (now + leaseDuration).databaseValue
            for feed in feeds {
                try lease.execute(arguments: [owner, expires, feed.id])
            }
            return feeds
        }
    }

    public func releaseFeedLeases(owner: String, feedIDs: [Int64]?) throws(StoreError) -> Int {
        if feedIDs?.isEmpty == true { return 0 }
        return try write { db in
            let filter = feedIDs.map { " AND id IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
            try db.execute(
                sql: "UPDATE feeds SET poll_lease_owner = NULL, poll_lease_expires_at = NULL WHERE poll_lease_owner = ?\(filter)",
                arguments: [owner])
            return db.changesCount
        }
    }

    public func recordPolls(_ outcomes: [PollOutcome]) throws(StoreError) -> [PollRecord] {
        try write { db in try outcomes.map { try Self.record(db, $0) } }
    }

    private static func record(_ db: Database, _ outcome: PollOutcome) throws -> PollRecord {
        // A poll that was not permanently redirected ends any count of redirected polls.
        let resetRedirect = outcome.permanentRedirect == nil ? ", redirect_url = NULL, redirect_polls = 0" : ""
        let polled = outcome.polledAt.databaseValue
        let next = outcome.nextPollAt.databaseValue
        var created = 0
        switch outcome.result {
        case .notModified:
            try db.cachedStatement(
                sql: """
                    UPDATE feeds SET last_polled_at = ?, last_success_at = ?, next_poll_at = ?,
                        consecutive_failures = 0, last_error = NULL, poll_lease_owner = NULL\(resetRedirect), poll_lease_expires_at = NULL
                        WHERE id = ?
                    """
            ).execute(arguments: [polled, polled, next, outcome.feedID])
        case .failed(let error):
            try db.cachedStatement(
                sql: """
                    UPDATE feeds SET last_polled_at = ?, next_poll_at = ?, last_error = ?,
                        consecutive_failures = consecutive_failures + 1, poll_lease_owner = NULL\(resetRedirect),
                        poll_lease_expires_at = NULL WHERE id = ?
                    """
            ).execute(arguments: [polled, next, error, outcome.feedID])
        case .fetched(let etag, let lastModified, let title, let siteURL, let items):
            // Cached statements: compiling these three for every feed and item (GRDB also
            // authorises every column on compile) was half the poll recording's time.
            try db.cachedStatement(
                sql: """
                    UPDATE feeds SET last_polled_at = ?, last_success_at = ?, next_poll_at = ?,
                        consecutive_failures = 0, last_error = NULL, poll_lease_owner = NULL\(resetRedirect), poll_lease_expires_at = NULL,
                        etag = ?, last_modified = ?,
                        body_hash = ?, title = COALESCE(?, title), site_url = COALESCE(?, site_url),
                        adaptive_interval = COALESCE(?, adaptive_interval), ttl = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [
                polled, polled, next, etag, lastModified, outcome.bodyHash, title, siteURL, outcome.adaptiveInterval,
                outcome.timeToLive, outcome.feedID,
            ])
            guard db.changesCount > 0 else { return PollRecord(newItems: 0) }  // removed while being polled
            let insertItem = try db.cachedStatement(
                sql: """
                    INSERT INTO items (feed_id, identity, url, title, published, first_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, identity) DO NOTHING
                    """)
            let insertJob = try db.cachedStatement(sql: "INSERT INTO jobs (item_id, not_before, created_at) VALUES (?, ?, ?)")
            for item in items {
                try insertItem.execute(arguments: [outcome.feedID, item.identity, item.url, item.title, item.published?.databaseValue, polled])
                guard db.changesCount > 0 else { continue }
                try insertJob.execute(arguments: [db.lastInsertedRowID, polled, polled])
                created += 1
            }
        }
        if let reason = outcome.pauseReason {
            try Self.pause(db, feedID: outcome.feedID, reason: reason, event: "gone", at: outcome.polledAt)
        }
        let movedTo = try outcome.permanentRedirect.flatMap { try Self.trackRedirect(db, feedID: outcome.feedID, target: $0, at: outcome.polledAt) }
        return PollRecord(newItems: created, movedTo: movedTo)
    }

    /// Counts consecutive polls permanently redirected to the same URL and moves the feed there
    /// after `redirectPollsToMove` of them. Returns the new URL when it moved.
    private static func trackRedirect(_ db: Database, feedID: Int64, target: String, at: Date) throws -> String? {
        try db.execute(
            sql: """
                UPDATE feeds SET redirect_polls = CASE WHEN redirect_url = ?1 THEN redirect_polls + 1 ELSE 1 END,
                    redirect_url = ?1 WHERE id = ?2
                """,
            arguments: [target, feedID])
        guard let row = try Row.fetchOne(db, sql: "SELECT url, redirect_polls FROM feeds WHERE id = ?", arguments: [feedID]),
            let polls: Int = row["redirect_polls"], polls >= redirectPollsToMove
        else { return nil }
        let old: String = row["url"]
        if try Int64.fetchOne(db, sql: "SELECT id FROM feeds WHERE url = ? AND id != ?", arguments: [target, feedID]) != nil {
            try addEvent(db, feedID: feedID, at: at, event: "redirect", detail: "permanently redirected to \(target), which is already subscribed: not moved")
            try db.execute(sql: "UPDATE feeds SET redirect_polls = 0 WHERE id = ?", arguments: [feedID])
            return nil
        }
        try db.execute(
            sql: "UPDATE feeds SET url = ?, redirect_url = NULL, redirect_polls = 0 WHERE id = ?", arguments: [target, feedID])
        try addEvent(db, feedID: feedID, at: at, event: "moved", detail: "\(old) → \(target) (permanent redirect on \(polls) polls)")
        return target
    }

    static func addEvent(_ db: Database, feedID: Int64, at: Date, event: String, detail: String) throws {
        try db.execute(
            sql: "INSERT INTO feed_history (feed_id, at, event, detail) VALUES (?, ?, ?, ?)",
            arguments: [feedID, at.databaseValue, event, detail])
    }

    private static func pause(_ db: Database, feedID: Int64, reason: String, event: String, at: Date) throws {
        try db.execute(sql: "UPDATE feeds SET paused = 1, paused_reason = ? WHERE id = ?", arguments: [reason, feedID])
        try addEvent(db, feedID: feedID, at: at, event: event, detail: reason)
    }

    public func setPaused(feedID: Int64, paused: Bool, reason: String?, now: Date) throws(StoreError) -> Bool {
        try write { db in
            guard let current = try Bool.fetchOne(db, sql: "SELECT paused FROM feeds WHERE id = ?", arguments: [feedID]) else {
                throw StoreError(.notFound, "no feed with id \(feedID)")
            }
            guard current != paused else { return false }
            if paused {
                try Self.pause(db, feedID: feedID, reason: reason ?? "paused by the operator", event: "paused", at: now)
            } else {
                try db.execute(
                    sql: """
                        UPDATE feeds SET paused = 0, paused_reason = NULL, next_poll_at = ?, consecutive_failures = 0
                        WHERE id = ?
                        """,
                    arguments: [now.databaseValue, feedID])
                try Self.addEvent(db, feedID: feedID, at: now, event: "resumed", detail: reason ?? "resumed by the operator")
            }
            return true
        }
    }

    public func updateFeed(id: Int64, interval: TimeInterval??, tags: [String]?) throws(StoreError) -> FeedRecord? {
        try write { db in
            if let interval {
                try db.execute(sql: "UPDATE feeds SET interval_seconds = ? WHERE id = ?", arguments: [interval, id])
            }
            if let tags {
                try db.execute(sql: "UPDATE feeds SET tags = ? WHERE id = ?", arguments: [JSONList.encode(tags), id])
            }
            return try Self.fetchFeed(db, id: id)
        }
    }

    public func feedHistory(feedID: Int64, limit: Int) throws(StoreError) -> [FeedEvent] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT at, event, detail FROM feed_history WHERE feed_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                arguments: [feedID, limit]
            ).map { FeedEvent(at: Date(timeIntervalSince1970: $0["at"]), event: $0["event"], detail: $0["detail"]) }
        }
    }
}
