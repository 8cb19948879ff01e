import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `newsctl tail`: the backlog, and `-f` streaming live events.
@Suite(.serialized) struct TailTests {
    @Test func tailFollowStreamsEventsAsTheyHappen() throws {
        let site = try FixtureSite()
        site.set("/a.html", FixtureSite.englishPage(title: "First story", paragraphs: englishParagraphs("First")), type: "text/html")
        site.set("/feed.xml", site.rss(title: "T", items: [(guid: "a", path: "/a.html", title: "First story")]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()

        let follower = Process()
        follower.executableURL = Binaries.url("newsctl")
        follower.arguments = ["--socket", daemon.socketPath, "tail", "-f", "--json"]
        let output = Pipe()
        follower.standardOutput = output
        try follower.run()
        defer {
            if follower.isRunning { kill(follower.processIdentifier, SIGKILL) }
        }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(daemon.newsctl(["feed", "add", site.url("/feed.xml")]).status == 0)

        let reader = output.fileHandleForReading
        var received = Data()
        let deadline = Date() + 20
        while !received.contains(UInt8(ascii: "\n")) && Date() < deadline {
            received.append(reader.availableData)
        }
        let line = try #require(String(decoding: received, as: UTF8.self).split(separator: "\n").first)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(event["status"] as? String == "new")
        #expect(event["title"] as? String == "First story")
        for key in ["ts", "article_id", "feed_url", "url", "canonical_url", "lang", "words", "duplicate_of", "ms"] {
            #expect(event.keys.contains(key), "tail event lacks \(key)")
        }
        #expect(follower.isRunning)

        // Without -f: the backlog, then exit.
        let backlog = daemon.newsctl(["tail", "--json", "--last", "5"])
        #expect(backlog.status == 0)
        #expect(backlog.stdout.split(separator: "\n").count == 1)
        let filtered = daemon.newsctl(["tail", "--lang", "ar"])
        #expect(filtered.status == 0)
        #expect(filtered.stdout.isEmpty)
        #expect(try daemon.stop() == 0)
    }
}
