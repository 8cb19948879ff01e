import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `newsd` binary in a temporary folder with its own configuration, and the real
/// `newsctl` against it.
final class DaemonHarness {
    let folder: String
    var configPath: String { folder + "/newsd.toml" }
    var socketPath: String { folder + "/run/newsd.sock" }
    var databasePath: String { folder + "/newsd.sqlite" }
    var articleLogPath: String { folder + "/log/articles.jsonl" }
    var stderrPath: String { folder + "/newsd.stderr" }
    private(set) var process: Process?

    init() throws {
        // Unix socket paths are limited to 107 bytes, so stay short.
        folder = "/tmp/newsd-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Writes the configuration: paths inside the folder, loopback allowed, fast polling.
    func writeConfig(
        feeds: [(url: String, interval: String)] = [], allowPrivateNetworks: Bool = true, drainTimeout: String = "5s", extra: String = "",
        logLevel: String = "debug"
    ) throws {
        var text = """
            [storage]
            path = "newsd.sqlite"
            [control]
            socket = "run/newsd.sock"
            [log]
            articles = "log/articles.jsonl"
            level = "\(logLevel)"
            [fetch]
            allow_private_networks = \(allowPrivateNetworks)
            timeout = "5s"
            connect_timeout = "2s"
            per_host_rate = 0
            [workers]
            count = 2
            [scheduler]
            default_interval = "1h"
            min_interval = "1s"
            [shutdown]
            drain_timeout = "\(drainTimeout)"
            \(extra)

            """
        for feed in feeds {
            text += "[[feeds]]\nurl = \"\(feed.url)\"\ninterval = \"\(feed.interval)\"\n"
        }
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Adds lines at the top of a section of the written configuration.
    func rewrite(section: String, adding lines: String) throws {
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "[\(section)]\n", with: "[\(section)]\n\(lines)\n")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts `newsd --config` and waits until its socket answers.
    func start(environment: [String: String] = [:]) throws {
        let process = try launch(environment: environment)
        try waitUntil("the control socket answers", timeout: 20) {
            guard process.isRunning else { throw HarnessError("newsd exited early:\n\(self.diagnostics)") }
            return self.newsctl(["version"]).status == 0
        }
    }

    /// Starts `newsd --config` without waiting; `environment` is added to the test's own.
    @discardableResult
    func launch(environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = Binaries.url("newsd")
        process.arguments = ["--config", configPath]
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try stderr.seekToEnd()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        return process
    }

    /// Sends `signal` and waits for the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) throws -> Int32 {
        guard let process else { throw HarnessError("not started") }
        kill(process.processIdentifier, signal)
        let deadline = Date() + timeout
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            throw HarnessError("newsd did not exit within \(timeout)s of signal \(signal):\n\(diagnostics)")
        }
        self.process = nil
        return process.terminationStatus
    }

    func signal(_ number: Int32) {
        if let process { kill(process.processIdentifier, number) }
    }

    /// Runs `newsctl --socket <ours> <arguments>`.
    func newsctl(_ arguments: [String]) -> CommandResult {
        CommandResult.run(Binaries.url("newsctl"), ["--socket", socketPath] + arguments)
    }

    /// Runs newsctl with `--json` and decodes its output.
    func newsctlJSON(_ arguments: [String]) throws -> Any {
        let result = newsctl(arguments + ["--json"])
        guard result.status == 0 else { throw HarnessError("newsctl \(arguments) failed (\(result.status)): \(result.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// The article log's lines, parsed.
    func articleLog() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: articleLogPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    var daemonStderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    var diagnostics: String { "--- newsd stderr ---\n" + daemonStderr.suffix(4000) }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes.
    func waitUntil(_ what: String, timeout: TimeInterval = 20, _ condition: () throws -> Bool) throws {
        let deadline = Date() + timeout
        while Date() < deadline {
            if try condition() { return }
            usleep(50_000)
        }
        throw HarnessError("timed out after \(timeout)s waiting until \(what)\n\(diagnostics)")
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The output of a finished command.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            return CommandResult(status: -1, stdout: "", stderr: "\(error)")
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// The package's built executables, beside the test bundle.
enum Binaries {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
    }
}

/// The shared corpus, present on the team's machines and in CI, absent in a user's clone.
enum SharedCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static var seed: URL { root.appendingPathComponent("seed") }
    static var isPresent: Bool { FileManager.default.fileExists(atPath: seed.appendingPathComponent("expected.json").path) }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: seed.appendingPathComponent(name))
    }
}
