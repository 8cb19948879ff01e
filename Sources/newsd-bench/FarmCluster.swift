import Control
import FeedFarm
import Foundation
import Postgres

/// `newsd-bench farm --postgres URL --instances N`: N real daemons sharing one fresh PostgreSQL
/// database (created on the server URL names, dropped afterwards unless `--keep`) against the
/// same loopback farm, measured together: time to the last article, items per second, how the
/// items split between the instances, and where the CPU went (daemons, farm server, the
/// database's backends). Every item must be stored once and logged once across the N logs.
struct FarmCluster {
    /// What one run measured, for the JSON report.
    struct Report: Codable {
        var instances: Int
        var workersPerInstance: Int
        var cpus: Int
        var expected: FarmReport.Counts
        var lastArticleSeconds: Double?
        var itemsProcessed: Int
        var itemsPerSecond: Double
        /// Items each instance logged, by instance.
        var itemsByInstance: [Int]
        var daemonCPUSeconds: [Double]
        var peakRSSBytes: [Int]
        var serverCPUSeconds: Double
        /// CPU of the PostgreSQL backends serving the daemons' connections (not the server's
        /// background processes).
        var databaseCPUSeconds: Double
        var wallSeconds: Double
        var verification: FarmReport.Verification?
        /// `stats` instances at the end, as one daemon sees them.
        var instanceNames: [String]
    }

    let farm: FarmOptions
    let instances: Int
    let workers: Int
    let postgres: String
    let keep: Bool
    let timeout: Double
    let printEvery: Double

