import ArgumentParser
import Extract
import Foundation
import Markup

/// `newsd-bench extract DIR`: single-core extraction throughput on a folder of pages, beside
/// libxml2's bare parse of the same pages (the floor) and, optionally, trafilatura.
struct ExtractBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Pages per second of article extraction on one core, beside libxml2's bare parse and trafilatura.",
        discussion: """
            DIR holds <id>.html or <id>.html.gz pages, directly or in DIR/html (a benchmark folder). \
            Every page is read and decompressed first; then each pass runs on this one thread: the bare \
            parse (charset decision + libxml2 HTML parse building its tree), the same parse as a stream of \
            events without a tree (what the extractor reads, less its elision of scripts and styles), the \
            full extraction, and with --trafilatura \
            python3's trafilatura.extract on the same bytes (decoded with the same charset when \
            --headers gives one). Figures are the median of --runs passes.
            """)

    @Argument(help: "A folder of pages, or a benchmark folder with html/.") var directory: String
    @Option(help: "Passes per measurement (the median is reported).") var runs = 5
    @Option(help: "Only the first N pages (sorted by name).") var limit: Int?
    @Option(help: ArgumentHelp("A JSON object mapping <id> to response headers (Content-Type).", valueName: "file"))
    var headers: String?
    @Flag(help: "Also time trafilatura (python3 -m trafilatura must import) in the same run.") var trafilatura = false
    @Option(help: "Passes for trafilatura (it is slow).") var trafilaturaRuns = 3

    func run() throws {
        let pages = try BenchPages.load(directory, limit: limit, headersFile: headers)
        let megabytes = Double(pages.reduce(0) { $0 + $1.data.count }) / 1_048_576
        print("pages: \(pages.count) (\(String(format: "%.1f", megabytes)) MB of HTML), one core, median of \(runs) passes")

        let parse = median(runs) {
            for page in pages {
                let charset = CharsetDetector.htmlCharset(for: page.data, contentType: page.contentType).charset
                _ = try? HTMLDocument(data: page.data, encoding: charset, url: page.url)
            }
        }
        // The same parse without building libxml2's tree: what a stream reader stands on.
        let stream = median(runs) {
            for page in pages {
                let charset = CharsetDetector.htmlCharset(for: page.data, contentType: page.contentType).charset
                try? HTMLStreamParser.parse(page.data, encoding: charset, elidingUnreadContent: nil, delegate: NullDelegate())
            }
        }
        let extractor = ArticleExtractor()
        var articles = 0
        let extract = median(runs) {
            articles = 0
            for page in pages where (try? extractor.extract(page.data, url: page.url, contentType: page.contentType)) != nil {
                articles += 1
            }
        }
        let parseRate = Double(pages.count) / parse
        let streamRate = Double(pages.count) / stream
        let extractRate = Double(pages.count) / extract
        print(String(format: "libxml2 parse   %8.1f pages/s  (%.2f ms/page)", parseRate, 1000 / parseRate))
        print(String(format: "libxml2 stream  %8.1f pages/s  (%.2f ms/page, SAX events, no tree)", streamRate, 1000 / streamRate))
        print(String(format: "newsd extract   %8.1f pages/s  (%.2f ms/page, %d articles)", extractRate, 1000 / extractRate, articles))
        print(String(format: "extract / parse time: %.2f", parse > 0 ? extract / parse : 0))
        guard trafilatura else { return }
        let rate = try TrafilaturaTimer(pages: pages, runs: trafilaturaRuns).pagesPerSecond()
        print(String(format: "trafilatura     %8.1f pages/s  (%.2f ms/page)", rate, 1000 / rate))
        print(String(format: "ratios vs trafilatura: newsd extract %.1fx, libxml2 parse %.1fx, libxml2 stream %.1fx",
            extractRate / rate, parseRate / rate, streamRate / rate))
    }

    /// The median CPU time of this thread over `count` runs of `body`, in seconds (CPU time,
    /// not wall time: steadier on a machine shared with other work).
    private func median(_ count: Int, _ body: () -> Void) -> Double {
        let times = (0..<max(1, count)).map { _ in
            let start = threadCPUSeconds()
            body()
            return threadCPUSeconds() - start
        }
        return newsd_bench.median(times)
    }

}

/// Receives a stream parse's events and does nothing with them (the stream floor).
private final class NullDelegate: HTMLStreamDelegate {
    func startElement(_ name: HTMLTagName, attributes: HTMLStartTagAttributes) {}
    func endElement(_ name: HTMLTagName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
    func textBoundary() {}
}
