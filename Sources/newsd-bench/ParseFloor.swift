import FeedFarm
import Foundation
import Markup

#if canImport(Glibc)
import Glibc
#endif

/// The floor: how long libxml2 alone needs to parse the farm's article pages, the same bytes
/// the server serves, on `threads` threads (one per core). Pages are generated outside the timed
/// part; each thread times only building and freeing the `HTMLDocument` (libxml2's HTML parser
/// through the one wrapper the extractor uses).
enum ParseFloor {
    struct Result: Codable, Sendable {
        /// Pages of the farm.
        var pages: Int
        /// Pages parsed: all, or an even sample (`--floor-pages`) whose times are scaled up.
        var pagesParsed: Int
        /// Bytes parsed.
        var bytes: Int
        var threads: Int
        /// Parse time of each thread (wall clock, so it includes time other processes took the core).
        var threadSeconds: [Double]
        /// CPU time the parsing of every page takes on all threads together
        /// (`CLOCK_THREAD_CPUTIME_ID`, scaled up from a sample if one was taken): the figure to
        /// compare with the daemon's CPU time, as other processes do not inflate it.
        var cpuSeconds: Double
        /// The floor: the busiest thread's parse time, i.e. the wall time `threads` cores need
        /// to parse every page with nothing else to do (scaled up from a sample if one was taken).
        var floorSeconds: Double
        /// Wall time of the whole measurement, generating the pages included.
        var wallSeconds: Double
        /// What one thread parses per second.
        var mebibytesPerSecondPerThread: Double
        /// Pages libxml2 could not parse (should be none).
        var failures: Int
    }

    /// - Parameter sample: parse only about this many pages, evenly spread, and scale the times
    ///   up to all pages; nil parses every page.
    static func measure(site: NewsSite, baseURL: String, threads: Int, sample: Int? = nil) -> Result {
        let feeds = site.configuration.feeds
        let items = site.listedItems().map(Array.init) ?? []
        let pages = feeds * items.count
        let step = max(1, pages / max(1, sample ?? pages))
        let started = ContinuousClock.now
        let perThread = onThreads(threads, name: "floor") { index -> (seconds: Double, cpu: Double, pages: Int, bytes: Int, failures: Int) in
            var parsing = Duration.zero
            var cpu = 0.0
            var parsed = 0
            var bytes = 0
            var failures = 0
            var page = index * step
            while page < pages {
                let feed = 1 + page / items.count
                let item = items[page % items.count]
                let data = Data(site.articlePageBytes(feed: feed, item: item, baseURL: baseURL))
                let url = site.itemURL(feed: feed, item: item, baseURL: baseURL)
                let start = ContinuousClock.now
                let cpuStart = threadCPUSeconds()
                do {
                    let document = try HTMLDocument(data: data, encoding: "UTF-8", url: url)
                    withExtendedLifetime(document) {}
                } catch {
                    failures += 1
                }
                cpu += threadCPUSeconds() - cpuStart
                parsing += ContinuousClock.now - start
                bytes += data.count
                parsed += 1
                page += threads * step
            }
            return (parsing.seconds, cpu, parsed, bytes, failures)
        }
        let wall = (ContinuousClock.now - started).seconds
        let parsed = perThread.reduce(0) { $0 + $1.pages }
        let scale = Double(pages) / Double(max(1, parsed))
        let floor = (perThread.map(\.seconds).max() ?? 0) * scale
        let bytes = perThread.reduce(0) { $0 + $1.bytes }
        return Result(
            pages: pages, pagesParsed: parsed, bytes: bytes, threads: threads, threadSeconds: perThread.map(\.seconds),
            cpuSeconds: perThread.reduce(0) { $0 + $1.cpu } * scale, floorSeconds: floor,
            wallSeconds: wall,
            mebibytesPerSecondPerThread: Double(bytes) / 1_048_576 / max(perThread.reduce(0) { $0 + $1.seconds }, 1e-9),
            failures: perThread.reduce(0) { $0 + $1.failures })
    }
}

