import FeedFarm
import Foundation
import Posix
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every newsctl command against the real daemon, text and JSON, and the socket under abuse.
@Suite(.serialized) struct ControlCommandsTests {
    func json(_ daemon: DaemonHarness, _ arguments: [String]) throws -> [String: Any] {
        try #require(try daemon.newsctlJSON(arguments) as? [String: Any])
    }

    @Test func everyCommandWorksInTextAndJSON() throws {
        let site = try FixtureSite()
        site.set("/a.html", FixtureSite.englishPage(title: "Story A", paragraphs: englishParagraphs("A")), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Commands", items: [(guid: "a", path: "/a.html", title: "Story A")]), type: "application/rss+xml")
        site.set("/missing.xml", site.rss(title: "Missing", items: [(guid: "m", path: "/missing.html", title: "Gone")]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        let url = site.url("/feed.xml")

        let added = try json(daemon, ["feed", "add", url, "--interval", "10m", "--tag", "world"])
        #expect(added["url"] as? String == url)
        let id = try #require(added["id"] as? Int)
        try daemon.waitUntil("the article is stored") { daemon.articleLog().count == 1 }

        #expect(daemon.newsctl(["feed", "list"]).stdout.contains("Commands"))
        let shown = try json(daemon, ["feed", "show", String(id)])
        #expect((shown["feed"] as? [String: Any])?["title"] as? String == "Commands")
        #expect(daemon.newsctl(["feed", "show", url]).stdout.contains("interval"))
        let changed = try json(daemon, ["feed", "set", String(id), "--interval", "2h", "--tag", "news", "--tag", "en"])
        #expect(changed["interval"] as? Double == 7200)
        #expect(changed["tags"] as? [String] == ["news", "en"])
        #expect(daemon.newsctl(["feed", "set", String(id), "--interval", "soon"]).status == 1)
        #expect((try json(daemon, ["feed", "pause", String(id)])["changed"]) as? Bool == true)
        #expect(daemon.newsctl(["feed", "pause", String(id)]).stdout.contains("already"))
        #expect((try json(daemon, ["feed", "resume", String(id)])["changed"]) as? Bool == true)
        #expect((try json(daemon, ["feed", "poll", String(id)])["scheduled"]) as? Int == 1)

        let articleID = try #require(daemon.articleLog().first?["article_id"] as? Int)
        #expect(try json(daemon, ["article", "show", String(articleID)])["title"] as? String == "Story A")
        let listed = try #require(try json(daemon, ["article", "list", "--feed", String(id), "--since", "1h"])["articles"] as? [[String: Any]])
        #expect(listed.count == 1)
        #expect(listed.first?["status"] as? String == "new")
        #expect(listed.first?["article_id"] as? Int == articleID)
        #expect((try json(daemon, ["article", "list", "--status", "duplicate"])["articles"] as? [Any])?.isEmpty == true)
        #expect((try json(daemon, ["article", "list", "--lang", "ar"])["articles"] as? [Any])?.isEmpty == true)
        let badStatus = daemon.newsctl(["article", "list", "--status", "lost", "--feed", "no-such-feed"])
        #expect(badStatus.status == 1)  // the status is refused before the feed is looked up
        #expect(badStatus.stderr.contains("new, duplicate, updated, failed"))
        #expect(daemon.newsctl(["article", "list", "--since", "yesterday-ish"]).status == 1)
        #expect(daemon.newsctl(["article", "list"]).stdout.contains("Story A"))
        let piped = daemon.newsctl(["tail", "--last", "1"])  // not a terminal: JSON lines
        #expect((try? JSONSerialization.jsonObject(with: Data(piped.stdout.utf8))) is [String: Any], "\(piped.stdout)")
        let readable = daemon.newsctl(["tail", "--last", "1", "--text"])
        #expect(readable.stdout.contains("Story A"))
        #expect((try? JSONSerialization.jsonObject(with: Data(readable.stdout.utf8))) == nil)
        #expect(daemon.newsctl(["tail", "--tag", "world", "--json"]).stdout.contains("Story A"))
        #expect(daemon.newsctl(["tail", "--tag", "sport", "--json"]).stdout.isEmpty)

        let stats = try json(daemon, ["stats"])
        #expect(stats["articles"] as? Int == 1)
        #expect(stats["polls"] is [String: Int])
        #expect(daemon.newsctl(["stats"]).stdout.contains("rate"))

        let metrics = daemon.newsctl(["metrics"])
        #expect(metrics.status == 0)
        #expect(metrics.stdout.contains("# TYPE newsd_articles gauge"))
        #expect(metrics.stdout.contains("newsd_articles 1"))
        #expect(metrics.stdout.contains("newsd_feed_items{feed_id=\"\(id)\",url=\"\(url)\"} 1"))
        #expect(metrics.stdout.contains("newsd_host_feeds{host=\"127.0.0.1:\(site.server.port)\"} 1"))

        #expect(daemon.newsctl(["feed", "add", site.url("/missing.xml")]).status == 0)
        try daemon.waitUntil("the missing page fails") { daemon.articleLog().count == 2 }
        let jobs = try json(daemon, ["jobs", "list", "--state", "dead"])
        #expect((jobs["jobs"] as? [[String: Any]])?.count == 1)
        #expect((try json(daemon, ["jobs", "retry", "--all-dead"])["retried"]) as? Int == 1)
        #expect(daemon.newsctl(["jobs", "retry"]).status == 64)  // usage error

        #expect((try json(daemon, ["reload"])["summary"] as? String)?.contains("reloaded") == true)
        #expect((try json(daemon, ["version"])["protocol"]) as? Int == 1)
        #expect((try json(daemon, ["feed", "remove", String(id)])["removed"] as? [String: Any])?["id"] as? Int == id)
        #expect(daemon.newsctl(["feed", "show", String(id)]).status == 3)
        #expect(try daemon.stop() == 0)
    }

    @Test func shellCompletionsAreGenerated() {
        for shell in ["bash", "zsh", "fish"] {
            let result = CommandResult.run(Binaries.url("newsctl"), ["--generate-completion-script", shell])
            #expect(result.status == 0)
            #expect(result.stdout.contains("newsctl"))
            #expect(result.stdout.contains("feed"))
        }
    }

    @Test func aThousandAbandonedConnectionsAndATenMegabyteLineDoNotStopTheDaemon() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        var abandoned: [Socket] = []
        for _ in 0..<1000 {
            if let socket = try? Socket.connectUnix(path: daemon.socketPath) { abandoned.append(socket) }
        }
        Thread.sleep(forTimeInterval: 1.2)  // they are idle now
        let stats = daemon.newsctl(["stats"])
        #expect(stats.status == 0, "newsctl was locked out: \(stats.stderr)")

        let flood = try Socket.connectUnix(path: daemon.socketPath)
        var reader = LineReader(socket: flood, maxLineBytes: 1 << 20)
        try flood.write([UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20) + Array("\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"version\"}\n".utf8))
        guard case .line(let first) = try reader.next() else { throw HarnessError("no answer to the long line") }
        #expect(String(decoding: first, as: UTF8.self).contains("-32600"))
        guard case .line(let second) = try reader.next() else { throw HarnessError("no answer after the long line") }
        #expect(String(decoding: second, as: UTF8.self).contains("\"version\""))
        abandoned.forEach { $0.close() }
        #expect(daemon.newsctl(["version"]).status == 0)
        #expect(try daemon.stop() == 0)
    }

    @Test func aTailClientThatNeverReadsDoesNotHoldBackProcessing() throws {
        let site = NewsSite(configuration: .init(feeds: 4, initialItems: 20))
        let server = try HTTPServer { site.respond(to: $0) }
        defer { server.stop() }
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: (1...4).map { ("\(server.baseURL)\(NewsSite.feedPath($0))", "1h") })
        try daemon.start()
        let stuck = try Socket.connectUnix(path: daemon.socketPath)
        try stuck.write(Array("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tail\",\"params\":{\"follow\":true,\"last\":0}}\n".utf8))
        try daemon.waitUntil("every item is processed while the tail client sleeps", timeout: 60) {
            daemon.articleLog().count == 80
        }
        #expect(daemon.newsctl(["stats"]).status == 0)
        stuck.close()
        #expect(try daemon.stop() == 0)
    }

    @Test func randomlyMutatedRequestsNeverHurtTheDaemon() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        let seeds = [
            #"{"jsonrpc":"2.0","id":1,"method":"feed.add","params":{"url":"https://example.org/رسس","tags":["عربي"],"interval":"10m"}}"#,
            #"{"jsonrpc":"2.0","id":"x","method":"article.get","params":{"id":1}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"stats"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"jobs.retry","params":{"all_dead":true}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"feed.set","params":{"id":1,"interval":"default"}}"#,
        ]
        var random = SystemRandomNumberGenerator()
        let socket = try Socket.connectUnix(path: daemon.socketPath)
        try socket.setReceiveTimeout(seconds: 20)
        // Answers are read on their own thread, so neither side waits on a full socket buffer.
        let answers = Mutex((count: 0, sawEnd: false))
        let reading = DispatchSemaphore(value: 0)
        let reader = Thread {
            var lines = LineReader(socket: socket, maxLineBytes: 1 << 20)
            while case .line(let line)? = try? lines.next() {
                let end = String(decoding: line, as: UTF8.self).contains("\"id\":\"end\"")
                answers.withLock { $0.count += 1; $0.sawEnd = $0.sawEnd || end }
                if end { break }
            }
            reading.signal()
        }
        reader.start()
        for round in 0..<1500 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(UInt8.random(in: 32...126, using: &random), at: position)
                default: bytes.insert(contentsOf: bytes[position...].prefix(8), at: position)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            bytes.removeAll { $0 == 0x0A }
            try socket.write(bytes + [0x0A])
        }
        try socket.write(Array(#"{"jsonrpc":"2.0","id":"end","method":"version"}"#.utf8) + [0x0A])
        #expect(reading.wait(timeout: .now() + 30) == .success)
        #expect(answers.withLock { $0.sawEnd }, "the connection did not survive the mutated requests")
        #expect(answers.withLock { $0.count } > 500)
        socket.close()
        #expect(daemon.process?.isRunning == true)
        #expect(daemon.newsctl(["stats"]).status == 0)
        #expect(try daemon.stop() == 0)
    }
}
