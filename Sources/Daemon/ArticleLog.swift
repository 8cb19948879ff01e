import Control
import Foundation
import Logging
import Posix
import Store

/// The processed-article log: one JSON line per processed item, appended to a file that
/// logrotate may move away (SIGHUP reopens it).
public final class ArticleLog: Sendable {
    private let file: AppendOnlyFile
    private let logger: Logger

    public var path: String { file.path }

    public init(path: String, logger: Logger) throws(SystemError) {
        self.file = try AppendOnlyFile(path: path)
        self.logger = logger
    }

    /// Appends lines (entries' `json`, as written to the outbox, so each is encoded once) in
    /// one write. A failed write (disk full) is reported and does not stop
    /// the daemon: the articles are committed, and their lines stay in the database's outbox
    /// until the next start writes them.
    /// - Returns: whether the lines were written.
    @discardableResult
    public func append(lines: [String]) -> Bool {
        do {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
            for line in lines {
                bytes += line.utf8
                bytes.append(UInt8(ascii: "\n"))
            }
            try file.append(bytes)
            return true
        } catch {
            logger.error("article log write failed", metadata: ["path": "\(file.path)", "error": "\(error)"])
            return false
        }
    }

    /// Starts writing to a fresh file at the same path (after logrotate moved the old one).
    public func reopen() {
        do {
            try file.reopen()
            logger.info("article log reopened", metadata: ["path": "\(file.path)"])
        } catch {
            logger.error("article log reopen failed", metadata: ["path": "\(file.path)", "error": "\(error)"])
        }
    }

    /// Writes the outbox lines a crash kept from reaching the file: those not already among the
    /// file's last lines (a crash after the write and before the outbox was cleared), nor among
    /// the last lines of `alsoWrittenTo`, the log of the daemon whose lines these were when it
    /// was on this host (it may have written them before it died).
    /// - Returns: how many lines were written.
    public func replay(_ pending: [PendingLogLine], alsoWrittenTo other: String? = nil) throws(SystemError) -> Int {
        guard !pending.isEmpty else { return 0 }
        var written = Set(lastLines(bytes: 4 << 20).compactMap(Self.entry))
        if let other, other != file.path {
            written.formUnion(Self.lastLines(of: other, bytes: 4 << 20).compactMap(Self.entry))
        }
        var missing: [UInt8] = []
        var count = 0
        for line in pending where Self.entry(line.line).map({ !written.contains($0) }) ?? true {
            missing += Array(line.line.utf8) + [UInt8(ascii: "\n")]
            count += 1
        }
        if !missing.isEmpty { try file.append(missing) }
        return count
    }

    private static func entry(_ line: String) -> ArticleLogEntry? {
        try? ControlCoding.decode(ArticleLogEntry.self, from: Array(line.utf8))
    }

    /// The complete lines among the file's last `bytes` bytes.
    private func lastLines(bytes: UInt64) -> [String] {
        Self.lastLines(of: file.path, bytes: bytes)
    }

    private static func lastLines(of path: String, bytes: UInt64) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > bytes ? size - bytes : 0
        try? handle.seek(toOffset: start)
        guard let data = try? handle.readToEnd() else { return [] }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        if start > 0, !lines.isEmpty { lines.removeFirst() }  // probably cut in the middle
        return lines.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The last `limit` entries of the file (read from at most its last MiB), so `tail` has a
    /// backlog right after a restart.
    public func recentEntries(limit: Int) -> [ArticleLogEntry] {
        lastLines(bytes: 1 << 20).suffix(limit).compactMap(Self.entry)
    }

    public func sync() {
        file.sync()
    }
}
