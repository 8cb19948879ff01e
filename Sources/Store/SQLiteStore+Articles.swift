import Foundation
import GRDB

extension SQLiteStore {
    public func article(id: Int64) throws(StoreError) -> ArticleRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM articles WHERE id = ?", arguments: [id]).map { row in
                ArticleRecord(
                    id: row["id"], storyID: row["story_id"] ?? row["id"], updatedAt: Date(databaseValue: row["updated_at"]),
                    feedID: row["feed_id"], url: row["url"], canonicalURL: row["canonical_url"],
                    title: row["title"], paragraphs: JSONList.decode(row["paragraphs"]), text: row["text"],
                    byline: row["byline"], published: Date(databaseValue: row["published"]), language: row["language"],
                    imageURL: row["image_url"], siteName: row["site_name"], wordCount: row["word_count"],
                    fetchedAt: Date(timeIntervalSince1970: row["fetched_at"]))
            }
        }
    }

    public func search(words: [String], language: String?, limit: Int) throws(StoreError) -> [SearchHit] {
        // Each word a quoted FTS5 string (inner quotes doubled): all must occur, nothing is syntax.
        let query = words.filter { !$0.isEmpty }.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " ")
        guard !query.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.title, a.language, a.published,
                        snippet(article_search, 1, '[', ']', '…', 16) AS snippet
                    FROM article_search s JOIN articles a ON a.id = s.rowid
                    WHERE article_search MATCH ?1 AND (?2 IS NULL OR a.language = ?2)
                    ORDER BY bm25(article_search, 5.0, 1.0) LIMIT ?3
                    """,
                arguments: [query, language, limit]
            ).map { row in
                SearchHit(
                    articleID: row["id"], title: row["title"], language: row["language"],
                    published: Date(databaseValue: row["published"]), snippet: row["snippet"] ?? "")
            }
        }
    }

    public func storyCopies(storyID: Int64) throws(StoreError) -> [StoryCopy] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT feed_id, url, status, reason, similarity, first_seen_at FROM items
                    WHERE duplicate_of = ?1 OR article_id IN (SELECT article_id FROM article_fingerprints WHERE story_id = ?1)
                    ORDER BY first_seen_at, id
                    """,
                arguments: [storyID]
            ).map { row in
                StoryCopy(
                    feedID: row["feed_id"], url: row["url"], status: row["status"], reason: row["reason"],
                    similarity: row["similarity"], seenAt: Date(timeIntervalSince1970: row["first_seen_at"]))
            }
        }
    }

    public func articles(matching filter: ArticleFilter) throws(StoreError) -> [ArticleListing] {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let feedID = filter.feedID {
                conditions.append("i.feed_id = ?")
                _ = arguments.append(contentsOf: [feedID])
            }
            if let language = filter.language {
                conditions.append("a.language = ?")
                _ = arguments.append(contentsOf: [language])
            }
            if let status = filter.status {
                conditions.append("i.status = ?")
                _ = arguments.append(contentsOf: [status])
            }
            if let since = filter.since {
                conditions.append("i.first_seen_at >= ?")
                _ = arguments.append(contentsOf: [since.databaseValue])
            }
            _ = arguments.append(contentsOf: [filter.limit])
            let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT i.id, i.status, COALESCE(i.article_id, i.duplicate_of) AS article_id, i.feed_id, i.url,
                        COALESCE(a.title, i.title) AS title, a.language, COALESCE(a.published, i.published) AS published,
                        i.first_seen_at
                    FROM items i LEFT JOIN articles a ON a.id = COALESCE(i.article_id, i.duplicate_of)
                    \(clause) ORDER BY i.first_seen_at DESC, i.id DESC LIMIT ?
                    """,
                arguments: arguments
            ).map { row in
                ArticleListing(
                    itemID: row["id"], status: row["status"], articleID: row["article_id"], feedID: row["feed_id"], url: row["url"],
                    title: row["title"], language: row["language"], published: Date(databaseValue: row["published"]),
                    seenAt: Date(timeIntervalSince1970: row["first_seen_at"]))
            }
        }
    }

    public func pruneArticles(fetchedBefore cutoff: Date, now: Date) throws(StoreError) -> Int {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO tombstones (article_id, canonical_url, story_id, exact_hash, fingerprint, pruned_at)
                    SELECT a.id, a.canonical_url, f.story_id, f.exact_hash, f.fingerprint, ?
                    FROM articles a LEFT JOIN article_fingerprints f ON f.article_id = a.id WHERE a.fetched_at < ?
                    """,
                arguments: [now.databaseValue, cutoff.databaseValue])
            try db.execute(sql: "DELETE FROM articles WHERE fetched_at < ?", arguments: [cutoff.databaseValue])
            return db.changesCount
        }
    }

    public func pruneFinishedJobs(finishedBefore cutoff: Date) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM jobs WHERE state = 'done' AND finished_at < ?", arguments: [cutoff.databaseValue])
            return db.changesCount
        }
    }

    public func statistics() throws(StoreError) -> StoreStatistics {
        try read { db in
            let feeds = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS total, COALESCE(SUM(paused), 0) AS paused,
                        COALESCE(SUM(consecutive_failures > 0 AND paused = 0), 0) AS failing FROM feeds
                    """)!
            var jobs: [JobState: Int] = [:]
            for state in JobState.allCases { jobs[state] = 0 }
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { jobs[state] = row["n"] }
            }
            return StoreStatistics(
                feeds: feeds["total"], pausedFeeds: feeds["paused"], failingFeeds: feeds["failing"],
                articles: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM articles") ?? 0,
                items: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items") ?? 0,
                jobs: jobs)
        }
    }
}
