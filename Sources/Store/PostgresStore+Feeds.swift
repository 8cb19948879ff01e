import Foundation
import Postgres

extension PostgresStore {
    /// A feed from a row of `SQLiteStore.feedStateColumns` plus an item count, read by position
    /// (the two stores select the same columns; a lookup by name per column costs on every poll).
    static func feedRecord(_ row: PostgresRow) throws(PostgresError) -> FeedRecord {
        FeedRecord(
            id: try row.decode(0), url: try row.decode(1), title: try row.decode(2), siteURL: try row.decode(3),
            tags: JSONList.decode(try row.decode(4)), interval: try row.decode(5), adaptiveInterval: try row.decode(6),
            timeToLive: try row.decode(7), origin: FeedOrigin(rawValue: try row.decode(8)) ?? .socket, isPaused: try row.decode(9),
            pausedReason: try row.decode(10), etag: try row.decode(11), lastModified: try row.decode(12),
            bodyHash: try row.decode(13), nextPollAt: Date(timeIntervalSince1970: try row.decode(14)),
            lastPolledAt: Date(databaseValue: try row.decode(15)), lastSuccessAt: Date(databaseValue: try row.decode(16)),
            lastError: try row.decode(17), consecutiveFailures: try row.decode(18),
            itemCount: try row.decode(20, as: Int?.self) ?? 0, createdAt: Date(timeIntervalSince1970: try row.decode(19)))
    }

    /// The feed columns, with a NULL item count (cheap, for the scheduler).
    private static let feedStateColumns = SQLiteStore.feedStateColumns + ", NULL::bigint AS item_count"

    static func fetchFeed(_ connection: PostgresConnection, id: Int64) throws -> FeedRecord? {
        try connection.execute("SELECT \(SQLiteStore.feedColumns) FROM feeds f WHERE f.id = $1", [id]).first.map(feedRecord)
    }

    public func addFeed(_ feed: NewFeed, now: Date) throws(StoreError) -> FeedRecord {
        try write { connection in
            if try connection.execute("SELECT id FROM feeds WHERE url = $1", [feed.url]).count > 0 {
                throw StoreError(.duplicateFeed, "feed \(feed.url) is already subscribed")
            }
            // A concurrent add of the same URL makes this fail with a unique violation: the
            // write is run again and finds the feed above.
            let id: Int64 = try connection.execute(
                """
                INSERT INTO feeds (url, tags, interval_seconds, origin, next_poll_at, created_at)
                VALUES ($1, $2, $3, $4, $5, $5) RETURNING id
                """,
                [feed.url, JSONList.encode(feed.tags), feed.interval, feed.origin.rawValue, now.databaseValue]
            )[0].decode("id")
            return try Self.fetchFeed(connection, id: id)!
        }
    }

    public func syncConfiguredFeeds(_ feeds: [NewFeed], now: Date) throws(StoreError) {
        try write { connection in
            let wanted = Set(feeds.map(\.url))
            let configured = try connection.execute("SELECT id, url, declared_url FROM feeds WHERE origin = 'configuration'")
            for row in configured {
                let declared: String = try row.decode("declared_url", as: String?.self) ?? row.decode("url")
                if !wanted.contains(declared) {
                    try connection.execute("DELETE FROM feeds WHERE id = $1", [try row.decode("id", as: Int64.self)])
                }
            }
            for feed in feeds {
                let updated = try connection.execute(
                    "UPDATE feeds SET tags = $1, interval_seconds = $2 WHERE origin = 'configuration' AND declared_url = $3",
                    [JSONList.encode(feed.tags), feed.interval, feed.url])
                if updated.affectedRows > 0 { continue }
                try connection.execute(
                    """
                    INSERT INTO feeds (url, declared_url, tags, interval_seconds, origin, next_poll_at, created_at)
                    VALUES ($1, $1, $2, $3, 'configuration', $4, $4)
                    ON CONFLICT (url) DO UPDATE SET
                        tags = excluded.tags, interval_seconds = excluded.interval_seconds,
                        origin = 'configuration', declared_url = excluded.declared_url
                    """,
                    [feed.url, JSONList.encode(feed.tags), feed.interval, now.databaseValue])
            }
        }
    }

