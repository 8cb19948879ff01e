import Foundation
import GRDB

extension SQLiteStore {
    /// Takes expired leases first, then queued jobs that are due, each oldest first. The two
    /// are read apart because, asked as one `OR`, SQLite gathered and sorted every due job
    /// before applying the limit: a cost that grew with the queue, paid at every lease.
    public func leaseJobs(owner: String, limit: Int, leaseDuration: TimeInterval, now: Date) throws(StoreError) -> [LeasedJob] {
        try write { db in
            var ids = try Int64.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id FROM jobs WHERE state = 'leased' AND lease_expires_at <= ? ORDER BY not_before, id LIMIT ?"),
                arguments: [now.databaseValue, limit])
            if ids.count < limit {
                ids += try Int64.fetchAll(
                    db.cachedStatement(sql: "SELECT id FROM jobs WHERE state = 'queued' AND not_before <= ? ORDER BY not_before, id LIMIT ?"),
                    arguments: [now.databaseValue, limit - ids.count])
            }
            let lease = try db.cachedStatement(
                sql: "UPDATE jobs SET state = 'leased', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1 WHERE id = ?")
            let read = try db.cachedStatement(
                sql: """
                    SELECT j.id, j.item_id, j.attempts, i.feed_id, i.url, i.title, i.published, f.url AS feed_url, f.tags
                    FROM jobs j JOIN items i ON i.id = j.item_id JOIN feeds f ON f.id = i.feed_id
                    WHERE j.id = ?
                    """)
            let expires = (now + leaseDuration).databaseValue
            return try ids.compactMap { id in
                try lease.execute(arguments: [owner, expires, id])
                return try Row.fetchOne(read, arguments: [id]).map { row in
                    LeasedJob(
                        id: row["id"], itemID: row["item_id"], feedID: row["feed_id"], feedURL: row["feed_url"],
                        feedTags: JSONList.decode(row["tags"]),
                        url: row["url"], itemTitle: row["title"], itemPublished: Date(databaseValue: row["published"]),
                        attempt: row["attempts"])
                }
            }
        }
    }

    /// Whether `owner` still holds the lease on job `id`.
    static func holdsLease(_ db: Database, jobID: Int64, owner: String) throws -> Bool {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM jobs WHERE id = ? AND state = 'leased' AND lease_owner = ?"),
            arguments: [jobID, owner]) != nil
    }

    /// Runs a statement compiled once per connection: a commit runs about ten for every
    /// article, and compiling them each time (GRDB authorises every column) cost more than
    /// running them.
    private static func run(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    private static func storyID(_ db: Database, of articleID: Int64) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT story_id FROM article_fingerprints WHERE article_id = ?"), arguments: [articleID])
            ?? Int64.fetchOne(db.cachedStatement(sql: "SELECT story_id FROM tombstones WHERE article_id = ?"), arguments: [articleID])
    }

    public func commit(
        _ results: [JobResult], deduplicator: some ArticleDeduplicator, logLine: (JobResult, StoredOutcome) -> String?
    ) throws(StoreError) -> (outcomes: [StoredOutcome], lastLogLine: Int64?) {
        try write { db in
            var outcomes: [StoredOutcome] = []
            var lastLogLine: Int64?
            var searchRows = SearchRows()
            for result in results {
                let outcome: StoredOutcome
                switch result {
                case .completed(let completion):
                    outcome = try Self.complete(db, completion, deduplicator: deduplicator, searchRows: &searchRows)
                case .failed(let failure): outcome = try Self.fail(db, failure)
                }
                outcomes.append(outcome)
                if outcome.leaseHeld, let line = logLine(result, outcome) {
                    try Self.run(db, "INSERT INTO log_outbox (line, owner) VALUES (?, ?)", [line, result.leaseOwner])
                    lastLogLine = db.lastInsertedRowID
                }
            }
            try searchRows.write(db)
            return (outcomes, lastLogLine)
        }
    }

    /// The full-text rows of a batch, written after everything else in its transaction. FTS5
    /// writes its pending terms to disk at every statement savepoint once it is part of the
    /// transaction, and most statements of a commit open one: writing the rows as they came
    /// turned each article into a segment of its own, to be merged again later.
    private struct SearchRows {
        private var rows: [(id: Int64, title: String, body: String, replaces: Bool)] = []

        mutating func add(id: Int64, title: String, body: String, replaces: Bool) {
            rows.append((id, title, body, replaces))
        }

        func write(_ db: Database) throws {
            for row in rows {
                if row.replaces { try run(db, "DELETE FROM article_search WHERE rowid = ?", [row.id]) }
                try run(db, "INSERT INTO article_search (rowid, title, body) VALUES (?, ?, ?)", [row.id, row.title, row.body])
            }
        }
    }

    private static func complete(
        _ db: Database, _ completion: JobCompletion, deduplicator: some ArticleDeduplicator, searchRows: inout SearchRows
    ) throws -> StoredOutcome {
        guard try holdsLease(db, jobID: completion.jobID, owner: completion.leaseOwner) else {
            return StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: false)
        }
        let article = completion.article
        let outcome: StoredOutcome
        switch try deduplicator.decide(article, lookup: SQLiteArticleLookup(db: db)) {
        case .new:
            // The id is chosen here, above pruned ones too (SQLite would reuse the id of a pruned
            // last article, which its tombstone still holds), so the row is written once, with
            // its story id, rather than inserted and then rewritten.
            let id = try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT MAX(COALESCE((SELECT MAX(id) FROM articles), 0), COALESCE((SELECT MAX(article_id) FROM tombstones), 0)) + 1")
            ) ?? 1
            try run(
                db,
                """
                INSERT INTO articles (id, story_id, feed_id, url, canonical_url, title, paragraphs, text, byline, published,
                    language, image_url, site_name, word_count, fetched_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    id, id, article.feedID, article.url, article.canonicalURL, article.title, article.paragraphsJSON,
                    article.text, article.byline, article.published?.databaseValue, article.language, article.imageURL,
                    article.siteName, article.wordCount, article.fetchedAt.databaseValue,
                ])
            try run(
                db, "INSERT INTO article_fingerprints (article_id, story_id, exact_hash, fingerprint) VALUES (?, ?, ?, ?)",
                [id, id, article.exactHash, Data(article.fingerprint)])
            searchRows.add(id: id, title: article.searchTitle, body: article.searchBody, replaces: false)
            deduplicator.stored(article, articleID: id)
            outcome = StoredOutcome(status: .new, articleID: id, duplicateOf: nil, leaseHeld: true, storyID: id)
        case .duplicate(let of, let reason, let similarity):
            let story = try storyID(db, of: of) ?? of
            outcome = StoredOutcome(
                status: .duplicate, articleID: of, duplicateOf: story, leaseHeld: true, storyID: story, reason: reason,
                similarity: similarity)
        case .updated(let id):
            try run(
                db,
                """
                UPDATE articles SET url = ?, title = ?, paragraphs = ?, text = ?, byline = ?,
                    published = COALESCE(?, published), language = ?, image_url = ?, site_name = ?, word_count = ?,
                    updated_at = ?
                WHERE id = ?
                """,
                [
                    article.url, article.title, article.paragraphsJSON, article.text, article.byline,
                    article.published?.databaseValue, article.language, article.imageURL, article.siteName, article.wordCount,
                    article.fetchedAt.databaseValue, id,
                ])
            try run(
                db, "UPDATE article_fingerprints SET exact_hash = ?, fingerprint = ? WHERE article_id = ?",
                [article.exactHash, Data(article.fingerprint), id])
            searchRows.add(id: id, title: article.searchTitle, body: article.searchBody, replaces: true)
            deduplicator.stored(article, articleID: id)
            let story = try storyID(db, of: id) ?? id
            outcome = StoredOutcome(status: .updated, articleID: id, duplicateOf: nil, leaseHeld: true, storyID: story, reason: .canonicalURL)
        }
        try run(
            db, "UPDATE items SET status = ?, article_id = ?, duplicate_of = ?, reason = ?, similarity = ? WHERE id = ?",
            [
                outcome.status.rawValue, outcome.status == .duplicate ? nil : outcome.articleID, outcome.duplicateOf,
                outcome.reason?.rawValue, outcome.similarity, article.itemID,
            ])
        try run(
            db,
            """
            UPDATE jobs SET state = 'done', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,
                last_error = NULL WHERE id = ?
            """,
            [completion.finishedAt.databaseValue, completion.jobID])
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

    public func fingerprints() throws(StoreError) -> [(articleID: Int64, fingerprint: [UInt8])] {
        try read { db in try SQLiteArticleLookup(db: db).fingerprints(after: 0) }
    }

    public func leaseOwners() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT lease_owner FROM jobs WHERE state = 'leased' AND lease_owner IS NOT NULL
                    UNION SELECT poll_lease_owner FROM feeds WHERE poll_lease_owner IS NOT NULL
                    """)
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