    func run(bin: URL, json: String?) throws {
        let site = farm.site()
        let expected = site.expectation()
        let database = try ScratchDatabase(server: postgres)
        defer { if !keep { database.drop() } }
        let server = try FarmServerProcess(executable: bin.appendingPathComponent("newsd-bench"), farm: farm)
        defer { server.stop() }
        say("newsd-bench farm: \(instances) instances × \(workers) workers on \(database.redacted); \(farm.feeds) feeds × \(farm.items) items "
            + "= \(expected.items) items, pages \(farm.pageKib) KiB; expecting \(expected.articles) new + \(expected.duplicates) duplicate")
        let daemons = try (0..<instances).map { _ in try DaemonProcess() }
        let feedURLs = (1...farm.feeds).map { server.baseURL + NewsSite.feedPath($0) }
        for daemon in daemons {
            try daemon.writeConfiguration(
                feedURLs: feedURLs, workers: workers, storage: "backend = \"postgres\"\nurl = \"\(database.url)\"")
        }
        let started = ContinuousClock.now
        for daemon in daemons { try daemon.launch(executable: bin.appendingPathComponent("newsd")) }
        defer {
            for daemon in daemons {
                _ = daemon.stop()
                if !keep { daemon.removeFolder() }
            }
        }
        var connections = try daemons.map { try $0.connect(timeout: .seconds(120)) }
        let serverCPUStart = server.sample()?.cpuSeconds ?? 0
        var followers = daemons.map { LogFollower(path: $0.articleLogPath) }
        var lines = Array(repeating: 0, count: instances)
        var last: Double?
        var nextPrint = printEvery
        var printed = (t: 0.0, items: 0)
        say("     t   items   items/s   per instance")
        while true {
            let t = (ContinuousClock.now - started).seconds
            for index in followers.indices { lines[index] += followers[index].newLines { _ in } }
            let total = lines.reduce(0, +)
            if t >= nextPrint {
                say(String(format: "%6.1fs %7d %9.1f   ", t, total, Double(total - printed.items) / (t - printed.t))
                    + lines.map(String.init).joined(separator: " / "))
                printed = (t, total)
                nextPrint += printEvery
            }
            if total >= expected.items {
                last = t
                break
            }
            if t > timeout { break }
            for daemon in daemons where daemon.process?.isRunning != true { throw BenchError("newsd exited\n\(daemon.stderrTail())") }
            usleep(50_000)
        }
        let wall = (ContinuousClock.now - started).seconds
        // Settle: nothing queued or leased, and a moment for a line logged twice to show.
        for _ in 0..<600 {
            let stats = try connections[0].call(.stats, as: StatsResult.self)
            if (stats.jobs["queued"] ?? 0) == 0, (stats.jobs["leased"] ?? 0) == 0 { break }
            usleep(100_000)
        }
        Thread.sleep(forTimeInterval: 0.5)
        let stats = try connections[0].call(.stats, as: StatsResult.self)
        for index in followers.indices { lines[index] += followers[index].newLines { _ in } }
        let samples = daemons.map { ProcessSample.read(pid: $0.pid) }
        let databaseCPU = database.backendCPUSeconds()
        let combined = daemons[0].folder + "/all-instances.jsonl"
        try Data(daemons.flatMap { (try? Data(contentsOf: URL(fileURLWithPath: $0.articleLogPath))) ?? Data() }).write(to: URL(fileURLWithPath: combined))
        let outcome = try FarmVerification.check(logPath: combined, site: site, baseURL: server.baseURL, stats: stats, complete: last != nil)
        for index in connections.indices { connections[index].close() }
        let processed = lines.reduce(0, +)
        let report = Report(
            instances: instances, workersPerInstance: workers, cpus: ProcessInfo.processInfo.activeProcessorCount,
            expected: .init(items: expected.items, articles: expected.articles, duplicates: expected.duplicates),
            lastArticleSeconds: last, itemsProcessed: processed, itemsPerSecond: Double(processed) / (last ?? wall),
            itemsByInstance: lines, daemonCPUSeconds: samples.map { $0?.cpuSeconds ?? 0 }, peakRSSBytes: samples.map { $0?.peakRSSBytes ?? 0 },
            serverCPUSeconds: (server.sample()?.cpuSeconds ?? 0) - serverCPUStart, databaseCPUSeconds: databaseCPU,
            wallSeconds: wall, verification: outcome.verification, instanceNames: stats.instances.map(\.name))
        say(Self.text(report))
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            say("full report: \(json)")
        }
        if !outcome.verification.problems.isEmpty {
            throw BenchError("the daemons did not store and log every item exactly once:\n  " + outcome.verification.problems.joined(separator: "\n  "))
        }
    }

    static func text(_ report: Report) -> String {
        let cpu = report.daemonCPUSeconds.reduce(0, +)
        let span = report.lastArticleSeconds ?? report.wallSeconds
        return """
            \(report.instances) instance(s) × \(report.workersPerInstance) workers on \(report.cpus) CPUs: \
            \(report.itemsProcessed) of \(report.expected.items) items in \(String(format: "%.1f", span)) s \
            = \(String(format: "%.1f", report.itemsPerSecond)) items/s\(report.lastArticleSeconds == nil ? " (timed out)" : "")
            items by instance: \(report.itemsByInstance.map(String.init).joined(separator: " / "))
            CPU seconds: daemons \(report.daemonCPUSeconds.map { String(format: "%.1f", $0) }.joined(separator: " + ")) = \
            \(String(format: "%.1f", cpu)), farm server \(String(format: "%.1f", report.serverCPUSeconds)), \
            PostgreSQL backends \(String(format: "%.1f", report.databaseCPUSeconds)); \
            all together \(String(format: "%.0f", (cpu + report.serverCPUSeconds + report.databaseCPUSeconds) * 100 / span))% \
            of one core over the run (\(report.cpus * 100)% available)
            peak RSS MiB: \(report.peakRSSBytes.map { String(format: "%.0f", Double($0) / 1_048_576) }.joined(separator: " / "))
            verification: \(report.verification.map { $0.problems.isEmpty ? "every item stored once and logged once across the logs" : $0.problems.joined(separator: "; ") } ?? "none")
            """
    }
}

/// A database of its own on the PostgreSQL server a URL names, for one benchmark run.
struct ScratchDatabase {
    let url: String
    let redacted: String
    private let server: String
    private let name: String

    init(server: String) throws {
        self.server = server
        name = "newsd_bench_" + UUID().uuidString.prefix(8).lowercased()
        guard var components = URLComponents(string: server), components.scheme?.hasPrefix("postgres") == true else {
            throw BenchError("--postgres must be a postgresql:// URL, got \(PostgresConnection.redacted(server))")
        }
        try PostgresConnection(url: server).execute("CREATE DATABASE \(name)")
        components.path = "/" + name
        url = components.string ?? server
        redacted = PostgresConnection.redacted(url)
    }

    /// CPU seconds of the server processes serving connections to this database now.
    func backendCPUSeconds() -> Double {
        guard let rows = try? PostgresConnection(url: url).execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        else { return 0 }
        return rows.compactMap { row in (try? row.decode(0, as: Int.self)).flatMap { ProcessSample.read(pid: Int32($0))?.cpuSeconds } }
            .reduce(0, +)
    }

    func drop() {
        _ = try? PostgresConnection(url: server).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
