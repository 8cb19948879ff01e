import Control
import FeedFarm
import Foundation

/// Checks the end state against the site's rules: every listed item logged exactly once under
/// its own URL, the right number `new` and `duplicate`, nothing failed, every duplicate pointing
/// at the stored article with its canonical URL, and the store's counts agreeing.
enum FarmVerification {
    /// The fields of a log line the checks need.
    private struct Line: Decodable {
        var status: String
        var url: String
        var articleID: Int64?
        var canonicalURL: String?
        var duplicateOf: Int64?
        var ms: Int

        enum CodingKeys: String, CodingKey {
            case status, url, ms
            case articleID = "article_id"
            case canonicalURL = "canonical_url"
            case duplicateOf = "duplicate_of"
        }
    }

    struct Outcome {
        var verification: FarmReport.Verification
        var latencyMilliseconds: [String: Int]
    }

    /// - Parameter complete: whether every item should have been processed by now; a run cut
    ///   short by `--timeout` is checked only for what must hold at any moment (nothing twice,
    ///   nothing unexpected, nothing failed).
    static func check(logPath: String, site: NewsSite, baseURL: String, stats: StatsResult, complete: Bool) throws -> Outcome {
        let expected = site.expectation()
        var problems: [String] = []
        let decoder = JSONDecoder()
        var byStatus: [String: Int] = [:]
        var urls = Set<String>()
        var lines = 0
        var repeatedURLs = 0
        var undecodable = 0
        var newByCanonical: [String: Int64] = [:]
        var newIDs = Set<Int64>()
        var repeatedIDs = 0
        var duplicates: [(canonical: String?, of: Int64?)] = []
        var latencies: [Int] = []
        latencies.reserveCapacity(expected.items)

        var follower = LogFollower(path: logPath)
        follower.newLines { bytes in
            lines += 1
            guard let line = try? decoder.decode(Line.self, from: Data(bytes)) else {
                undecodable += 1
                return
            }
            byStatus[line.status, default: 0] += 1
            if !urls.insert(line.url).inserted { repeatedURLs += 1 }
            latencies.append(line.ms)
            switch line.status {
            case "new":
                if let id = line.articleID, !newIDs.insert(id).inserted { repeatedIDs += 1 }
                if let canonical = line.canonicalURL, let id = line.articleID { newByCanonical[canonical] = id }
            case "duplicate":
                duplicates.append((line.canonicalURL, line.duplicateOf))
            default:
                break
            }
        }

        var expectedURLs = Set<String>()
        if let listed = site.listedItems() {
            for feed in 1...site.configuration.feeds {
                for item in listed { expectedURLs.insert(site.itemURL(feed: feed, item: item, baseURL: baseURL)) }
            }
        }
        let missing = expectedURLs.subtracting(urls)
        let unexpected = urls.subtracting(expectedURLs)

        if undecodable > 0 { problems.append("\(undecodable) log lines are not JSON article log entries") }
        if repeatedURLs > 0 { problems.append("\(repeatedURLs) items logged more than once (doubled)") }
        if !unexpected.isEmpty { problems.append("\(unexpected.count) logged URLs the farm never listed, e.g. \(unexpected.sorted().prefix(3).joined(separator: " "))") }
        if complete {
            if lines != expected.items { problems.append("\(lines) log lines, expected \(expected.items) (one per item)") }
            if !missing.isEmpty { problems.append("\(missing.count) items never logged (lost), e.g. \(missing.sorted().prefix(3).joined(separator: " "))") }
            if byStatus["new", default: 0] != expected.articles { problems.append("\(byStatus["new", default: 0]) logged new, expected \(expected.articles)") }
            if byStatus["duplicate", default: 0] != expected.duplicates {
                problems.append("\(byStatus["duplicate", default: 0]) logged duplicate, expected \(expected.duplicates)")
            }
        }
        for status in ["failed", "updated"] where byStatus[status, default: 0] > 0 { problems.append("\(byStatus[status]!) logged \(status)") }
        if repeatedIDs > 0 { problems.append("\(repeatedIDs) article ids logged new more than once") }
        let strayDuplicates = duplicates.filter { duplicate in
            guard let canonical = duplicate.canonical, let of = duplicate.of else { return true }
            return newByCanonical[canonical] != of
        }
        if !strayDuplicates.isEmpty { problems.append("\(strayDuplicates.count) duplicates do not point at the new article with their canonical URL") }
        if complete {
            if stats.articles != expected.articles { problems.append("\(stats.articles) articles stored, expected \(expected.articles)") }
            if stats.items != expected.items { problems.append("\(stats.items) items recorded, expected \(expected.items)") }
            if stats.jobs["done", default: 0] != expected.items { problems.append("\(stats.jobs["done", default: 0]) jobs done, expected \(expected.items)") }
            for state in ["queued", "leased"] where stats.jobs[state, default: 0] > 0 { problems.append("\(stats.jobs[state]!) jobs \(state)") }
        }
        if stats.jobs["dead", default: 0] > 0 { problems.append("\(stats.jobs["dead"]!) jobs dead") }

        latencies.sort()
        func percentile(_ p: Double) -> Int {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        return Outcome(
            verification: FarmReport.Verification(
                logLines: lines, byStatus: byStatus, uniqueURLs: urls.count, missingURLs: missing.count, unexpectedURLs: unexpected.count,
                storedArticles: stats.articles, jobs: stats.jobs, problems: problems),
            latencyMilliseconds: ["p50": percentile(0.5), "p90": percentile(0.9), "p99": percentile(0.99), "max": latencies.last ?? 0])
    }
}