/// The deduplicator's view of the database, inside a write transaction.
struct SQLiteArticleLookup: ArticleLookup {
    let db: Database

    private static let columns = "article_id, story_id, exact_hash, fingerprint"
    private static let tombstoneColumns = "article_id, COALESCE(story_id, article_id) AS story_id, exact_hash, fingerprint"

    /// The first row `statement` gives for `argument`, read in place: by column position
    /// (both column lists above have one order), the fingerprint copied once from SQLite's
    /// buffer. `Row.fetchOne` with names copied every value into a row and the blob twice; the
    /// deduplicator reads up to 32 of these per new article.
    private static func copy(_ statement: Statement, _ argument: some DatabaseValueConvertible) throws -> StoredCopy? {
        let rows = try Row.fetchCursor(statement, arguments: [argument])
        guard let row = try rows.next() else { return nil }
        return try StoredCopy(
            articleID: row[0], storyID: row[1], exactHash: row[2] ?? 0,
            fingerprint: row.withUnsafeData(atIndex: 3) { data in data.map { [UInt8]($0) } ?? [] })
    }

    func copy(canonicalURL: String) throws -> StoredCopy? {
        try Self.copy(
            db.cachedStatement(
                sql: "SELECT \(Self.columns) FROM article_fingerprints WHERE article_id = (SELECT id FROM articles WHERE canonical_url = ?)"),
            canonicalURL)
            ?? Self.copy(db.cachedStatement(sql: "SELECT \(Self.tombstoneColumns) FROM tombstones WHERE canonical_url = ?"), canonicalURL)
    }

