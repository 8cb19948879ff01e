import Foundation
import Testing

/// What polls write to stderr: at info one summary line a recorded batch, each poll's own line
/// only at debug.
@Suite(.serialized) struct PollLoggingTests {
    @Test func atInfoPollsAreSummedUpPerBatchAndEachPollIsLoggedOnlyAtDebug() throws {
        let site = try FixtureSite()
        site.set("/feed.xml", site.rss(title: "Quiet", items: []), type: "application/rss+xml")
        for level in ["info", "debug"] {
            let daemon = try DaemonHarness()
            try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1s")], logLevel: level)
            try daemon.start()
            // The first poll fetches the feed, the next ones are answered 304.
            try daemon.waitUntil("a poll answered 304 is recorded") {
                daemon.daemonStderr.split(separator: "\n").contains { $0.contains("polls recorded") && $0.contains(" not_modified=1") }
            }
            let lines = daemon.daemonStderr.split(separator: "\n")
            let summaries = lines.filter { $0.contains("polls recorded") }
            #expect(summaries.contains { $0.hasPrefix("<6>") && $0.contains(" polls=1") && $0.contains(" fetched=1") && $0.contains(" failed=0") })
            let perPoll = lines.filter { $0.contains("feed polled") }
            if level == "info" {
                #expect(perPoll.isEmpty, "\(perPoll)")
            } else {
                #expect(perPoll.contains { $0.hasPrefix("<7>") && $0.contains("not modified") }, "\(lines)")
            }
            #expect(try daemon.stop() == 0)
        }
    }
}
