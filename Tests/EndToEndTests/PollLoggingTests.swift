import Foundation
import Testing

/// What polls write to stderr: at info one summary line a recorded batch, each poll's own line
/// only at debug; and polls finishing close together are recorded as one batch.
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

    @Test func pollsFinishingTogetherAreRecordedTogether() throws {
        // 64 feeds answered after 100 ms each over 16 connections: four waves of 16 polls that
        // finish within a few milliseconds of each other, each wave one transaction or a few
        // (a poll recorded as soon as the recorder was free made 40 to 50 transactions here).
        let site = try FixtureSite()
        let feeds = (1...64).map { "/feeds/\($0).xml" }
        for path in feeds { site.set(path, site.rss(title: path, items: []), type: "application/rss+xml", delay: 0.1) }
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: feeds.map { (site.url($0), "1h") }, logLevel: "info")
        try daemon.rewrite(section: "fetch", adding: "per_host_connections = 16")
        try daemon.start()
        func summaries() -> [Substring] { daemon.daemonStderr.split(separator: "\n").filter { $0.contains("polls recorded") } }
        func polls(_ line: Substring) -> Int {
            Int(line.split(separator: " ").first { $0.hasPrefix("polls=") }?.dropFirst(6) ?? "") ?? 0
        }
        try daemon.waitUntil("every feed's poll is recorded") { summaries().map(polls).reduce(0, +) >= feeds.count }
        let lines = summaries()
        #expect(lines.map(polls).reduce(0, +) == feeds.count)
        #expect(lines.count <= 24, "\(lines.count) batches: \(lines.map(polls))")
        #expect(try daemon.stop() == 0)
    }
}
