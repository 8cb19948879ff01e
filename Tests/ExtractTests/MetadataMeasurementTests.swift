import Foundation
import Markup
import Testing

@testable import Extract

/// Opt-in measurement of metadata accuracy on two corpora beside the checkout:
/// `readability-test-pages` (title, byline, language against `expected-metadata.json`) and
/// `wcxb-dev-articles` (title, author, publication date against `metadata-truth.json`).
///
///     NEWSD_MEASURE_METADATA=1 swift test --filter MetadataMeasurementTests
///
/// Prints one line per field: matches / pages that have a true value, and how many we left
/// empty. Values are compared as comparison keys (case, accents, punctuation ignored); a date
/// matches when our instant falls on the true calendar day in some time zone (±14 h).
@Suite("Metadata measurement (opt-in)")
struct MetadataMeasurementTests {
    static let enabled = ProcessInfo.processInfo.environment["NEWSD_MEASURE_METADATA"] != nil

    struct Tally: CustomStringConvertible {
        var name: String
        var matched = 0
        var lenient = 0
        var total = 0
        var empty = 0
        var misses: [String] = []

        mutating func add(_ ours: String?, _ truth: String?, id: String, strict: (String, String) -> Bool,
                          loose: ((String, String) -> Bool)? = nil) {
            guard let truth, !truth.isEmpty else { return }
            total += 1
            guard let ours, !ours.isEmpty else {
                empty += 1
                return
            }
            if strict(ours, truth) {
                matched += 1
                lenient += 1
            } else if let loose, loose(ours, truth) {
                lenient += 1
            } else if misses.count < 8 {
                misses.append("\(id): \(ours) ≠ \(truth)")
            }
        }

        var accuracy: Double { total == 0 ? 0 : Double(matched) / Double(total) }

        var description: String {
            String(format: "%@ %d/%d = %.3f (lenient %.3f), empty %d", name, matched, total, accuracy,
                total == 0 ? 0 : Double(lenient) / Double(total), empty)
        }
    }

    static func sameKey(_ a: String, _ b: String) -> Bool { key(a) == key(b) }

    static func key(_ text: String) -> String {
        var value = TextAnalysis.comparisonKey(text)
        for prefix in ["by ", "written by ", "posted by "] where value.hasPrefix(prefix) { value.removeFirst(prefix.count) }
        return value
    }

    static func overlaps(_ a: String, _ b: String) -> Bool {
        let (x, y) = (key(a), key(b))
        return !x.isEmpty && !y.isEmpty && (x.contains(y) || y.contains(x))
    }

    @Test("readability-test-pages: title, byline, language", .enabled(if: enabled, "set NEWSD_MEASURE_METADATA=1"))
    func readabilityPages() throws {
        let folder = Corpus.root.appendingPathComponent("readability-test-pages")
        var title = Tally(name: "title   "), byline = Tally(name: "byline  "), language = Tally(name: "language")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let page = folder.appendingPathComponent(name)
            guard let html = try? Data(contentsOf: page.appendingPathComponent("source.html")),
                let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: page.appendingPathComponent("expected-metadata.json")))
                    as? [String: Any]
            else { continue }
            let article = try? ArticleExtractor().extract(html, url: "http://fakehost/test/page.html", contentType: nil)
            title.add(article?.title, expected["title"] as? String, id: name, strict: Self.sameKey, loose: Self.overlaps)
            byline.add(article?.byline, expected["byline"] as? String, id: name, strict: Self.sameKey, loose: Self.overlaps)
            language.add(article?.language, (expected["lang"] as? String).flatMap(TextAnalysis.primaryLanguage), id: name,
                strict: { $0 == $1 })
        }
        for tally in [title, byline, language] {
            print("readability-test-pages \(tally)")
            for miss in tally.misses { print("    \(miss)") }
        }
        #expect(title.accuracy > 0.5)
        #expect(language.accuracy > 0.8)
    }

    @Test("wcxb-dev-articles: title, author, date", .enabled(if: enabled, "set NEWSD_MEASURE_METADATA=1"))
    func wcxbPages() throws {
        let folder = Corpus.root.appendingPathComponent("wcxb-dev-articles")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("metadata-truth.json")))
            as? [String: [String: Any]] ?? [:]
        var title = Tally(name: "title "), author = Tally(name: "author"), date = Tally(name: "date  ")
        let day = DateFormatter()
        day.dateFormat = "yyyy-MM-dd"
        day.timeZone = TimeZone(identifier: "UTC")
        day.locale = Locale(identifier: "en_US_POSIX")
        for (id, entry) in truth.sorted(by: { $0.key < $1.key }) {
            let compressed = try Data(contentsOf: folder.appendingPathComponent("html/\(id).html.gz"))
            let html = try Gzip.decompress(compressed)
            let article = try? ArticleExtractor().extract(html, url: entry["url"] as? String ?? "", contentType: nil)
            title.add(article?.title, entry["title"] as? String, id: id, strict: Self.sameKey, loose: Self.overlaps)
            author.add(article?.byline, entry["author"] as? String, id: id, strict: Self.sameKey, loose: Self.overlaps)
            date.add(article?.published.map { day.string(from: $0) + "|" + String($0.timeIntervalSince1970) },
                (entry["publish_date"] as? String).map { String($0.prefix(10)) }, id: id,
                strict: { ours, truth in
                    let parts = ours.split(separator: "|")
                    guard parts.count == 2, let instant = Double(parts[1]), let start = day.date(from: truth) else { return false }
                    return instant >= start.timeIntervalSince1970 - 14 * 3600 && instant < start.timeIntervalSince1970 + 38 * 3600
                })
        }
        for tally in [title, author, date] {
            print("wcxb-dev-articles \(tally)")
            for miss in tally.misses { print("    \(miss)") }
        }
        #expect(title.accuracy > 0.5)
        #expect(date.accuracy > 0.5)
    }
}
