import Foundation
import Postgres

extension PostgresStore {
    public func article(id: Int64) throws(StoreError) -> ArticleRecord? {
        try read { connection in
            try connection.execute("SELECT * FROM articles WHERE id = $1", [id]).first.map { row throws(PostgresError) in
                let articleID: Int64 = try row.decode("id")
                return ArticleRecord(
                    id: articleID, storyID: try row.decode("story_id", as: Int64?.self) ?? articleID,
                    updatedAt: Date(databaseValue: try row.decode("updated_at")),
                    feedID: try row.decode("feed_id"), url: try row.decode("url"), canonicalURL: try row.decode("canonical_url"),
                    title: try row.decode("title"), paragraphs: JSONList.decode(try row.decode("paragraphs")), text: try row.decode("text"),
                    byline: try row.decode("byline"), published: Date(databaseValue: try row.decode("published")),
                    language: try row.decode("language"), imageURL: try row.decode("image_url"), siteName: try row.decode("site_name"),
                    wordCount: try row.decode("word_count"), fetchedAt: Date(timeIntervalSince1970: try row.decode("fetched_at")))
            }
        }
    }

    /// Each word becomes a phrase query of the 'simple' configuration (a word the parser splits,
    /// such as `covid-19`, must occur as written); all must match. Ranked by `ts_rank` with the
    /// title five times the body, as SQLite ranks by BM25 with the same weights: the order of
    /// hits with similar scores can differ between the two. The snippet is the best fragment of
    /// the body in matching form, up to 16 words, with the words found between brackets.
    public func search(words: [String], language: String?, limit: Int) throws(StoreError) -> [SearchHit] {
        let words = words.filter { !$0.isEmpty }
        guard !words.isEmpty else { return [] }
        let query = words.indices.map { "phraseto_tsquery('simple', $\($0 + 3))" }.joined(separator: " && ")
        let parameters: [(any PostgresEncodable)?] = [language, limit] + words.map { $0 }
        return try read { connection in
            try connection.execute(
                """
                WITH query AS (SELECT \(query) AS q),
                hits AS (
                    SELECT s.article_id, s.body, ts_rank('{0.2, 0.2, 0.2, 1.0}', s.document, query.q) AS rank
                    FROM article_search s CROSS JOIN query JOIN articles a ON a.id = s.article_id
                    WHERE s.document @@ query.q AND ($1::text IS NULL OR a.language = $1)
                    ORDER BY rank DESC, s.article_id LIMIT $2
                )
                SELECT a.id, a.title, a.language, a.published,
                    ts_headline('simple', hits.body, query.q,
                        'StartSel=[, StopSel=], MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1, FragmentDelimiter=…') AS snippet
                FROM hits CROSS JOIN query JOIN articles a ON a.id = hits.article_id
                ORDER BY hits.rank DESC, hits.article_id
                """,
                parameters
            ).map { row throws(PostgresError) in
                SearchHit(
                    articleID: try row.decode("id"), title: try row.decode("title"), language: try row.decode("language"),
                    published: Date(databaseValue: try row.decode("published")), snippet: try row.decode("snippet", as: String?.self) ?? "")
            }
        }
    }

    public func storyCopies(storyID: Int64) throws(StoreError) -> [StoryCopy] {
        try read { connection in
            try connection.execute(
                """
                SELECT feed_id, url, status, reason, similarity, first_seen_at FROM items
                WHERE duplicate_of = $1 OR article_id IN (SELECT id FROM articles WHERE story_id = $1)
                ORDER BY first_seen_at, id
                """,
                [storyID]
            ).map { row throws(PostgresError) in
                StoryCopy(
                    feedID: try row.decode("feed_id"), url: try row.decode("url"), status: try row.decode("status"),
                    reason: try row.decode("reason"), similarity: try row.decode("similarity"),
                    seenAt: Date(timeIntervalSince1970: try row.decode("first_seen_at")))
            }
        }
    }

    public func articles(matching filter: ArticleFilter) throws(StoreError) -> [ArticleListing] {
        var conditions: [String] = []
        var parameters: [(any PostgresEncodable)?] = []
        func condition(_ sql: String, _ value: any PostgresEncodable) {
            parameters.append(value)
            conditions.append(sql.replacingOccurrences(of: "?", with: "$\(parameters.count)"))
        }
        if let feedID = filter.feedID { condition("i.feed_id = ?", feedID) }
        if let language = filter.language { condition("a.language = ?", language) }
        if let status = filter.status { condition("i.status = ?", status) }
        if let since = filter.since { condition("i.first_seen_at >= ?", since.databaseValue) }
        parameters.append(filter.limit)
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { connection in
            try connection.execute(
                """
                SELECT i.id, i.status, COALESCE(i.article_id, i.duplicate_of) AS article_id, i.feed_id, i.url,
                    COALESCE(a.title, i.title) AS title, a.language, COALESCE(a.published, i.published) AS published,
                    i.first_seen_at
                FROM items i LEFT JOIN articles a ON a.id = COALESCE(i.article_id, i.duplicate_of)
                \(clause) ORDER BY i.first_seen_at DESC, i.id DESC LIMIT $\(parameters.count)
                """,
                parameters
            ).map { row throws(PostgresError) in
                ArticleListing(
                    itemID: try row.decode("id"), status: try row.decode("status"), articleID: try row.decode("article_id"),
                    feedID: try row.decode("feed_id"), url: try row.decode("url"), title: try row.decode("title"),
                    language: try row.decode("language"), published: Date(databaseValue: try row.decode("published")),
                    seenAt: Date(timeIntervalSince1970: try row.decode("first_seen_at")))
            }
        }
    }

    public func pruneArticles(fetchedBefore cutoff: Date, now: Date) throws(StoreError) -> Int {
        try write { connection in
            try connection.execute(
                """
                INSERT INTO tombstones (article_id, canonical_url, story_id, exact_hash, fingerprint, pruned_at)
                SELECT id, canonical_url, story_id, exact_hash, fingerprint, $1 FROM articles WHERE fetched_at < $2
                ON CONFLICT DO NOTHING
                """,
                [now.databaseValue, cutoff.databaseValue])
            return try connection.execute("DELETE FROM articles WHERE fetched_at < $1", [cutoff.databaseValue]).affectedRows
        }
    }

    public func pruneFinishedJobs(finishedBefore cutoff: Date) throws(StoreError) -> Int {
        try write { connection in
            try connection.execute(
                "DELETE FROM jobs WHERE state = 'done' AND finished_at < $1", [cutoff.databaseValue]
            ).affectedRows
        }
    }

    public func statistics() throws(StoreError) -> StoreStatistics {
        try read { connection in
            let feeds = try connection.execute(
                """
                SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE paused) AS paused,
                    COUNT(*) FILTER (WHERE consecutive_failures > 0 AND NOT paused) AS failing,
                    (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM items) AS items
                FROM feeds
                """)[0]
            var jobs: [JobState: Int] = [:]
            for state in JobState.allCases { jobs[state] = 0 }
            for row in try connection.execute("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                if let state = JobState(rawValue: try row.decode("state")) { jobs[state] = try row.decode("n") }
            }
            return StoreStatistics(
                feeds: try feeds.decode("total"), pausedFeeds: try feeds.decode("paused"), failingFeeds: try feeds.decode("failing"),
                articles: try feeds.decode("articles"), items: try feeds.decode("items"), jobs: jobs)
        }
    }
}
