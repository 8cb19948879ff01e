import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The logrotate file for the article log, read by the real logrotate, and a real rotation of a
/// running daemon's log: the daemon writes on into the new file.
@Suite struct LogRotationTests {
    static let logrotateMissing = "logrotate is not installed (bash .ci/install-deps installs it)"

    @Test(.enabled(if: Tool.path("logrotate") != nil, Comment(rawValue: logrotateMissing)))
    func logrotateReadsTheFileWithoutComplaint() throws {
        let folder = try TemporaryFolder()
        let check = Tool.run("logrotate", ["-d", "-s", folder.path + "/state", Repository.path("systemd/newsd.logrotate")])
        #expect(check.status == 0, "\(check.stderr)")
        let output = check.stdout + check.stderr
        #expect(output.contains("rotating pattern: /var/log/newsd/articles.jsonl"))
        #expect(!output.lowercased().contains("error"), "\(output)")
    }

    @Test(.enabled(if: Tool.path("logrotate") != nil, Comment(rawValue: logrotateMissing)))
    func aRotatedLogIsLetGoAndANewOneWritten() throws {
        let site = try FixtureSite()
        site.set("/a.html", FixtureSite.englishPage(title: "Council approves transport plan", paragraphs: englishParagraphs("Transport")), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Test Times", items: [(guid: "a", path: "/a.html", title: "Council approves transport plan")]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1h")])
        try daemon.start()
        try daemon.waitUntil("the first article is logged") { daemon.articleLog().count == 1 }
        let pid = try #require(daemon.process?.processIdentifier)

        // The installed file, pointed at this daemon's log and signalling it as `systemctl reload` would.
        let installed = try String(contentsOfFile: Repository.path("systemd/newsd.logrotate"), encoding: .utf8)
        #expect(installed.contains("/var/log/newsd/articles.jsonl {"))
        #expect(installed.contains("systemctl reload newsd.service"))
        let configuration = installed.replacingOccurrences(of: "/var/log/newsd/articles.jsonl", with: daemon.articleLogPath)
            .replacingOccurrences(of: "systemctl reload newsd.service", with: "kill -HUP \(pid)")
        let folder = try TemporaryFolder()
        try configuration.write(toFile: folder.path + "/newsd", atomically: true, encoding: .utf8)
        chmod(folder.path + "/newsd", 0o644)
        let rotate = Tool.run("logrotate", ["-f", "-s", folder.path + "/state", folder.path + "/newsd"])
        #expect(rotate.status == 0, "\(rotate.stdout)\(rotate.stderr)")

        let rotated = try String(contentsOfFile: daemon.articleLogPath + ".1", encoding: .utf8)
        #expect(rotated.contains("Council approves transport plan"))
        try daemon.waitUntil("the daemon reopened its log") { daemon.daemonStderr.contains("article log reopened") }

        site.set("/b.html", FixtureSite.englishPage(title: "Book fair opens with record crowds", paragraphs: englishParagraphs("Books")), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Test Times", items: [
            (guid: "b", path: "/b.html", title: "Book fair opens with record crowds"),
            (guid: "a", path: "/a.html", title: "Council approves transport plan"),
        ]), type: "application/rss+xml")
        #expect(daemon.newsctl(["feed", "poll", "--all"]).status == 0)
        try daemon.waitUntil("the next article goes to the new file") { daemon.articleLog().count == 1 && daemon.articleLog()[0]["title"] as? String == "Book fair opens with record crowds" }
        #expect(try String(contentsOfFile: daemon.articleLogPath + ".1", encoding: .utf8) == rotated)
        #expect(try daemon.stop() == 0)
    }
}
