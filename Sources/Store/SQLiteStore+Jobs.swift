import Foundation
import GRDB

extension SQLiteStore {
    public func leaseJobs(owner: String, limit: Int, leaseDuration: TimeInterval, now: Date) throws(StoreError) -> [LeasedJob] {
        try write { db in
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM jobs
                    WHERE (state = 'queued' AND not_before <= ?1) OR (state = 'leased' AND lease_expires_at <= ?1)
                    ORDER BY not_before, id LIMIT ?2
                    """,
                arguments: [now.databaseValue, limit])
            guard !ids.isEmpty else { return [] }
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'leased', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
                    WHERE id IN (\(list))
                    """,
                arguments: [owner, (now + leaseDuration).databaseValue])
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT j.id, j.item_id, j.attempts, i.feed_id, i.url, i.title, i.published, f.url AS feed_url, f.tags
                    FROM jobs j JOIN items i ON i.id = j.item_id JOIN feeds f ON f.id = i.feed_id
                    WHERE j.id IN (\(list)) ORDER BY j.not_before, j.id
                    """
            ).map { row in
                LeasedJob(
                    id: row["id"], itemID: row["item_id"], feedID: row["feed_id"], feedURL: row["feed_url"],
                    feedTags: JSONList.decode(row["tags"]),
                    url: row["url"], itemTitle: row["title"], itemPublished: Date(databaseValue: row["published"]),
                    attempt: row["attempts"])
            }
        }
    }

    /// Whether `owner` still holds the lease on job `id`.
    static func holdsLease(_ db: Database, jobID: Int64, owner: String) throws -> Bool {
        try Row.fetchOne(
            db, sql: "SELECT 1 FROM jobs WHERE id = ? AND state = 'leased' AND lease_owner = ?", arguments: [jobID, owner]) != nil
    }

    public func commit(
        _ results: [JobResult], logLine: (JobResult, StoredOutcome) -> String?
    ) throws(StoreError) -> (outcomes: [StoredOutcome], lastLogLine: Int64?) {
        try write { db in
            var outcomes: [StoredOutcome] = []
            var lastLogLine: Int64?
            for result in results {
                let outcome: StoredOutcome
                switch result {
                case .completed(let completion): outcome = try Self.complete(db, completion)
                case .failed(let failure): outcome = try Self.fail(db, failure)
                }
                outcomes.append(outcome)
                if outcome.leaseHeld, let line = logLine(result, outcome) {
                    try db.execute(sql: "INSERT INTO log_outbox (line) VALUES (?)", arguments: [line])
                    lastLogLine = db.lastInsertedRowID
                }
            }
            return (outcomes, lastLogLine)
        }
    }

    private static func complete(_ db: Database, _ completion: JobCompletion) throws -> StoredOutcome {
        guard try holdsLease(db, jobID: completion.jobID, owner: completion.leaseOwner) else {
            return StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: false)
        }
        let article = completion.article
        let outcome: StoredOutcome
        let existing =
            try Int64.fetchOne(db, sql: "SELECT id FROM articles WHERE canonical_url = ?", arguments: [article.canonicalURL])
            ?? Int64.fetchOne(db, sql: "SELECT article_id FROM tombstones WHERE canonical_url = ?", arguments: [article.canonicalURL])
        if let existing {
            outcome = StoredOutcome(status: .duplicate, articleID: existing, duplicateOf: existing, leaseHeld: true)
        } else {
            try db.execute(
                sql: """
                    INSERT INTO articles (feed_id, url, canonical_url, title, paragraphs, text, byline, published,
                        language, image_url, site_name, word_count, fetched_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    article.feedID, article.url, article.canonicalURL, article.title, JSONList.encode(article.paragraphs),
                    article.text, article.byline, article.published?.databaseValue, article.language, article.imageURL,
                    article.siteName, article.wordCount, article.fetchedAt.databaseValue,
                ])
            outcome = StoredOutcome(status: .new, articleID: db.lastInsertedRowID, duplicateOf: nil, leaseHeld: true)
        }
        try db.execute(
            sql: "UPDATE items SET status = ?, article_id = ?, duplicate_of = ? WHERE id = ?",
            arguments: [
                outcome.status.rawValue, outcome.status == .new ? outcome.articleID : nil, outcome.duplicateOf, article.itemID,
            ])
        try db.execute(
            sql: """
                UPDATE jobs SET state = 'done', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,
                    last_error = NULL WHERE id = ?
                """,
            arguments: [completion.finishedAt.databaseValue, completion.jobID])
        return outcome
    }

    private static func fail(_ db: Database, _ failure: JobFailure) throws -> StoredOutcome {
        guard try holdsLease(db, jobID: failure.jobID, owner: failure.leaseOwner) else {
            return StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: false)
        }
        if let retryAt = failure.retryAt {
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'queued', not_before = ?, last_error = ?, lease_owner = NULL,
                        lease_expires_at = NULL WHERE id = ?
                    """,
                arguments: [retryAt.databaseValue, failure.error, failure.jobID])
        } else {
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'dead', finished_at = ?, last_error = ?, lease_owner = NULL,
                        lease_expires_at = NULL WHERE id = ?
                    """,
                arguments: [failure.failedAt.databaseValue, failure.error, failure.jobID])
            try db.execute(
                sql: "UPDATE items SET status = 'failed' WHERE id = (SELECT item_id FROM jobs WHERE id = ?)",
                arguments: [failure.jobID])
        }
        return StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: true)
    }

    public func pendingLogLines() throws(StoreError) -> [PendingLogLine] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, line FROM log_outbox ORDER BY id").map {
                PendingLogLine(id: $0["id"], line: $0["line"])
            }
        }
    }

    public func removeLogLines(upTo id: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM log_outbox WHERE id <= ?", arguments: [id]) }
    }

    public func leaseOwners() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT lease_owner FROM jobs WHERE state = 'leased' AND lease_owner IS NOT NULL")
        }
    }

    public func releaseLeases(owner: String, refundAttempt: Bool) throws(StoreError) -> Int {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'queued', attempts = MAX(attempts - ?, 0), lease_owner = NULL,
                        lease_expires_at = NULL WHERE state = 'leased' AND lease_owner = ?
                    """,
                arguments: [refundAttempt ? 1 : 0, owner])
            return db.changesCount
        }
    }

    public func nextJobDue() throws(StoreError) -> Date? {
        try read { db in
            let queued = try Double.fetchOne(db, sql: "SELECT MIN(not_before) FROM jobs WHERE state = 'queued'")
            let expiring = try Double.fetchOne(db, sql: "SELECT MIN(lease_expires_at) FROM jobs WHERE state = 'leased'")
            return [queued, expiring].compactMap { $0 }.min().map { Date(timeIntervalSince1970: $0) }
        }
    }
}

extension SQLiteStore {
    public func jobs(state: JobState?, limit: Int) throws(StoreError) -> [JobRecord] {
        try read { db in
            let filter = state == nil ? "" : "WHERE j.state = ?"
            let arguments: StatementArguments = state.map { [$0.rawValue, limit] } ?? [limit]
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT j.id, j.state, j.attempts, j.not_before, j.lease_owner, j.last_error, j.created_at,
                        j.finished_at, i.feed_id, i.url
                    FROM jobs j JOIN items i ON i.id = j.item_id \(filter) ORDER BY j.id DESC LIMIT ?
                    """,
                arguments: arguments
            ).map { row in
                JobRecord(
                    id: row["id"], state: JobState(rawValue: row["state"]) ?? .queued, attempts: row["attempts"],
                    feedID: row["feed_id"], url: row["url"], notBefore: Date(timeIntervalSince1970: row["not_before"]),
                    leaseOwner: row["lease_owner"], lastError: row["last_error"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    finishedAt: Date(databaseValue: row["finished_at"]))
            }
        }
    }

    public func retryDeadJobs(id: Int64?, now: Date) throws(StoreError) -> Int {
        try write { db in
            let filter = id == nil ? "" : "AND id = ?"
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'queued', attempts = 0, not_before = ?, finished_at = NULL
                    WHERE state = 'dead' \(filter)
                    """,
                arguments: id.map { [now.databaseValue, $0] } ?? [now.databaseValue])
            return db.changesCount
        }
    }
}
