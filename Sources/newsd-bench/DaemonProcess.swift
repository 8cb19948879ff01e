import Control
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The real `newsd` under test, in a temporary folder with a generated configuration: storage,
/// socket and logs there, loopback allowed, the farm's feeds with a long interval.
final class DaemonProcess {
    let folder: String
    var configPath: String { folder + "/newsd.toml" }
    var socketPath: String { folder + "/run/newsd.sock" }
    var articleLogPath: String { folder + "/log/articles.jsonl" }
    var stderrPath: String { folder + "/newsd.stderr" }
    private(set) var process: Process?
    private(set) var launchedAt = ContinuousClock.now

    var pid: Int32 { process?.processIdentifier ?? 0 }

    /// Makes the folder; its path stays short, as Unix socket paths are limited to 107 bytes.
    init() throws {
        folder = "/tmp/newsd-farm-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Writes `newsd.toml`: every feed polled once a day (so only the benchmark's own trigger
    /// polls them again), a short minimum interval, `workers` workers. Every feed of the farm is on
    /// one host, so the per-host politeness limits a real deployment keeps (5 requests a second,
    /// 6 connections) are lifted: no rate limit, 16 connections.
    /// `storage` replaces the SQLite file with other `[storage]` keys (a PostgreSQL URL).
    func writeConfiguration(feedURLs: [String], workers: Int, storage: String? = nil) throws {
        var text = """
            # Written by newsd-bench farm.
            [storage]
            \(storage ?? "path = \"newsd.sqlite\"")
            [control]
            socket = "run/newsd.sock"
            [log]
            articles = "log/articles.jsonl"
            level = "info"
            [fetch]
            allow_private_networks = true
            timeout = "60s"
            per_host_rate = 0
            per_host_connections = 16
            [workers]
            count = \(workers)
            [scheduler]
            default_interval = "24h"
            min_interval = "1s"
            [shutdown]
            drain_timeout = "10s"

            """
        text.reserveCapacity(text.utf8.count + feedURLs.count * 64)
        for url in feedURLs {
            text += "[[feeds]]\nurl = \"\(url)\"\ninterval = \"24h\"\n"
        }
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts `newsd --config`, its stderr to a file.
    func launch(executable: URL) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--config", configPath]
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardOutput = FileHandle.nullDevice
        launchedAt = .now
        try process.run()
        self.process = process
        ChildProcesses.shared.add(process.processIdentifier)
    }

    /// Waits until the control socket answers; returns a connection to it.
    func connect(timeout: Duration) throws -> ControlConnection {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let process, process.isRunning else { throw BenchError("newsd exited early:\n\(stderrTail())") }
            if var connection = try? ControlConnection(path: socketPath),
                (try? connection.call(.version, as: VersionResult.self)) != nil
            {
                return connection
            }
            usleep(20_000)
        }
        throw BenchError("newsd's control socket did not answer within \(timeout):\n\(stderrTail())")
    }

    /// Sends SIGTERM and waits for the exit status.
    func stop(timeout: TimeInterval = 30) -> Int32? {
        guard let process else { return nil }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date() + timeout
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            ChildProcesses.shared.remove(process.processIdentifier)
            return nil
        }
        ChildProcesses.shared.remove(process.processIdentifier)
        self.process = nil
        return process.terminationStatus
    }

    /// The end of the daemon's stderr, for error messages.
    func stderrTail(_ characters: Int = 3000) -> String {
        "--- newsd stderr (\(stderrPath)) ---\n" + ((try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "").suffix(characters)
    }

    func removeFolder() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
