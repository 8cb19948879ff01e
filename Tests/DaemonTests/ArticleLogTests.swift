import Control
@testable import Daemon
import Foundation
import Logging
import Store
import Testing

@Suite struct ArticleLogTests {
    func entry(_ n: Int) -> ArticleLogEntry {
        ArticleLogEntry(
            ts: "2026-11-29T09:00:0\(n)Z", status: .new, articleID: Int64(n), feedID: 1, feedURL: "https://e.example/rss",
            url: "https://e.example/\(n)", canonicalURL: "https://e.example/\(n)", title: "خبر \(n)", lang: "ar", words: 10,
            duplicateOf: nil, ms: 3)
    }

    func temporaryPath() -> String {
        NSTemporaryDirectory() + "newsd-log-\(UUID().uuidString)/articles.jsonl"
    }

    @Test func replayWritesOnlyTheOutboxLinesMissingFromTheFile() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let log = try ArticleLog(path: path, logger: Logger(label: "test"))
        #expect(log.append(lines: try [entry(1), entry(2)].map(ControlCoding.text)))
        // A crash after line 2 was written and before the outbox was cleared; line 3 never made it.
        let pending = try [2, 3].map { PendingLogLine(id: Int64($0), line: try ControlCoding.text(entry($0))) }
        #expect(try log.replay(pending) == 1)
        #expect(log.recentEntries(limit: 10) == [entry(1), entry(2), entry(3)])
        #expect(try log.replay(pending) == 0)
    }

    @Test func replayLeavesOutLinesTheDeadDaemonWroteToItsOwnLog() throws {
        let path = temporaryPath()
        let theirs = temporaryPath()
        defer {
            for file in [path, theirs] { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        }
        let log = try ArticleLog(path: path, logger: Logger(label: "test"))
        let dead = try ArticleLog(path: theirs, logger: Logger(label: "test"))
        // The dead daemon wrote line 4 and died before confirming it; 5 never reached its file.
        #expect(dead.append(lines: try [entry(4)].map(ControlCoding.text)))
        let pending = try [4, 5].map { PendingLogLine(id: Int64($0), line: try ControlCoding.text(entry($0))) }
        #expect(try log.replay(pending, alsoWrittenTo: theirs) == 1)
        #expect(log.recentEntries(limit: 10) == [entry(5)])
    }

    @Test func reopenStartsAFreshFileAfterRotation() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let log = try ArticleLog(path: path, logger: Logger(label: "test"))
        #expect(log.append(lines: try [entry(1)].map(ControlCoding.text)))
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        log.reopen()
        #expect(log.append(lines: try [entry(2)].map(ControlCoding.text)))
        #expect(log.recentEntries(limit: 10) == [entry(2)])
        #expect(try String(contentsOfFile: path + ".1", encoding: .utf8).contains("خبر 1"))
    }
}
