import Foundation
import Testing

/// The control socket checks who is calling (SO_PEERCRED): admins may change things, readers
/// may only look, anyone else is refused, and refusals are logged.
@Suite(.serialized, .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                             "needs root and setpriv to call the socket as a second user"))
struct AccessControlTests {
    /// Runs newsctl as `nobody` (uid 65534) against the daemon's socket.
    func newsctlAsNobody(_ daemon: DaemonHarness, _ arguments: [String]) -> CommandResult {
        CommandResult.run(
            URL(fileURLWithPath: "/usr/bin/setpriv"),
            ["--reuid=65534", "--regid=65534", "--clear-groups", Binaries.url("newsctl").path, "--socket", daemon.socketPath] + arguments)
    }

    @Test func aReaderMayLookButNotChange() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.rewrite(section: "control", adding: "mode = \"0666\"\nread_users = [\"nobody\"]")
        try daemon.start()
        let list = newsctlAsNobody(daemon, ["feed", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(newsctlAsNobody(daemon, ["stats"]).status == 0)
        let add = newsctlAsNobody(daemon, ["feed", "add", "https://example.org/rss.xml", "--no-check"])
        #expect(add.status == 1)
        #expect(add.stderr.contains("admin"))
        #expect(daemon.newsctl(["feed", "list", "--json"]).stdout.contains("example.org") == false)
        #expect(daemon.daemonStderr.contains("control request refused"))
        #expect(daemon.newsctl(["feed", "add", "https://example.org/rss.xml", "--no-check"]).status == 0)  // root is admin
        #expect(try daemon.stop() == 0)
    }

    @Test func anUnlistedUserIsRefusedEvenWhenTheFileModeLetsItConnect() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.rewrite(section: "control", adding: "mode = \"0666\"")
        try daemon.start()
        let refused = newsctlAsNobody(daemon, ["stats"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("may not use this socket"), "\(refused.stderr)")
        #expect(daemon.daemonStderr.contains("control connection refused"))
        #expect(daemon.newsctl(["stats"]).status == 0)
        #expect(try daemon.stop() == 0)
    }

    @Test func aGroupOfAdminsMayChangeThings() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.rewrite(section: "control", adding: "mode = \"0666\"\nadmin_groups = [\"nogroup\"]")
        try daemon.start()
        let added = CommandResult.run(
            URL(fileURLWithPath: "/usr/bin/setpriv"),
            ["--reuid=65534", "--regid=65534", "--init-groups", Binaries.url("newsctl").path, "--socket", daemon.socketPath,
             "feed", "add", "https://example.org/rss.xml", "--no-check"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try daemon.stop() == 0)
    }

    @Test func unknownNamesStopTheDaemonFromStartingWithAClearError() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.rewrite(section: "control", adding: "admin_users = [\"no-such-user-here\"]")
        let result = CommandResult.run(Binaries.url("newsd"), ["--config", daemon.configPath])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no-such-user-here"))
    }
}
