import Foundation
import Postgres

extension PostgresStore {
    /// Leases with `FOR UPDATE SKIP LOCKED`: instances leasing at the same moment each take
    /// different jobs, none waits for another. Expired leases go first, then due queued jobs,
    /// each oldest first, asked apart so that each is one index range rather than an `OR` whose
    /// every due job is gathered and sorted before the limit.
    public func leaseJobs(owner: String, limit: Int, leaseDuration: TimeInterval, now: Date) throws(StoreError) -> [LeasedJob] {
        try write { connection in
            var leased: [Int64] = []
            let runnable = ["state = 'leased' AND lease_expires_at <= $1", "state = 'queued' AND not_before <= $1"]
            for condition in runnable where leased.count < limit {
                leased += try connection.execute(
                    """
                    UPDATE jobs SET state = 'leased', lease_owner = $3, lease_expires_at = $4, attempts = attempts + 1
                    WHERE id IN (
                        SELECT id FROM jobs WHERE \(condition)
                        ORDER BY not_before, id LIMIT $2 FOR UPDATE SKIP LOCKED
                    ) RETURNING id
                    """,
                    [now.databaseValue, limit - leased.count, owner, (now + leaseDuration).databaseValue]
                ).map { row throws(PostgresError) in try row.decode("id", as: Int64.self) }
            }
            guard !leased.isEmpty else { return [] }
            return try connection.execute(
                """
                SELECT j.id, j.item_id, j.attempts, i.feed_id, i.url, i.title, i.published, f.url AS feed_url, f.tags
                FROM jobs j JOIN items i ON i.id = j.item_id JOIN feeds f ON f.id = i.feed_id
                WHERE j.id = ANY($1::bigint[]) ORDER BY j.not_before, j.id
                """,
                [leased.postgresArray]
            ).map { row throws(PostgresError) in
                LeasedJob(
                    id: try row.decode("id"), itemID: try row.decode("item_id"), feedID: try row.decode("feed_id"),
                    feedURL: try row.decode("feed_url"), feedTags: JSONList.decode(try row.decode("tags")),
                    url: try row.decode("url"), itemTitle: try row.decode("title"),
                    itemPublished: Date(databaseValue: try row.decode("published")), attempt: try row.decode("attempts"))
            }
        }
    }

    /// Whether `owner` still holds the lease on job `id`; locks the job until the transaction ends,
    /// so no one takes it over while its result is being written.
    static func holdsLease(_ connection: PostgresConnection, jobID: Int64, owner: String) throws -> Bool {
        try connection.execute(
            "SELECT 1 FROM jobs WHERE id = $1 AND state = 'leased' AND lease_owner = $2 FOR UPDATE", [jobID, owner]
        ).count > 0
    }

    /// An arbitrary constant: the advisory lock held while deciding and storing articles.
    private static let deduplicationLock: Int64 = 0x6e65_7773_645f_6464  // "newsd_dd"

    /// Deciding whether an article is new reads what other instances stored; the decision is
    /// serialised across instances by an advisory lock held to the end of the transaction, as
    /// SQLite's single writer serialises it, so two copies of one story committed at the same
    /// moment are stored as one new and one duplicate. Under the lock, the deduplicator first
    /// catches up with the articles other instances stored since it last looked (`catchUp`),
    /// so its near-duplicate index is the cluster's, not only this instance's. Runs of the
    /// transaction that still lose a race (a unique violation) are run again, deciding afresh.
    /// Each log line belongs to its job's lease owner, who alone confirms it (`removeLogLines`).
    public func commit(
        _ results: [JobResult], deduplicator: some ArticleDeduplicator, logLine: (JobResult, StoredOutcome) -> String?
    ) throws(StoreError) -> (outcomes: [StoredOutcome], lastLogLine: Int64?) {
        try write { connection in
            if results.contains(where: { if case .completed = $0 { true } else { false } }) {
                try connection.execute("SELECT pg_advisory_xact_lock($1)", [Self.deduplicationLock])
                try deduplicator.catchUp(lookup: PostgresArticleLookup(connection: connection))
            }
            var outcomes: [StoredOutcome] = []
            var lastLogLine: Int64?
            for result in results {
                let outcome: StoredOutcome
                switch result {
                case .completed(let completion): outcome = try Self.complete(connection, completion, deduplicator: deduplicator)
                case .failed(let failure): outcome = try Self.fail(connection, failure)
                }
                outcomes.append(outcome)
                if outcome.leaseHeld, let line = logLine(result, outcome) {
                    lastLogLine = try connection.execute(
                        "INSERT INTO log_outbox (line, owner) VALUES ($1, $2) RETURNING id", [line, result.leaseOwner])[0].decode("id")
                }
            }
            return (outcomes, lastLogLine)
        }
    }

