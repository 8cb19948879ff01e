import Foundation

/// Times python3's trafilatura on the same pages, in a child process on one core, one pass at a
/// time, so that its passes can alternate with ours: a machine that slows down or speeds up
/// during a run then moves both sides of a ratio alike.
final class TrafilaturaTimer {
    /// Reads a list of `path<TAB>charset` lines up to an empty line, loads every page (decoded
    /// with the charset when one is given, as bytes otherwise), says `ready`, then runs
    /// `trafilatura.extract` over all of them for every further line it reads, printing the
    /// thread CPU seconds of each pass.
    static let script = #"""
        import gzip, sys, time
        import trafilatura
        docs = []
        for line in sys.stdin:
            line = line.rstrip('\n')
            if not line:
                break
            path, charset = line.split('\t')
            data = gzip.open(path, 'rb').read() if path.endswith('.gz') else open(path, 'rb').read()
            docs.append(data.decode(charset, errors='replace') if charset else data)
        print('ready', flush=True)
        for _ in sys.stdin:
            start = time.thread_time()
            for doc in docs:
                trafilatura.extract(doc)
            print(time.thread_time() - start, flush=True)
        """#

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()

    init(pages: [BenchPages.Page]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let list = pages.map { page in
            let charset = page.contentType?.lowercased().components(separatedBy: "charset=").dropFirst().first?
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"' ;")) ?? ""
            return page.path + "\t" + charset + "\n"
        }.joined()
        input.fileHandleForWriting.write(Data((list + "\n").utf8))
        guard readLine() == "ready" else { throw TrafilaturaUnavailable() }
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// The thread CPU seconds of one pass over all the pages.
    func pass() throws -> Double {
        input.fileHandleForWriting.write(Data("\n".utf8))
        guard let line = readLine(), let seconds = Double(line), seconds > 0 else { throw TrafilaturaUnavailable() }
        return seconds
    }

    /// The next line the script prints, or nil when it has ended.
    private func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[(newline + 1)...])
                return line.trimmingCharacters(in: .whitespaces)
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { return nil }
            pending.append(chunk)
        }
    }

    struct TrafilaturaUnavailable: Error, CustomStringConvertible {
        var description: String { "trafilatura did not run (pip install trafilatura lxml_html_clean)" }
    }
}
