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
                    SELECT j.id, j.item_id, j.attempts, i.feed_id, i.url, i.title, i.published, f.url AS feed_url
                    FROM jobs j JOIN items i ON i.id = j.item_id JOIN feeds f ON f.id = i.feed_id
                    WHERE j.id IN (\(list)) ORDER BY j.not_before, j.id
                    """
            ).map { row in
                LeasedJob(
                    id: row["id"], itemID: row["item_id"], feedID: row["feed_id"], feedURL: row["feed_url"],
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

    public func completeJob(_ completion: JobCompletion) throws(StoreError) -> StoredOutcome {
        try write { db in
            guard try Self.holdsLease(db, jobID: completion.jobID, owner: completion.leaseOwner) else {
                return StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: false)
            }
            let article = completion.article
            let outcome: StoredOutcome
            if let existing = try Int64.fetchOne(
                db, sql: "SELECT id FROM articles WHERE canonical_url = ?", arguments: [article.canonicalURL])
            {
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
                arguments: [outcome.status.rawValue, outcome.articleID, outcome.duplicateOf, article.itemID])
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'done', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,
                        last_error = NULL WHERE id = ?
                    """,
                arguments: [completion.finishedAt.databaseValue, completion.jobID])
            return outcome
        }
    }

    public func failJob(_ failure: JobFailure) throws(StoreError) -> Bool {
        try write { db in
            guard try Self.holdsLease(db, jobID: failure.jobID, owner: failure.leaseOwner) else { return false }
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
            return true
        }
    }

    public func releaseLeases(owner: String) throws(StoreError) -> Int {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'queued', attempts = MAX(attempts - 1, 0), lease_owner = NULL,
                        lease_expires_at = NULL WHERE state = 'leased' AND lease_owner = ?
                    """,
                arguments: [owner])
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