    private static func complete(
        _ connection: PostgresConnection, _ completion: JobCompletion, deduplicator: some ArticleDeduplicator
    ) throws -> StoredOutcome {
        guard try holdsLease(connection, jobID: completion.jobID, owner: completion.leaseOwner) else {
            return StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: false)
        }
        let article = completion.article
        let outcome: StoredOutcome
        switch try deduplicator.decide(article, lookup: PostgresArticleLookup(connection: connection)) {
        case .new:
            // One round trip: the id drawn first (under the decision lock, so ids grow in
            // commit order), the article with its own id as story, and its search row.
            let id: Int64 = try connection.execute(
                """
                WITH drawn AS (SELECT nextval(pg_get_serial_sequence('articles', 'id')) AS id),
                stored AS (
                    INSERT INTO articles (id, story_id, feed_id, url, canonical_url, title, paragraphs, text, byline,
                        published, language, image_url, site_name, word_count, fetched_at, exact_hash, fingerprint)
                    SELECT drawn.id, drawn.id, $1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text,
                        $8::double precision, $9::text, $10::text, $11::text, $12::integer, $13::double precision,
                        $14::bigint, $15::bytea
                    FROM drawn RETURNING id
                ),
                searchable AS (INSERT INTO article_search (article_id, title, body) SELECT id, $16::text, $17::text FROM stored)
                SELECT id FROM stored
                """,
                [
                    article.feedID, article.url, article.canonicalURL, article.title, article.paragraphsJSON,
                    article.text, article.byline, article.published?.databaseValue, article.language, article.imageURL,
                    article.siteName, article.wordCount, article.fetchedAt.databaseValue, article.exactHash,
                    Data(article.fingerprint), article.searchTitle, article.searchBody,
                ]
            )[0].decode("id")
            deduplicator.stored(article, articleID: id)
            outcome = StoredOutcome(status: .new, articleID: id, duplicateOf: nil, leaseHeld: true, storyID: id)
        case .duplicate(let of, let reason, let similarity):
            let story =
                try connection.execute("SELECT story_id FROM articles WHERE id = $1", [of]).first?.decode("story_id", as: Int64?.self)
                ?? connection.execute("SELECT story_id FROM tombstones WHERE article_id = $1", [of]).first?.decode("story_id", as: Int64?.self)
                ?? of
            outcome = StoredOutcome(
                status: .duplicate, articleID: of, duplicateOf: story, leaseHeld: true, storyID: story, reason: reason,
                similarity: similarity)
        case .updated(let id):
            try connection.execute(
                """
                UPDATE articles SET url = $1, title = $2, paragraphs = $3, text = $4, byline = $5,
                    published = COALESCE($6, published), language = $7, image_url = $8, site_name = $9, word_count = $10,
                    exact_hash = $11, fingerprint = $12, updated_at = $13
                WHERE id = $14
                """,
                [
                    article.url, article.title, article.paragraphsJSON, article.text, article.byline,
                    article.published?.databaseValue, article.language, article.imageURL, article.siteName, article.wordCount,
                    article.exactHash, Data(article.fingerprint), article.fetchedAt.databaseValue, id,
                ])
            try connection.execute(
                """
                INSERT INTO article_search (article_id, title, body) VALUES ($1, $2, $3)
                ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body
                """,
                [id, article.searchTitle, article.searchBody])
            deduplicator.stored(article, articleID: id)
            let story = try connection.execute("SELECT story_id FROM articles WHERE id = $1", [id]).first?.decode("story_id", as: Int64?.self) ?? id
            outcome = StoredOutcome(status: .updated, articleID: id, duplicateOf: nil, leaseHeld: true, storyID: story, reason: .canonicalURL)
        }
        // The item's outcome and the job's acknowledgement, in one round trip.
        try connection.execute(
            """
            WITH item AS (
                UPDATE items SET status = $1, article_id = $2, duplicate_of = $3, reason = $4, similarity = $5 WHERE id = $6
            )
            UPDATE jobs SET state = 'done', finished_at = $7, lease_owner = NULL, lease_expires_at = NULL,
                last_error = NULL WHERE id = $8
            """,
            [
                outcome.status.rawValue, outcome.status == .duplicate ? nil : outcome.articleID, outcome.duplicateOf,
                outcome.reason?.rawValue, outcome.similarity, article.itemID, completion.finishedAt.databaseValue, completion.jobID,
            ])
        return outcome
    }

    private static func fail(_ connection: PostgresConnection, _ failure: JobFailure) throws -> StoredOutcome {
        guard try holdsLease(connection, jobID: failure.jobID, owner: failure.leaseOwner) else {
            return StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: false)
        }
        if let retryAt = failure.retryAt {
            try connection.execute(
                """
                UPDATE jobs SET state = 'queued', not_before = $1, last_error = $2, lease_owner = NULL,
                    lease_expires_at = NULL WHERE id = $3
                """,
                [retryAt.databaseValue, failure.error, failure.jobID])
        } else {
            try connection.execute(
                """
                UPDATE jobs SET state = 'dead', finished_at = $1, last_error = $2, lease_owner = NULL,
                    lease_expires_at = NULL WHERE id = $3
                """,
                [failure.failedAt.databaseValue, failure.error, failure.jobID])
            try connection.execute(
                "UPDATE items SET status = 'failed' WHERE id = (SELECT item_id FROM jobs WHERE id = $1)", [failure.jobID])
        }
        return StoredOutcome(status: .failed, articleID: nil, duplicateOf: nil, leaseHeld: true)
    }

    public func fingerprints() throws(StoreError) -> [(articleID: Int64, fingerprint: [UInt8])] {
        try read { connection in try PostgresArticleLookup(connection: connection).fingerprints(after: 0) }
    }

    public func leaseOwners() throws(StoreError) -> [String] {
        try read { connection in
            try connection.execute(
                """
                SELECT lease_owner FROM jobs WHERE state = 'leased' AND lease_owner IS NOT NULL
                UNION SELECT poll_lease_owner FROM feeds WHERE poll_lease_owner IS NOT NULL
                """
            ).map { row throws(PostgresError) in try row.decode("lease_owner", as: String.self) }
        }
    }

    public func releaseLeases(owner: String, refundAttempt: Bool) throws(StoreError) -> Int {
        try write { connection in
            try connection.execute(
                """
                UPDATE jobs SET state = 'queued', attempts = GREATEST(attempts - $1, 0), lease_owner = NULL,
                    lease_expires_at = NULL WHERE state = 'leased' AND lease_owner = $2
                """,
                [refundAttempt ? 1 : 0, owner]
            ).affectedRows
        }
    }

    public func nextJobDue() throws(StoreError) -> Date? {
        try read { connection in
            let row = try connection.execute(
                """
                SELECT LEAST(
                    (SELECT MIN(not_before) FROM jobs WHERE state = 'queued'),
                    (SELECT MIN(lease_expires_at) FROM jobs WHERE state = 'leased')) AS due
                """)[0]
            return Date(databaseValue: try row.decode("due"))
        }
    }

    public func jobs(state: JobState?, limit: Int) throws(StoreError) -> [JobRecord] {
        try read { connection in
            try connection.execute(
                """
                SELECT j.id, j.state, j.attempts, j.not_before, j.lease_owner, j.last_error, j.created_at,
                    j.finished_at, i.feed_id, i.url
                FROM jobs j JOIN items i ON i.id = j.item_id WHERE ($1::text IS NULL OR j.state = $1) ORDER BY j.id DESC LIMIT $2
                """,
                [state?.rawValue, limit]
            ).map { row throws(PostgresError) in
                JobRecord(
                    id: try row.decode("id"), state: JobState(rawValue: try row.decode("state")) ?? .queued,
                    attempts: try row.decode("attempts"), feedID: try row.decode("feed_id"), url: try row.decode("url"),
                    notBefore: Date(timeIntervalSince1970: try row.decode("not_before")), leaseOwner: try row.decode("lease_owner"),
                    lastError: try row.decode("last_error"), createdAt: Date(timeIntervalSince1970: try row.decode("created_at")),
                    finishedAt: Date(databaseValue: try row.decode("finished_at")))
            }
        }
    }

    public func retryDeadJobs(id: Int64?, now: Date) throws(StoreError) -> Int {
        try write { connection in
            try connection.execute(
                """
                UPDATE jobs SET state = 'queued', attempts = 0, not_before = $1, finished_at = NULL
                WHERE state = 'dead' AND ($2::bigint IS NULL OR id = $2)
                """,
                [now.databaseValue, id]
            ).affectedRows
        }
    }
}
