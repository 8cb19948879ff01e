import Foundation
import Testing

@testable import Feeds

/// Opt-in: writes, for every case of a feed conformance corpus (`*.case.json`), the JSON
/// `newsctl parse` prints (``FeedJSON``) to `$NEWSD_FEED_CONFORMANCE_OUT/<file>.json`. The usual way
/// to score the parser is simpler and needs no test run:
///
///     python3 ../shared/tools/feed_conformance.py ../shared/corpus/feedparser-conformance -- \
///         .build/release/newsctl parse {file}
///
/// This test scores the same output in-process, for a debugger:
///
///     NEWSD_FEED_CONFORMANCE=../shared/corpus/feedparser-conformance NEWSD_FEED_CONFORMANCE_OUT=/tmp/conf \
///         swift test --filter FeedConformanceMeasurementTests
///     python3 ../shared/tools/feed_conformance.py ../shared/corpus/feedparser-conformance -- \
///         sh -c 'cat /tmp/conf/$(basename "$0").json' {file}
@Suite("Feed conformance measurement (opt-in)")
struct FeedConformanceMeasurementTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test(
        "write parser output for a conformance corpus",
        .enabled(if: environment["NEWSD_FEED_CONFORMANCE"] != nil && environment["NEWSD_FEED_CONFORMANCE_OUT"] != nil,
            "set NEWSD_FEED_CONFORMANCE and NEWSD_FEED_CONFORMANCE_OUT to run"))
    func measure() throws {
        let corpus = URL(fileURLWithPath: Self.environment["NEWSD_FEED_CONFORMANCE"]!)
        let output = URL(fileURLWithPath: Self.environment["NEWSD_FEED_CONFORMANCE_OUT"]!)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let cases = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".case.json") }
        #expect(!cases.isEmpty)
        for name in cases {
            let description = try JSONSerialization.jsonObject(with: Data(contentsOf: corpus.appendingPathComponent(name)))
                as? [String: Any] ?? [:]
            guard let file = description["file"] as? String else { continue }
            let http = description["http"] as? [String: Any]
            var headers: [String: String] = [:]
            for (key, value) in http?["headers"] as? [String: String] ?? [:] { headers[key.lowercased()] = value }
            let data = try Data(contentsOf: corpus.appendingPathComponent(file))
            let json: Data
            do {
                let feed = try FeedParser.parse(
                    data, url: http?["url"] as? String, contentType: headers["content-type"],
                    contentLocation: headers["content-location"], contentLanguage: headers["content-language"])
                json = FeedJSON.encode(feed)
            } catch {
                json = FeedJSON.encode(error)
            }
            try json.write(to: output.appendingPathComponent(file + ".json"))
        }
    }
}
