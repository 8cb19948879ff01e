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
            --headers gives one). Figures are the median of --runs passes. With --trafilatura, each of \
            --trafilatura-runs trafilatura passes follows one pass of each of ours, and the ratios are the \
            medians of those pairs (a machine whose speed drifts during the run moves both sides alike).
            """)

    @Argument(help: "A folder of pages, or a benchmark folder with html/.") var directory: String
    @Option(help: "Passes per measurement (the median is reported).") var runs = 5
    @Option(help: "Only the first N pages (sorted by name).") var limit: Int?
    @Option(help: ArgumentHelp("A JSON object mapping <id> to response headers (Content-Type).", valueName: "file"))
    var headers: String?
    @Flag(help: "Also time trafilatura (python3 -m trafilatura must import) in the same run.") var trafilatura = false
    @Option(help: "Passes for trafilatura (it is slow), each paired with one pass of ours.") var trafilaturaRuns = 3

    func run() throws {
        let pages = try BenchPages.load(directory, limit: limit, headersFile: headers)
        let megabytes = Double(pages.reduce(0) { $0 + $1.data.count }) / 1_048_576
        print("pages: \(pages.count) (\(String(format: "%.1f", megabytes)) MB of HTML), one core, median of \(runs) passes")

        var articles = 0
        let passes: [(name: String, run: () -> Void)] = [
            ("libxml2 parse", {
                for page in pages {
                    let charset = CharsetDetector.htmlCharset(for: page.data, contentType: page.contentType).charset
                    _ = try? HTMLDocument(data: page.data, encoding: charset, url: page.url)
                }
            }),
            // The same parse without building libxml2's tree: what a stream reader stands on.
            ("libxml2 stream", {
                for page in pages {
                    let charset = CharsetDetector.htmlCharset(for: page.data, contentType: page.contentType).charset
                    try? HTMLStreamParser.parse(page.data, encoding: charset, elidingUnreadContent: nil, delegate: NullDelegate())
                }
            }),
            ("newsd extract", {
                let extractor = ArticleExtractor()
                articles = 0
                for page in pages where (try? extractor.extract(page.data, url: page.url, contentType: page.contentType)) != nil {
                    articles += 1
                }
            }),
        ]
        let seconds = passes.map { pass in median(runs) { pass.run() } }
        let notes = ["", ", SAX events, no tree", ", \(articles) articles"]
        for index in passes.indices {
            let rate = Double(pages.count) / seconds[index]
            let figures = String(format: "%8.1f pages/s  (%.2f ms/page", rate, 1000 / rate)
            print(passes[index].name.padding(toLength: 15, withPad: " ", startingAt: 0) + " " + figures + notes[index] + ")")
        }
        print(String(format: "extract / parse time: %.2f", seconds[0] > 0 ? seconds[2] / seconds[0] : 0))
        guard trafilatura else { return }
        // Each trafilatura pass right after one pass of each of ours: the ratios are taken pass
        // by pass and their medians reported.
        let timer = try TrafilaturaTimer(pages: pages)
        var trafilaturaSeconds: [Double] = []
        var ratios: [[Double]] = Array(repeating: [], count: passes.count)
        for _ in 0..<max(1, trafilaturaRuns) {
            let ours = passes.map { pass in median(1) { pass.run() } }
            let theirs = try timer.pass()
            trafilaturaSeconds.append(theirs)
            for index in passes.indices { ratios[index].append(theirs / ours[index]) }
        }
        let rate = Double(pages.count) / newsd_bench.median(trafilaturaSeconds)
        print(String(format: "trafilatura     %8.1f pages/s  (%.2f ms/page)", rate, 1000 / rate))
        print(String(format: "ratios vs trafilatura (median of %d paired passes): newsd extract %.1fx, libxml2 parse %.1fx, libxml2 stream %.1fx",
            trafilaturaSeconds.count, newsd_bench.median(ratios[2]), newsd_bench.median(ratios[0]), newsd_bench.median(ratios[1])))
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