    public func feeds() throws(StoreError) -> [FeedRecord] {
        try read { connection in
            try connection.execute("SELECT \(SQLiteStore.feedColumns) FROM feeds f ORDER BY f.id").map(Self.feedRecord)
        }
    }

    public func failingFeeds(limit: Int) throws(StoreError) -> [FeedRecord] {
        try read { connection in
            try connection.execute(
                """
                SELECT \(SQLiteStore.feedColumns) FROM feeds f WHERE f.consecutive_failures > 0 AND NOT f.paused
                ORDER BY f.consecutive_failures DESC, f.id LIMIT $1
                """,
                [limit]
            ).map(Self.feedRecord)
        }
    }

    public func feed(id: Int64) throws(StoreError) -> FeedRecord? {
        try read { connection in try Self.fetchFeed(connection, id: id) }
    }

    public func feed(url: String) throws(StoreError) -> FeedRecord? {
        try read { connection in
            try connection.execute("SELECT \(SQLiteStore.feedColumns) FROM feeds f WHERE f.url = $1", [url]).first.map(Self.feedRecord)
        }
    }

    public func removeFeed(id: Int64) throws(StoreError) -> Bool {
        try write { connection in
            try connection.execute("DELETE FROM feeds WHERE id = $1", [id]).affectedRows > 0
        }
    }

    public func requestPoll(feedID: Int64?, now: Date) throws(StoreError) -> Int {
        try write { connection in
            if let feedID {
                try connection.execute("UPDATE feeds SET next_poll_at = $1 WHERE id = $2", [now.databaseValue, feedID]).affectedRows
            } else {
                try connection.execute("UPDATE feeds SET next_poll_at = $1 WHERE NOT paused", [now.databaseValue]).affectedRows
            }
        }
    }

    public func deferPolls(feedIDs: [Int64], until: Date) throws(StoreError) {
        guard !feedIDs.isEmpty else { return }
        try write { connection in
            _ = try connection.execute(
                """
                UPDATE feeds SET next_poll_at = GREATEST(next_poll_at, $1), poll_lease_owner = NULL, poll_lease_expires_at = NULL
                WHERE id = ANY($2::bigint[])
                """,
                [until.databaseValue, feedIDs.postgresArray])
        }
    }

    public func dueFeeds(now: Date, limit: Int) throws(StoreError) -> [FeedRecord] {
        try read { connection in
            try connection.execute(
                """
                SELECT \(Self.feedStateColumns) FROM feeds f
                WHERE NOT f.paused AND f.next_poll_at <= $1 ORDER BY f.next_poll_at LIMIT $2
                """,
                [now.databaseValue, limit]
            ).map(Self.feedRecord)
        }
    }

    /// Leases with `FOR UPDATE SKIP LOCKED`: daemons leasing at the same moment each take
    /// different feeds, none waits for another.
    public func leaseDueFeeds(owner: String, limit: Int, leaseDuration: TimeInterval, now: Date) throws(StoreError) -> [FeedRecord] {
        try write { connection in
            try connection.execute(
                """
                UPDATE feeds f SET poll_lease_owner = $3, poll_lease_expires_at = $4
                FROM (
                    SELECT id FROM feeds
                    WHERE NOT paused AND next_poll_at <= $1
                        AND (poll_lease_owner IS NULL OR poll_lease_expires_at <= $1
                            OR (poll_lease_owner = $3 AND poll_lease_expires_at <= $5))
                    ORDER BY next_poll_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
                ) due
                WHERE f.id = due.id
                RETURNING \(Self.feedStateColumns)
                """,
                [
                    now.databaseValue, limit, owner, (now + leaseDuration).databaseValue,
                    renewalThreshold(now: now, leaseDuration: leaseDuration).databaseValue,
                ]
            ).map(Self.feedRecord).sorted { ($0.nextPollAt, $0.id) < ($1.nextPollAt, $1.id) }
        }
    }

