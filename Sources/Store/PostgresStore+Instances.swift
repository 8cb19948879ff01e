import Foundation
import Postgres

/// Instance leases and each owner's article-log outbox: every daemon writes and confirms its
/// own lines, and takes over those of a daemon found dead, so each line reaches one log once.
extension PostgresStore {
    public func pendingLogLines(owner: String) throws(StoreError) -> [PendingLogLine] {
        try read { connection in
            try connection.execute("SELECT id, line FROM log_outbox WHERE owner = $1 ORDER BY id", [owner]).map {
                row throws(PostgresError) in PendingLogLine(id: try row.decode("id"), line: try row.decode("line"))
            }
        }
    }

    public func removeLogLines(owner: String, upTo id: Int64) throws(StoreError) {
        try write { connection in _ = try connection.execute("DELETE FROM log_outbox WHERE owner = $1 AND id <= $2", [owner, id]) }
    }

    /// One `UPDATE … RETURNING`: of two daemons taking over the same dead one's lines at once,
    /// the second waits on the row locks and then finds none left.
    public func takeOverLogLines(of previous: String, by owner: String) throws(StoreError) -> [PendingLogLine] {
        try write { connection in
            let lines = try connection.execute(
                "UPDATE log_outbox SET owner = $2 WHERE owner = $1 RETURNING id, line", [previous, owner]
            ).map { row throws(PostgresError) in PendingLogLine(id: try row.decode("id"), line: try row.decode("line")) }
            try connection.execute("DELETE FROM instances WHERE owner = $1", [previous])
            return lines.sorted { $0.id < $1.id }
        }
    }

    public func renewInstance(owner: String, logPath: String?, leaseDuration: TimeInterval, now: Date) throws(StoreError) {
        try write { connection in
            _ = try connection.execute(
                """
                INSERT INTO instances (owner, log_path, started_at, renewed_at, expires_at) VALUES ($1, $2, $3, $3, $4)
                ON CONFLICT (owner) DO UPDATE SET log_path = excluded.log_path, renewed_at = excluded.renewed_at,
                    expires_at = excluded.expires_at
                """,
                [owner, logPath, now.databaseValue, (now + leaseDuration).databaseValue])
        }
    }

    public func removeInstance(owner: String) throws(StoreError) {
        try write { connection in _ = try connection.execute("DELETE FROM instances WHERE owner = $1", [owner]) }
    }

    public func instances() throws(StoreError) -> [InstanceRecord] {
        try read { connection in
            let registered = try connection.execute("SELECT * FROM instances").map { row throws(PostgresError) in
                InstanceRecord(
                    owner: try row.decode("owner"), startedAt: Date(databaseValue: try row.decode("started_at")),
                    renewedAt: Date(databaseValue: try row.decode("renewed_at")),
                    expiresAt: Date(databaseValue: try row.decode("expires_at")), logPath: try row.decode("log_path"))
            }
            func counts(_ sql: String) throws -> [String: Int] {
                Dictionary(
                    try connection.execute(sql).map { row throws(PostgresError) in
                        (try row.decode(0, as: String.self), try row.decode(1, as: Int.self))
                    }, uniquingKeysWith: +)
            }
            return .merging(
                registered: registered,
                feeds: try counts("SELECT poll_lease_owner, COUNT(*) FROM feeds WHERE poll_lease_owner IS NOT NULL GROUP BY 1"),
                jobs: try counts("SELECT lease_owner, COUNT(*) FROM jobs WHERE state = 'leased' AND lease_owner IS NOT NULL GROUP BY 1"),
                lines: try counts("SELECT owner, COUNT(*) FROM log_outbox GROUP BY 1"))
        }
    }
}
