import Foundation
import GRDB

extension SQLiteStore {
    public func article(id: Int64) throws(StoreError) -> ArticleRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM articles WHERE id = ?", arguments: [id]).map { row in
                ArticleRecord(
                    id: row["id"], feedID: row["feed_id"], url: row["url"], canonicalURL: row["canonical_url"],
                    title: row["title"], paragraphs: JSONList.decode(row["paragraphs"]), text: row["text"],
                    byline: row["byline"], published: Date(databaseValue: row["published"]), language: row["language"],
                    imageURL: row["image_url"], siteName: row["site_name"], wordCount: row["word_count"],
                    fetchedAt: Date(timeIntervalSince1970: row["fetched_at"]))
            }
        }
    }

    public func pruneArticles(fetchedBefore cutoff: Date, now: Date) throws(StoreError) -> Int {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO tombstones (article_id, canonical_url, pruned_at)
                    SELECT id, canonical_url, ? FROM articles WHERE fetched_at < ?
                    """,
                arguments: [now.databaseValue, cutoff.databaseValue])
            try db.execute(sql: "DELETE FROM articles WHERE fetched_at < ?", arguments: [cutoff.databaseValue])
            return db.changesCount
        }
    }

    public func statistics() throws(StoreError) -> StoreStatistics {
        try read { db in
            let feeds = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS total, COALESCE(SUM(paused), 0) AS paused,
                        COALESCE(SUM(consecutive_failures > 0), 0) AS failing FROM feeds
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