    public func releaseFeedLeases(owner: String, feedIDs: [Int64]?) throws(StoreError) -> Int {
        if feedIDs?.isEmpty == true { return 0 }
        return try write { connection in
            try connection.execute(
                """
                UPDATE feeds SET poll_lease_owner = NULL, poll_lease_expires_at = NULL
                WHERE poll_lease_owner = $1 AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
                """,
                [owner, feedIDs?.postgresArray]
            ).affectedRows
        }
    }

    public func recordPolls(_ outcomes: [PollOutcome]) throws(StoreError) -> [PollRecord] {
        try write { connection in try outcomes.map { try Self.record(connection, $0) } }
    }

    private static func record(_ connection: PostgresConnection, _ outcome: PollOutcome) throws -> PollRecord {
        // A poll that was not permanently redirected ends any count of redirected polls.
        let resetRedirect = outcome.permanentRedirect == nil ? ", redirect_url = NULL, redirect_polls = 0" : ""
        let polled = outcome.polledAt.databaseValue
        let next = outcome.nextPollAt.databaseValue
        var created = 0
        switch outcome.result {
        case .notModified:
            try connection.execute(
                """
                UPDATE feeds SET last_polled_at = $1, last_success_at = $1, next_poll_at = $2,
                    consecutive_failures = 0, last_error = NULL, poll_lease_owner = NULL\(resetRedirect), poll_lease_expires_at = NULL
                    WHERE id = $3
                """,
                [polled, next, outcome.feedID])
        case .failed(let error):
            try connection.execute(
                """
                UPDATE feeds SET last_polled_at = $1, next_poll_at = $2, last_error = $3,
                    consecutive_failures = consecutive_failures + 1, poll_lease_owner = NULL\(resetRedirect),
                    poll_lease_expires_at = NULL WHERE id = $4
                """,
                [polled, next, error, outcome.feedID])
        case .fetched(let etag, let lastModified, let title, let siteURL, let items):
            let updated = try connection.execute(
                """
                UPDATE feeds SET last_polled_at = $1, last_success_at = $1, next_poll_at = $2,
                    consecutive_failures = 0, last_error = NULL, poll_lease_owner = NULL\(resetRedirect), poll_lease_expires_at = NULL,
                    etag = $3, last_modified = $4,
                    body_hash = $5, title = COALESCE($6, title), site_url = COALESCE($7, site_url),
                    adaptive_interval = COALESCE($8, adaptive_interval), ttl = $10
                WHERE id = $9
                """,
                [
                    polled, next, etag, lastModified, outcome.bodyHash, title, siteURL, outcome.adaptiveInterval, outcome.feedID,
                    outcome.timeToLive,
                ])
            guard updated.affectedRows > 0 else { return PollRecord(newItems: 0) }  // removed while being polled
            for item in items {
                let inserted = try connection.execute(
                    """
                    INSERT INTO items (feed_id, identity, url, title, published, first_seen_at)
                    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (feed_id, identity) DO NOTHING RETURNING id
                    """,
                    [outcome.feedID, item.identity, item.url, item.title, item.published?.databaseValue, polled])
                guard let row = inserted.first else { continue }
                try connection.execute(
                    "INSERT INTO jobs (item_id, not_before, created_at) VALUES ($1, $2, $2)", [try row.decode("id", as: Int64.self), polled])
                created += 1
            }
        }
        if let reason = outcome.pauseReason {
            try pause(connection, feedID: outcome.feedID, reason: reason, event: "gone", at: outcome.polledAt)
        }
        let movedTo = try outcome.permanentRedirect.flatMap { try trackRedirect(connection, feedID: outcome.feedID, target: $0, at: outcome.polledAt) }
        return PollRecord(newItems: created, movedTo: movedTo)
    }

