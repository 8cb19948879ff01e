import Foundation
import Posix
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// newsd started the way systemd starts a socket-activated service: the listening control
/// socket already open as descriptor 3, `LISTEN_FDS=1`, and `LISTEN_PID` naming newsd itself.
@Suite struct SocketActivationTests {
    @Test func aPassedSocketServesNewsctlAndItsFileIsLeftToItsOwner() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        let path = daemon.folder + "/activated.sock"
        let listener = try ListeningSocket.unix(path: path)
        let inode = try #require(Self.inode(of: path))
        let notify = try NotifyListener(address: "@newsd-activation-\(UUID().uuidString.prefix(8))")

        let pid = try Self.spawnActivated(
            Binaries.url("newsd").path, ["--config", daemon.configPath], socket: listener.fileDescriptor,
            environment: ["NOTIFY_SOCKET": notify.address], stderrPath: daemon.stderrPath)
        var exited = false
        defer { if !exited { Self.reap(pid, signal: SIGKILL) } }
        try notify.waitFor("READY=1", timeout: 20)

        let version = CommandResult.run(Binaries.url("newsctl"), ["--socket", path, "version"])
        #expect(version.status == 0, "\(version.stderr)\n\(daemon.diagnostics)")
        #expect(version.stdout.contains("newsd"))
        let stats = CommandResult.run(Binaries.url("newsctl"), ["--socket", path, "stats", "--json"])
        #expect(stats.status == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "newsd made its configured socket too")
        #expect(daemon.daemonStderr.contains("socket=\"fd 3 from systemd\""))

        #expect(Self.reap(pid, signal: SIGTERM) == 0)
        exited = true
        // The socket file is still the one the test made, and it still accepts for the next start.
        #expect(Self.inode(of: path) == inode)
        #expect((try? Socket.connectUnix(path: path)) != nil)
        withExtendedLifetime(listener) {}
    }

    @Test func aPassedDescriptorThatIsNotAListeningSocketIsRefused() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        let file = open(daemon.configPath, O_RDONLY | O_CLOEXEC)
        defer { close(file) }
        let pid = try Self.spawnActivated(
            Binaries.url("newsd").path, ["--config", daemon.configPath], socket: file, environment: [:],
            stderrPath: daemon.stderrPath)
        #expect(Self.reap(pid, signal: nil, timeout: 20) == 1)
        #expect(daemon.daemonStderr.contains("cannot use the control socket systemd passed"))
    }

    static func inode(of path: String) -> UInt? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt(info.st_ino) : nil
    }

    /// Starts `executable` with `socket` as descriptor 3, `LISTEN_FDS=1` and `LISTEN_PID` set to
    /// its own pid, which only a process that `exec`s itself can know: `sh -c 'LISTEN_PID=$$ exec …'`.
    /// Every other descriptor of the test process is closed in the child.
    static func spawnActivated(
        _ executable: String, _ arguments: [String], socket: Int32, environment: [String: String], stderrPath: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, socket, 3)
        // Other tests' pipes may lack close-on-exec; newsd must not hold them open.
        let closeFrom = try #require(Self.addCloseFrom, "posix_spawn_file_actions_addclosefrom_np needs glibc 2.34")
        _ = closeFrom(&actions, 4)

        let script = "LISTEN_PID=$$ exec \"$0\" \"$@\""
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        variables["LISTEN_FDS"] = "1"
        variables["LISTEN_PID"] = nil
        let argv = (["/bin/sh", "-c", script, executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        guard result == 0 else { throw HarnessError("posix_spawn: \(String(cString: strerror(result)))") }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34), which the Glibc module does not import.
    static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Sends `signal` (if any) and waits for the exit status; -1 when it did not exit in time.
    @discardableResult
    static func reap(_ pid: pid_t, signal: Int32?, timeout: Double = 20) -> Int32 {
        if let signal { kill(pid, signal) }
        let deadline = Date() + timeout
        var status: Int32 = 0
        while Date() < deadline {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            if reaped < 0 { return -1 }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        return -1
    }
}
