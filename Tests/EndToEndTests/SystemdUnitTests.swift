import Foundation
import Testing

/// The files an operator installs: the units pass systemd's own checks, the sandbox is tight,
/// and the unit, the socket and the installed configuration agree with each other.
@Suite struct SystemdUnitTests {
    static let analyzeMissing = "systemd-analyze is not installed (bash .ci/install-deps installs it)"

    @Test(.enabled(if: Tool.path("systemd-analyze") != nil, Comment(rawValue: analyzeMissing)))
    func unitsPassSystemdAnalyzeVerifyWithNothingOnStderr() throws {
        let folder = try TemporaryFolder()
        try folder.writeUnits()
        let verify = Tool.run("systemd-analyze", ["verify", folder.path + "/newsd.service", folder.path + "/newsd.socket"])
        #expect(verify.status == 0)
        #expect(verify.stderr.isEmpty, "systemd-analyze verify complained:\n\(verify.stderr)")

        // The same check sees a misspelled key, so a clean run means something.
        try folder.writeUnits { $0.replacingOccurrences(of: "Restart=on-failure", with: "Restar=on-failure") }
        let misspelled = Tool.run("systemd-analyze", ["verify", folder.path + "/newsd.service"])
        #expect(misspelled.stderr.contains("Restar"))
    }

    @Test(.enabled(if: Tool.path("systemd-analyze") != nil, Comment(rawValue: analyzeMissing)))
    func serviceExposureIsAtMostOnePointFive() throws {
        let security = Tool.run("systemd-analyze", ["security", "--offline=true", Repository.path("systemd/newsd.service")])
        let line = try #require(
            security.stdout.split(separator: "\n").first { $0.contains("Overall exposure level for newsd.service:") },
            "no exposure line in:\n\(security.stdout)\(security.stderr)")
        let number = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(number, "cannot read \(line)")
        #expect(exposure <= 1.5, "\(line)")
    }

    @Test func serviceHasWhatTheDaemonNeedsAndTheSocketAndConfigurationAgree() throws {
        let service = try UnitFile(Repository.path("systemd/newsd.service"))
        #expect(service["Type"] == ["notify"])
        #expect(service["ExecReload"]?.first?.hasSuffix("kill -HUP $MAINPID") == true)
        #expect(service["Restart"] == ["on-failure"])
        #expect(service["DynamicUser"] == ["yes"])
        let families = Set(service["RestrictAddressFamilies"]?.joined(separator: " ").split(separator: " ").map(String.init) ?? [])
        #expect(families == ["AF_UNIX", "AF_INET", "AF_INET6"])
        let watchdog = try #require(service["WatchdogSec"]?.last.flatMap(Self.seconds))
        #expect(watchdog >= 10)

        // The installed configuration keeps everything in the service's own folders.
        let configuration = try String(contentsOfFile: Repository.path("config/newsd.service.toml"), encoding: .utf8)
        let folders = [("StateDirectory", "/var/lib/", "path"), ("RuntimeDirectory", "/run/", "socket"), ("LogsDirectory", "/var/log/", "articles")]
        for (directive, root, key) in folders {
            let folder = try #require(service[directive]?.last, "\(directive)= is missing")
            #expect(Self.value(of: key, in: configuration)?.hasPrefix(root + folder + "/") == true, "\(key) is not under \(root)\(folder)")
        }
        #expect(service["ConfigurationDirectory"] == ["newsd"])
        #expect(service["ExecStart"]?.first?.hasSuffix("--config /etc/newsd/newsd.toml") == true)

        // Stopping waits longer than the drain.
        let drain = try #require(Self.value(of: "drain_timeout", in: configuration).flatMap(Self.seconds))
        let stopTimeout = try #require(service["TimeoutStopSec"]?.last.flatMap(Self.seconds))
        #expect(stopTimeout >= drain + 10, "TimeoutStopSec=\(stopTimeout)s leaves no room after a \(drain)s drain")

        let socket = try UnitFile(Repository.path("systemd/newsd.socket"))
        #expect(socket["ListenStream"] == [try #require(Self.value(of: "socket", in: configuration))])
    }

    @Test func installedConfigurationPassesCheckConfig() throws {
        let check = CommandResult.run(Binaries.url("newsd"), ["--check-config", Repository.path("config/newsd.service.toml")])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("OK (0 feeds, sqlite database /var/lib/newsd/newsd.sqlite, socket /run/newsd/control.sock)"))
        let configuration = try String(contentsOfFile: Repository.path("config/newsd.service.toml"), encoding: .utf8)
        #expect(Self.value(of: "allow_private_networks", in: configuration) == "false")
        #expect(Self.value(of: "articles", in: configuration) == "/var/log/newsd/articles.jsonl")
        #expect(!configuration.contains("\n[[feeds]]"))
    }

    /// The value of `key = value` in TOML text, unquoted.
    static func value(of key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(key + " ") || line.hasPrefix(key + "=") {
            let value = line.split(separator: "=", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? ""
            return value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// `90`, `90s`, `2min`, `20s` in seconds.
    static func seconds(_ text: String) -> Double? {
        for (suffix, factor) in [("min", 60.0), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(text)
    }
}

/// A systemd unit file's assignments, every value of each key in order (comments dropped).
struct UnitFile {
    private var values: [String: [String]] = [:]

    init(_ path: String) throws {
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), !trimmed.hasPrefix("["), let equals = trimmed.firstIndex(of: "=") else { continue }
            values[String(trimmed[..<equals]), default: []].append(String(trimmed[trimmed.index(after: equals)...]))
        }
    }

    subscript(key: String) -> [String]? { values[key] }
}

/// The repository's own files.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// Programs on the system, found on `PATH` or in the sbin folders.
enum Tool {
    static func path(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) -> CommandResult {
        guard let path = path(name) else { return CommandResult(status: -1, stdout: "", stderr: "\(name) not found") }
        return CommandResult.run(URL(fileURLWithPath: path), arguments, environment: environment)
    }
}

/// A temporary folder, removed with its contents at the end of the test.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Copies the units here, with ExecStart pointing at the built newsd (`verify` checks that
    /// the program exists) and `edit` applied to the service.
    func writeUnits(edit: (String) -> String = { $0 }) throws {
        let service = try String(contentsOfFile: Repository.path("systemd/newsd.service"), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/newsd", with: Binaries.url("newsd").path)
        try edit(service).write(toFile: path + "/newsd.service", atomically: true, encoding: .utf8)
        let socket = try String(contentsOfFile: Repository.path("systemd/newsd.socket"), encoding: .utf8)
        try socket.write(toFile: path + "/newsd.socket", atomically: true, encoding: .utf8)
    }
}
