import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// newsboat, the reference feed reader, reloading the same farm: `newsboat -u urls -c cache -x
/// reload`, its default configuration, in a home folder of its own.
struct NewsboatRun {
    /// One `reload` of every feed.
    struct Cycle: Codable {
        var seconds: Double
        var exitStatus: Int32
        /// Its peak resident memory, sampled from /proc while it ran.
        var peakRSSBytes: Int
    }

    /// The three cycles the benchmark compares, and newsboat's peak memory.
    struct Result: Codable {
        var version: String
        var firstCycle: Cycle
        var unchangedCycle: Cycle
        var changedCycle: Cycle?
        var peakRSSBytes: Int { max(firstCycle.peakRSSBytes, unchangedCycle.peakRSSBytes, changedCycle?.peakRSSBytes ?? 0) }
    }

    let executable = URL(fileURLWithPath: "/usr/bin/newsboat")
    let folder: String

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/newsboat") }

    init(feedURLs: [String]) throws {
        folder = NSTemporaryDirectory() + "newsd-bench-newsboat-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder + "/home", withIntermediateDirectories: true)
        try (feedURLs.joined(separator: "\n") + "\n").write(toFile: folder + "/urls", atomically: true, encoding: .utf8)
    }

    var version: String {
        let pipe = Pipe()
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-v"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "?" }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").first.map(String.init) ?? "?"
    }

    /// Runs one reload of every feed and times it.
    func reload() throws -> Cycle {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-u", folder + "/urls", "-c", folder + "/cache.db", "-x", "reload"]
        process.environment = ["HOME": folder + "/home", "PATH": "/usr/bin:/bin", "TERM": "dumb"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        ChildProcesses.shared.add(process.processIdentifier)
        var peak = 0
        while process.isRunning {
            peak = max(peak, ProcessSample.read(pid: process.processIdentifier)?.peakRSSBytes ?? 0)
            usleep(20_000)
        }
        process.waitUntilExit()
        ChildProcesses.shared.remove(process.processIdentifier)
        return Cycle(seconds: Date().timeIntervalSince(started), exitStatus: process.terminationStatus, peakRSSBytes: peak)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
