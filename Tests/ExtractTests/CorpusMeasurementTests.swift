import Foundation
import Testing

@testable import Extract

/// Opt-in measurement over a benchmark folder in the scrapinghub layout (`html/<id>.html[.gz]`,
/// `ground-truth.json`, optional `headers.json`), e.g. `../shared/corpus/arabic-pages`.
///
///     NEWSD_MEASURE_BENCH=../shared/corpus/arabic-pages NEWSD_MEASURE_OUT=/tmp/pred.json \
///         swift test --filter CorpusMeasurementTests
///     python3 ../shared/tools/extraction_eval.py --bench ../shared/corpus/arabic-pages --pred /tmp/pred.json
@Suite("Corpus measurement (opt-in)")
struct CorpusMeasurementTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test(
        "write predictions for a benchmark folder",
        .enabled(if: environment["NEWSD_MEASURE_BENCH"] != nil && environment["NEWSD_MEASURE_OUT"] != nil,
            "set NEWSD_MEASURE_BENCH and NEWSD_MEASURE_OUT to run"))
    func measure() throws {
        let bench = URL(fileURLWithPath: Self.environment["NEWSD_MEASURE_BENCH"]!)
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: bench.appendingPathComponent("ground-truth.json")))
            as? [String: [String: Any]] ?? [:]
        let headers = (try? JSONSerialization.jsonObject(with: Data(contentsOf: bench.appendingPathComponent("headers.json"))))
            as? [String: [String: String]] ?? [:]
        var output: [String: [String: String]] = [:]
        var failures = 0
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var slowest: [(Duration, String)] = []
        for (id, entry) in truth.sorted(by: { $0.key < $1.key }) {
            let html = bench.appendingPathComponent("html/\(id).html")
            let data: Data
            if let plain = try? Data(contentsOf: html) {
                data = plain
            } else {
                data = try gunzip(bench.appendingPathComponent("html/\(id).html.gz"))
            }
            let url = entry["url"] as? String ?? "https://example.test/\(id)"
            var body = ""
            let pageTime = clock.measure {
                do {
                    body = try ArticleExtractor().extract(data, url: url, contentType: headers[id]?["Content-Type"]).text
                } catch {
                    failures += 1
                }
            }
            elapsed += pageTime
            slowest = Array((slowest + [(pageTime, id)]).sorted { $0.0 > $1.0 }.prefix(5))
            output[id] = ["articleBody": body]
        }
        let json = try JSONSerialization.data(withJSONObject: output, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: Self.environment["NEWSD_MEASURE_OUT"]!))
        print("measured \(truth.count) pages, \(failures) errors, extraction time \(elapsed)")
        print("slowest: " + slowest.map { "\($0.1) \($0.0)" }.joined(separator: ", "))
    }

    func gunzip(_ file: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
