import Foundation

/// Times python3's trafilatura on the same pages, in a child process on one core.
struct TrafilaturaTimer {
    var pages: [BenchPages.Page]
    var runs: Int

    /// Reads a list of `path<TAB>charset` lines, loads every page (decoded with the charset
    /// when one is given, as bytes otherwise), then times `trafilatura.extract` over all of
    /// them `runs` times and prints the median seconds.
    static let script = #"""
        import gzip, statistics, sys, time
        import trafilatura
        runs = int(sys.argv[1])
        docs = []
        for line in sys.stdin.read().splitlines():
            path, charset = line.split('\t')
            data = gzip.open(path, 'rb').read() if path.endswith('.gz') else open(path, 'rb').read()
            docs.append(data.decode(charset, errors='replace') if charset else data)
        times = []
        for _ in range(runs):
            start = time.thread_time()
            for doc in docs:
                trafilatura.extract(doc)
            times.append(time.thread_time() - start)
        print(statistics.median(times))
        """#

    func pagesPerSecond() throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, String(max(1, runs))]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let list = pages.map { page in
            let charset = page.contentType?.lowercased().components(separatedBy: "charset=").dropFirst().first?
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"' ;")) ?? ""
            return page.path + "\t" + charset
        }.joined(separator: "\n")
        input.fileHandleForWriting.write(Data(list.utf8))
        try input.fileHandleForWriting.close()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let seconds = Double(String(decoding: result, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
            seconds > 0
        else {
            throw TrafilaturaUnavailable()
        }
        return Double(pages.count) / seconds
    }

    struct TrafilaturaUnavailable: Error, CustomStringConvertible {
        var description: String { "trafilatura did not run (pip install trafilatura lxml_html_clean)" }
    }
}
