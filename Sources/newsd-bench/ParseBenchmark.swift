import ArgumentParser
import Feeds
import Foundation
import Markup

#if canImport(Glibc)
import Glibc
#endif

/// `newsd-bench parse FILE…`: the feed parser's throughput beside Python feedparser's and
/// libxml2's bare parse, on the same files in the same run.
struct ParseBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Measure feed parsing (parse + JSON, as `newsctl parse` does) against libxml2's bare parse and Python feedparser.",
        discussion: """
            For each file, each run measures: libxml2's bare SAX parse (no handlers: the floor), newsd's parse plus \
            the JSON `newsctl parse` prints, and Python feedparser's parse plus json.dumps of the same fields (in a \
            python3 subprocess timing itself). Times are CPU seconds of the work alone (the thread's, or the \
            Python process's), so other load on the machine matters little; the median of the runs is reported, \
            with items/s, MB/s and the ratios to feedparser. Make a test file with \
            ../shared/tools/gen_big_feed.py OUT.xml --items 5000 [--lang ar --encoding windows-1256].
            """)

    @Argument(help: ArgumentHelp("Feed files to parse.", valueName: "file")) var files: [String]
    @Option(help: "Runs per file (the median is reported).") var runs = 5
    @Flag(help: "Skip Python feedparser (`pip install feedparser` to compare).") var withoutFeedparser = false
    @Option(help: ArgumentHelp("The Python interpreter with feedparser installed.", valueName: "path")) var python = "python3"

    func run() throws {
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        for path in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let megabytes = Double(data.count) / 1_000_000
            var bare: [Double] = []
            var ours: [Double] = []
            var python: [Double] = []
            var items = 0
            var outputBytes = 0
            for run in 1...max(1, runs) {
                bare.append(Self.cpuSeconds { _ = XMLStreamParser.bareParse(data, encoding: nil) })
                ours.append(Self.cpuSeconds {
                    // Parse, and print the JSON to /dev/null as `newsctl parse` prints it to stdout.
                    outputBytes = 0
                    do throws(FeedError) {
                        let feed = try FeedParser.parse(data, url: nil, contentType: nil)
                        items = feed.items.count
                        FeedJSON.write(feed) { bytes in
                            outputBytes += bytes.count
                            _ = Glibc.write(devNull, bytes.baseAddress, bytes.count)
                        }
                    } catch {
                        outputBytes = FeedJSON.encode(error).count
                    }
                })
                if !withoutFeedparser {
                    guard let seconds = feedparserSeconds(path) else {
                        throw ValidationError("python3 with feedparser is needed (pip install feedparser), or pass --without-feedparser")
                    }
                    python.append(seconds)
                }
                FileHandle.standardError.write(Data("newsd-bench: \(path) run \(run)/\(runs) done\n".utf8))
            }
            let bareTime = median(bare)
            let ourTime = median(ours)
            print("\(path): \(items) items, \(String(format: "%.1f", megabytes)) MB, JSON out \(String(format: "%.1f", Double(outputBytes) / 1_000_000)) MB")
            print(Self.line("libxml2 bare SAX parse", bareTime, items: items, megabytes: megabytes))
            print(Self.line("newsd parse + JSON", ourTime, items: items, megabytes: megabytes))
            if !python.isEmpty {
                let pythonTime = median(python)
                print(Self.line("feedparser parse + JSON", pythonTime, items: items, megabytes: megabytes))
                print(String(format: "  ratios (feedparser time / time): newsd %.1f×, libxml2 bare %.1f×", pythonTime / ourTime, pythonTime / bareTime))
            }
            print(String(format: "  newsd costs %.2f× libxml2's bare parse", ourTime / bareTime))
        }
    }

    static func line(_ name: String, _ seconds: Double, items: Int, megabytes: Double) -> String {
        String(
            format: "  %@ %8.3f s  %10.0f items/s  %7.1f MB/s", name.padding(toLength: 26, withPad: " ", startingAt: 0),
            seconds, Double(items) / seconds, megabytes / seconds)
    }

    /// The calling thread's CPU time spent in `work`.
    static func cpuSeconds(_ work: () -> Void) -> Double {
        let start = threadCPUSeconds()
        work()
        return threadCPUSeconds() - start
    }

    /// feedparser's CPU time for the file: parse, then json.dumps of the fields `newsctl parse` prints.
    func feedparserSeconds(_ path: String) -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", Self.feedparserScript, path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static let feedparserScript = """
        import json, sys, time, feedparser
        data = open(sys.argv[1], 'rb').read()
        start = time.process_time()
        d = feedparser.parse(data)
        def ts(t): return time.strftime('%Y-%m-%dT%H:%M:%SZ', t) if t else None
        def entry(e):
            return {'id': e.get('id'), 'title': e.get('title'), 'link': e.get('link'),
                    'published': ts(e.get('published_parsed')), 'updated': ts(e.get('updated_parsed')),
                    'summary': e.get('summary'), 'content': (e.get('content') or [{}])[0].get('value'),
                    'author': {'name': e.get('author_detail', {}).get('name'), 'email': e.get('author_detail', {}).get('email')},
                    'categories': [t.get('term') for t in e.get('tags', [])],
                    'enclosures': [{'url': x.get('href'), 'type': x.get('type'), 'length': x.get('length')} for x in e.get('enclosures', [])]}
        f = d.feed
        out = json.dumps({'bozo': bool(d.bozo), 'version': d.get('version'), 'encoding': d.get('encoding'),
                          'feed': {'title': f.get('title'), 'link': f.get('link'), 'subtitle': f.get('subtitle'),
                                   'language': f.get('language'), 'updated': ts(f.get('updated_parsed'))},
                          'entries': [entry(e) for e in d.entries]}, ensure_ascii=False)
        print(time.process_time() - start)
        """
}