    func copy(exactHash: Int64) throws -> StoredCopy? {
        try Self.copy(
            db.cachedStatement(sql: "SELECT \(Self.columns) FROM article_fingerprints WHERE exact_hash = ? ORDER BY article_id LIMIT 1"),
            exactHash)
            ?? Self.copy(
                db.cachedStatement(sql: "SELECT \(Self.tombstoneColumns) FROM tombstones WHERE exact_hash = ? ORDER BY article_id LIMIT 1"),
                exactHash)
    }

    /// The stored copies of these articles (tombstones for pruned ones), in the order asked;
    /// one cached statement run per id rather than an `IN` list compiled for every call.
    func copies(ids: [Int64]) throws -> [StoredCopy] {
        guard !ids.isEmpty else { return [] }
        let article = try db.cachedStatement(sql: "SELECT \(Self.columns) FROM article_fingerprints WHERE article_id = ?")
        let tombstone = try db.cachedStatement(sql: "SELECT \(Self.tombstoneColumns) FROM tombstones WHERE article_id = ?")
        return try ids.compactMap { id in try Self.copy(article, id) ?? Self.copy(tombstone, id) }
    }

    func fingerprints(after articleID: Int64) throws -> [(articleID: Int64, fingerprint: [UInt8])] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT article_id, fingerprint FROM article_fingerprints WHERE article_id > ?1 AND fingerprint IS NOT NULL
                UNION ALL SELECT article_id, fingerprint FROM tombstones WHERE article_id > ?1 AND fingerprint IS NOT NULL
                ORDER BY 1
                """,
            arguments: [articleID]
        ).map { row in (row[0], [UInt8](row[1] as Data)) }
    }
}