    /// Counts consecutive polls permanently redirected to the same URL and moves the feed there
    /// after `redirectPollsToMove` of them. Returns the new URL when it moved.
    private static func trackRedirect(_ connection: PostgresConnection, feedID: Int64, target: String, at: Date) throws -> String? {
        guard
            let row = try connection.execute(
                """
                UPDATE feeds SET redirect_polls = CASE WHEN redirect_url = $1 THEN redirect_polls + 1 ELSE 1 END,
                    redirect_url = $1 WHERE id = $2 RETURNING url, redirect_polls
                """,
                [target, feedID]
            ).first
        else { return nil }
        let polls: Int = try row.decode("redirect_polls")
        guard polls >= redirectPollsToMove else { return nil }
        let old: String = try row.decode("url")
        if try connection.execute("SELECT id FROM feeds WHERE url = $1 AND id != $2", [target, feedID]).count > 0 {
            try addEvent(
                connection, feedID: feedID, at: at, event: "redirect",
                detail: "permanently redirected to \(target), which is already subscribed: not moved")
            try connection.execute("UPDATE feeds SET redirect_polls = 0 WHERE id = $1", [feedID])
            return nil
        }
        try connection.execute("UPDATE feeds SET url = $1, redirect_url = NULL, redirect_polls = 0 WHERE id = $2", [target, feedID])
        try addEvent(connection, feedID: feedID, at: at, event: "moved", detail: "\(old) → \(target) (permanent redirect on \(polls) polls)")
        return target
    }

    static func addEvent(_ connection: PostgresConnection, feedID: Int64, at: Date, event: String, detail: String) throws {
        try connection.execute(
            "INSERT INTO feed_history (feed_id, at, event, detail) VALUES ($1, $2, $3, $4)", [feedID, at.databaseValue, event, detail])
    }

    private static func pause(_ connection: PostgresConnection, feedID: Int64, reason: String, event: String, at: Date) throws {
        try connection.execute("UPDATE feeds SET paused = true, paused_reason = $1 WHERE id = $2", [reason, feedID])
        try addEvent(connection, feedID: feedID, at: at, event: event, detail: reason)
    }

    public func setPaused(feedID: Int64, paused: Bool, reason: String?, now: Date) throws(StoreError) -> Bool {
        try write { connection in
            guard let row = try connection.execute("SELECT paused FROM feeds WHERE id = $1 FOR UPDATE", [feedID]).first else {
                throw StoreError(.notFound, "no feed with id \(feedID)")
            }
            guard try row.decode("paused", as: Bool.self) != paused else { return false }
            if paused {
                try Self.pause(connection, feedID: feedID, reason: reason ?? "paused by the operator", event: "paused", at: now)
            } else {
                try connection.execute(
                    """
                    UPDATE feeds SET paused = false, paused_reason = NULL, next_poll_at = $1, consecutive_failures = 0
                    WHERE id = $2
                    """,
                    [now.databaseValue, feedID])
                try Self.addEvent(connection, feedID: feedID, at: now, event: "resumed", detail: reason ?? "resumed by the operator")
            }
            return true
        }
    }

    public func updateFeed(id: Int64, interval: TimeInterval??, tags: [String]?) throws(StoreError) -> FeedRecord? {
        try write { connection in
            if let interval {
                try connection.execute("UPDATE feeds SET interval_seconds = $1 WHERE id = $2", [interval, id])
            }
            if let tags {
                try connection.execute("UPDATE feeds SET tags = $1 WHERE id = $2", [JSONList.encode(tags), id])
            }
            return try Self.fetchFeed(connection, id: id)
        }
    }

    public func feedHistory(feedID: Int64, limit: Int) throws(StoreError) -> [FeedEvent] {
        try read { connection in
            try connection.execute(
                "SELECT at, event, detail FROM feed_history WHERE feed_id = $1 ORDER BY at DESC, id DESC LIMIT $2", [feedID, limit]
            ).map { row throws(PostgresError) in
                FeedEvent(at: Date(timeIntervalSince1970: try row.decode("at")), event: try row.decode("event"), detail: try row.decode("detail"))
            }
        }
    }
}
