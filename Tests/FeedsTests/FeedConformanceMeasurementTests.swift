import Foundation
import Testing

@testable import Feeds

/// Opt-in: writes, for every case of a feed conformance corpus (`*.case.json`), the parser's
/// output in the JSON shape `../shared/tools/feed_conformance.py` reads, to
/// `$NEWSD_FEED_CONFORMANCE_OUT/<file>.json`. Score them with a command that prints that file:
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
        let formatter = ISO8601DateFormatter()
        for name in cases {
            let description = try JSONSerialization.jsonObject(with: Data(contentsOf: corpus.appendingPathComponent(name)))
                as? [String: Any] ?? [:]
            guard let file = description["file"] as? String else { continue }
            let http = description["http"] as? [String: Any]
            let headers = http?["headers"] as? [String: String] ?? [:]
            let contentType = headers.first { $0.key.lowercased() == "content-type" }?.value
            let data = try Data(contentsOf: corpus.appendingPathComponent(file))
            var result: [String: Any] = [:]
            do {
                let feed = try FeedParser.parse(data, url: http?["url"] as? String, contentType: contentType)
                result["bozo"] = !feed.isWellFormed
                result["feed"] = [
                    "title": feed.title as Any, "link": feed.siteURL as Any, "subtitle": feed.description as Any,
                    "language": feed.language as Any,
                ]
                result["entries"] = feed.items.map { item -> [String: Any] in
                    [
                        "title": item.title as Any, "link": item.link as Any, "id": item.guid as Any,
                        "published": item.published.map(formatter.string(from:)) as Any,
                        "updated": item.updated.map(formatter.string(from:)) as Any,
                        "summary": item.summary as Any, "content": item.contentHTML as Any,
                        "author": ["name": item.authors.first as Any], "categories": item.categories,
                    ]
                }
            } catch {
                result["bozo"] = true
                result["entries"] = [Any]()
            }
            let json = try JSONSerialization.data(withJSONObject: result)
            try json.write(to: output.appendingPathComponent(file + ".json"))
        }
    }
}
