import ArgumentParser
import FeedFarm
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `newsd-bench farm-server` (hidden): the farm's HTTP server in a process of its own, so the
/// daemon's memory and CPU figures are not mixed with the server's.
///
/// Prints `listening PORT` on stdout once it accepts connections; answers `served` on stdin
/// with `served N open C` (requests read so far, connections open now); exits when stdin
/// closes, so it never outlives the benchmark that started it.
struct FarmServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "farm-server", abstract: "Serve a farm for `newsd-bench farm` (started by it).", shouldDisplay: false)

    @OptionGroup var farm: FarmOptions
    @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port = 0

    func run() throws {
        let site = Mutex(farm.site())
        let server = try HTTPServer(port: port, recordingRequests: false) { request in site.withLock { $0 }.respond(to: request) }
        say("listening \(server.port)")
        while let line = readLine() {
            if line == "served" {
                say("served \(server.requestsServed) open \(server.openConnections)")
            } else if line == "bump" {
                // One more item in every feed: the next poll of each finds something new.
                let items = site.withLock { site in
                    var configuration = site.configuration
                    configuration.initialItems += 1
                    site = NewsSite(configuration: configuration, startedAt: site.startedAt)
                    return configuration.initialItems
                }
                say("bumped \(items)")
            }
        }
        server.stop()
    }
}

/// The farm server process, seen from the benchmark.
final class FarmServerProcess {
    let process: Process
    private(set) var port = 0
    private let input: FileHandle
    private let output: FileHandle
    private var buffered: [UInt8] = []

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process.processIdentifier }

    /// Starts `newsd-bench farm-server` and waits until it listens.
    init(executable: URL, farm: FarmOptions) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["farm-server"] + farm.arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        self.process = process
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        ChildProcesses.shared.add(process.processIdentifier)
        let line = readLine() ?? ""
        guard line.hasPrefix("listening "), let port = Int(line.dropFirst("listening ".count)) else {
            stop()
            throw BenchError("the farm server did not start (it said \"\(line)\")")
        }
        self.port = port
    }

    /// Requests the server has read so far, and connections open now.
    func requestsServed() -> (requests: Int, connections: Int)? {
        input.write(Data("served\n".utf8))
        let words = readLine()?.split(separator: " ") ?? []
        guard words.count == 4, words[0] == "served", let requests = Int(words[1]), let connections = Int(words[3]) else { return nil }
        return (requests, connections)
    }

    /// Publishes one more item in every feed.
    func bump() throws {
        input.write(Data("bump\n".utf8))
        guard readLine()?.hasPrefix("bumped") == true else { throw BenchError("the farm server did not publish new items") }
    }

    /// CPU and memory of the server process now.
    func sample() -> ProcessSample? { ProcessSample.read(pid: pid) }

    /// Closes its stdin (it exits) and waits.
    func stop() {
        try? input.close()
        let deadline = Date() + 5
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        ChildProcesses.shared.remove(pid)
    }

    private func readLine() -> String? {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let chunk = output.availableData
            if chunk.isEmpty { return nil }
            buffered.append(contentsOf: chunk)
        }
    }
}
