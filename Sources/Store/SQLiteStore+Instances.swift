import Foundation
import GRDB

/// Instance leases and each owner's article-log outbox. With SQLite one daemon owns the file,
/// so there is one instance; the same rules as on PostgreSQL keep a crashed run's lines.
extension SQLiteStore {
    public func pendingLogLines(owner: String) throws(StoreError) -> [PendingLogLine] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, line FROM log_outbox WHERE owner = ? ORDER BY id", arguments: [owner]).map {
                PendingLogLine(id: $0["id"], line: $0["line"])
            }
        }
    }

    public func removeLogLines(owner: String, upTo id: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM log_outbox WHERE owner = ? AND id <= ?", arguments: [owner, id]) }
    }

    public func takeOverLogLines(of previous: String, by owner: String) throws(StoreError) -> [PendingLogLine] {
        try write { db in
            let lines = try Row.fetchAll(db, sql: "SELECT id, line FROM log_outbox WHERE owner = ? ORDER BY id", arguments: [previous])
                .map { PendingLogLine(id: $0["id"], line: $0["line"]) }
            try db.execute(sql: "UPDATE log_outbox SET owner = ? WHERE owner = ?", arguments: [owner, previous])
            try db.execute(sql: "DELETE FROM instances WHERE owner = ?", arguments: [previous])
            return lines
        }
    }

    public func renewInstance(owner: String, logPath: String?, leaseDuration: TimeInterval, now: Date) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO instances (owner, log_path, started_at, renewed_at, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)
                    ON CONFLICT (owner) DO UPDATE SET log_path = excluded.log_path, renewed_at = excluded.renewed_at,
                        expires_at = excluded.expires_at
                    """,
                arguments: [owner, logPath, now.databaseValue, (now + leaseDuration).databaseValue])
        }
    }

    public func removeInstance(owner: String) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM instances WHERE owner = ?", arguments: [owner]) }
    }

    public func instances() throws(StoreError) -> [InstanceRecord] {
        try read { db in
            let registered = try Row.fetchAll(db, sql: "SELECT * FROM instances").map { row in
                InstanceRecord(
                    owner: row["owner"], startedAt: Date(databaseValue: row["started_at"]),
                    renewedAt: Date(databaseValue: row["renewed_at"]), expiresAt: Date(databaseValue: row["expires_at"]),
                    logPath: row["log_path"])
            }
            func counts(_ sql: String) throws -> [String: Int] {
                Dictionary(try Row.fetchAll(db, sql: sql).map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: +)
            }
            return .merging(
                registered: registered,
                feeds: try counts("SELECT poll_lease_owner, COUNT(*) FROM feeds WHERE poll_lease_owner IS NOT NULL GROUP BY 1"),
                jobs: try counts("SELECT lease_owner, COUNT(*) FROM jobs WHERE state = 'leased' AND lease_owner IS NOT NULL GROUP BY 1"),
                lines: try counts("SELECT owner, COUNT(*) FROM log_outbox GROUP BY 1"))
        }
    }
}
