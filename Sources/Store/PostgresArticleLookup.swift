import Foundation
import Postgres

/// The deduplicator's view of a PostgreSQL database, inside the transaction that stores the article.
struct PostgresArticleLookup: ArticleLookup {
    let connection: PostgresConnection

    private static let columns = "id AS article_id, COALESCE(story_id, id) AS story_id, exact_hash, fingerprint"
    private static let tombstoneColumns = "article_id, COALESCE(story_id, article_id) AS story_id, exact_hash, fingerprint"

    private static func copy(_ row: PostgresRow) throws(PostgresError) -> StoredCopy {
        StoredCopy(
            articleID: try row.decode("article_id"), storyID: try row.decode("story_id"),
            exactHash: try row.decode("exact_hash", as: Int64?.self) ?? 0,
            fingerprint: try row.decode("fingerprint", as: Data?.self).map { [UInt8]($0) } ?? [])
    }

    /// A stored article with this canonical URL, else a tombstone with it: one round trip.
    func copy(canonicalURL: String) throws -> StoredCopy? {
        try connection.execute(
            """
            SELECT * FROM (
                SELECT 0 AS source, \(Self.columns) FROM articles WHERE canonical_url = $1
                UNION ALL SELECT 1, \(Self.tombstoneColumns) FROM tombstones WHERE canonical_url = $1
            ) found ORDER BY source LIMIT 1
            """,
            [canonicalURL]
        ).first.map(Self.copy)
    }

    /// The oldest stored article with this text, else the oldest tombstone: one round trip.
    func copy(exactHash: Int64) throws -> StoredCopy? {
        try connection.execute(
            """
            SELECT * FROM (
                (SELECT 0 AS source, \(Self.columns) FROM articles WHERE exact_hash = $1 ORDER BY id LIMIT 1)
                UNION ALL
                (SELECT 1, \(Self.tombstoneColumns) FROM tombstones WHERE exact_hash = $1 ORDER BY article_id LIMIT 1)
            ) found ORDER BY source LIMIT 1
            """,
            [exactHash]
        ).first.map(Self.copy)
    }

    func copies(ids: [Int64]) throws -> [StoredCopy] {
        guard !ids.isEmpty else { return [] }
        var found: [Int64: StoredCopy] = [:]
        for copy in try connection.execute("SELECT \(Self.columns) FROM articles WHERE id = ANY($1::bigint[])", [ids.postgresArray])
            .map(Self.copy)
        {
            found[copy.articleID] = copy
        }
        if found.count < ids.count {
            for copy in try connection.execute(
                "SELECT \(Self.tombstoneColumns) FROM tombstones WHERE article_id = ANY($1::bigint[])", [ids.postgresArray]
            ).map(Self.copy) {
                found[copy.articleID] = found[copy.articleID] ?? copy
            }
        }
        return ids.compactMap { found[$0] }
    }

    func fingerprints(after articleID: Int64) throws -> [(articleID: Int64, fingerprint: [UInt8])] {
        try connection.execute(
            """
            SELECT id, fingerprint FROM articles WHERE id > $1 AND fingerprint IS NOT NULL
            UNION ALL SELECT article_id, fingerprint FROM tombstones WHERE article_id > $1 AND fingerprint IS NOT NULL
            ORDER BY 1
            """,
            [articleID]
        ).map { row throws(PostgresError) in (try row.decode(0, as: Int64.self), [UInt8](try row.decode(1, as: Data.self))) }
    }
}
