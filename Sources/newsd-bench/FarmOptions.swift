import ArgumentParser
import FeedFarm
import Foundation

/// What farm the benchmark and its server process serve; both build the same `NewsSite` from
/// these, so the server's bytes and the parse floor's bytes are the same.
struct FarmOptions: ParsableArguments {
    @Option(help: "How many feeds.") var feeds = 100
    @Option(help: "Items in every feed.") var items = 20
    @Option(
        help: ArgumentHelp(
            "Article page sizes in KiB, drawn per page (log-normal, median the geometric mean of the bounds); 0 serves bare pages of a few KiB.",
            valueName: "min-max"))
    var pageKib = "30-200"
    @Option(help: ArgumentHelp("Every N-th feed is Arabic (3: a third).", valueName: "N")) var arabicEvery = 3
    /// When the site began publishing (seconds since 1970), so that the server process and the
    /// benchmark render the same dates; the benchmark sets it for its server.
    @Option(help: .hidden) var startedAt: Double?

    func validate() throws {
        guard feeds >= 1 else { throw ValidationError("--feeds must be at least 1") }
        guard items >= 1 else { throw ValidationError("--items must be at least 1") }
        guard arabicEvery >= 1 else { throw ValidationError("--arabic-every must be at least 1") }
        _ = try pageBytes()
    }

    /// The page size range in bytes; nil for bare pages.
    func pageBytes() throws -> ClosedRange<Int>? {
        if pageKib == "0" { return nil }
        let bounds = pageKib.split(separator: "-").map { Int($0) }
        guard bounds.count == 2, let low = bounds[0], let high = bounds[1], low >= 1, low <= high else {
            throw ValidationError("--page-kib must read MIN-MAX in KiB, such as 30-200, or 0; got \"\(pageKib)\"")
        }
        return low * 1024...high * 1024
    }

    /// The site: every feed lists all its items from the start, and nothing new is published,
    /// so a second poll of any feed is answered 304.
    func site() -> NewsSite {
        NewsSite(
            configuration: .init(
                feeds: feeds, initialItems: items, itemsPerFeed: items, publishInterval: nil, arabicEvery: arabicEvery,
                pageBytes: (try? pageBytes()) ?? nil),
            startedAt: startedAt.map { Date(timeIntervalSince1970: $0) } ?? Date())
    }

    /// These options with the start time fixed (now, unless given).
    func startingNow() -> FarmOptions {
        var fixed = self
        fixed.startedAt = startedAt ?? Date().timeIntervalSince1970.rounded(.down)
        return fixed
    }

    /// The same options as arguments, for the server process.
    var arguments: [String] {
        ["--feeds", "\(feeds)", "--items", "\(items)", "--page-kib", pageKib, "--arabic-every", "\(arabicEvery)"]
            + (startedAt.map { ["--started-at", "\($0)"] } ?? [])
    }
}
