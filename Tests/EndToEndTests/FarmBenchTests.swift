import Foundation
import Testing

/// `newsd-bench farm` end to end on a tiny farm: the real daemon, its own server process, the
/// poll cycle, the floor, and the exactly-once check with the right counts.
@Suite(.serialized) struct FarmBenchTests {
    struct Farm: Sendable, CustomTestStringConvertible {
        var feeds: Int
        var items: Int
        var articles: Int
        var duplicates: Int
        var testDescription: String { "\(feeds) feeds × \(items) items" }
    }

    /// 3 × 4: no wire story, every item its own article. 4 × 5: feeds 1, 2 and 4 are English
    /// and carry wire story 5 (stored once, two duplicates), feed 3 is Arabic.
    @Test(.timeLimit(.minutes(2)), arguments: [
        Farm(feeds: 3, items: 4, articles: 12, duplicates: 0), Farm(feeds: 4, items: 5, articles: 18, duplicates: 2),
    ])
    func farmRunsTheDaemonAndReportsEveryItemStoredExactlyOnce(_ farm: Farm) throws {
        let json = NSTemporaryDirectory() + "farm-\(UUID().uuidString.prefix(8)).json"
        defer { try? FileManager.default.removeItem(atPath: json) }
        let result = CommandResult.run(Binaries.url("newsd-bench"), [
            "farm", "--feeds", "\(farm.feeds)", "--items", "\(farm.items)", "--poll-cycles", "1", "--probe-pages", "12",
            "--print-every", "1", "--json", json,
        ])
        #expect(result.status == 0, "newsd-bench farm failed:\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("yes: nothing lost, nothing doubled"), "\(result.stdout)")

        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let verification = try #require(report["verification"] as? [String: Any])
        #expect((verification["problems"] as? [String])?.isEmpty == true)
        let byStatus = try #require(verification["byStatus"] as? [String: Int])
        #expect(byStatus == ["new": farm.articles, "duplicate": farm.duplicates].filter { $0.value > 0 })
        #expect(verification["storedArticles"] as? Int == farm.articles)
        #expect(verification["uniqueURLs"] as? Int == farm.feeds * farm.items)

        let ingest = try #require(report["ingest"] as? [String: Any])
        let first = try #require(ingest["firstArticleSeconds"] as? Double)
        let last = try #require(ingest["lastArticleSeconds"] as? Double)
        #expect(0 < first && first <= last)
        #expect(ingest["peakRSSBytes"] as? Int ?? 0 > 1 << 20)
        let cycles = try #require(report["pollCycles"] as? [[String: Any]])
        #expect(cycles.count == 1)
        #expect(cycles.first?["notModified"] as? Int == farm.feeds)
        #expect(cycles.first?["timedOut"] as? Bool == false)
        let floor = try #require(report["floor"] as? [String: Any])
        #expect(floor["pages"] as? Int == farm.feeds * farm.items)
        #expect(floor["failures"] as? Int == 0)
        #expect((floor["bytes"] as? Int ?? 0) > farm.feeds * farm.items * 30 * 1024)
        #expect(report["ratioToFloor"] is Double)
        #expect(!(report["samples"] as? [Any] ?? []).isEmpty)
        #expect(report["daemonExitStatus"] as? Int == 0)
        let server = try #require(report["serverAlone"] as? [String: Any])
        #expect(server["pages"] as? Int == 12)
        #expect(server["pagesCompared"] as? Int ?? 0 > 0)
    }
}
