import Control
import Foundation
import Logging
import Posix

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

    /// Appends one entry. A failed write (disk full) is reported and does not stop the daemon:
    /// the article itself is already committed to the database.
    public func append(_ entry: ArticleLogEntry) {
        do {
            try file.append(try ControlCoding.line(entry))
        } catch {
            logger.error("article log write failed", metadata: ["path": "\(file.path)", "error": "\(error)"])
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

    /// The last `limit` entries of the file (read from at most its last MiB), so `tail` has a
    /// backlog right after a restart.
    public func recentEntries(limit: Int) -> [ArticleLogEntry] {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 1 << 20 ? size - (1 << 20) : 0
        try? handle.seek(toOffset: start)
        guard let data = try? handle.readToEnd() else { return [] }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        if start > 0, !lines.isEmpty { lines.removeFirst() }  // probably cut in the middle
        return lines.suffix(limit).compactMap { try? ControlCoding.decode(ArticleLogEntry.self, from: $0) }
    }

    public func sync() {
        file.sync()
    }
}
