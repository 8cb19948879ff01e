import Dedupe
import Foundation

/// The datasketch side of `dedupe-bench` as a child `python3` process: it indexes the same
/// articles, then times one pass over the queries each time it is asked, so newsd's runs and
/// its runs alternate under the same machine load.
final class DatasketchSession {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()
    private let folder: URL
    /// What the script said once its index was built.
    private(set) var greeting = ""

    struct Run {
        var rate: Double
        var summary: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(documents: [[String]], queries: [[String]], parameters: FingerprintParameters) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-dedupe-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.writeLines(documents, to: folder.appendingPathComponent("indexed.jsonl"))
        try Self.writeLines(queries, to: folder.appendingPathComponent("queries.jsonl"))
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", DatasketchScript.source, folder.path, "\(parameters.shingleSize)", "\(parameters.bands)",
            "\(parameters.rows)", "\(DuplicateRule.minimumJaccard)", "\(DuplicateRule.minimumContainment)",
        ]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        guard let ready = readLine(), ready.hasPrefix("ready ") else {
            finish()
            throw Failure(description: "datasketch: the python side failed (is `pip install datasketch` done?)")
        }
        greeting = String(ready.dropFirst(6))
    }

    /// One timed pass of the script over the queries.
    func run() throws -> Run {
        input.fileHandleForWriting.write(Data("run\n".utf8))
        guard let line = readLine(), line.hasPrefix("rate "), let rate = Double(line.dropFirst(5).prefix { $0 != " " }) else {
            throw Failure(description: "datasketch: the python side stopped")
        }
        return Run(rate: rate, summary: String(line.dropFirst(5).drop { $0 != " " }.dropFirst()))
    }

    /// Ends the script and removes its files.
    func finish() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    private func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }

    private static func writeLines(_ documents: [[String]], to url: URL) throws {
        var data = Data()
        for document in documents {
            data.append(try JSONSerialization.data(withJSONObject: document))
            data.append(0x0A)
        }
        try data.write(to: url)
    }
}

