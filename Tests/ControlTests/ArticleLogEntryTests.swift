import Control
import Foundation
import Testing

@Suite struct ArticleLogEntryTests {
    let entry = ArticleLogEntry(
        ts: "2026-11-29T09:00:00Z", status: .new, articleID: 12, feedID: 2, feedURL: "https://news.example/rss",
        url: "https://news.example/a?utm_source=rss", canonicalURL: "https://news.example/a", title: "انطلاق اجتماع وزراء الخارجية",
        lang: "ar", words: 412, duplicateOf: nil, ms: 85)

    func object(_ value: some Encodable) throws -> [String: Any] {
        let line = try ControlCoding.line(value)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
        return try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
    }

    @Test func everyContractKeyIsPresentAndAbsentValuesAreNull() throws {
        let json = try object(entry)
        for key in ["ts", "status", "article_id", "feed_url", "url", "canonical_url", "title", "lang", "words", "duplicate_of", "ms"] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        #expect(json["duplicate_of"] is NSNull)
        #expect(json["error"] == nil)
        #expect(json["title"] as? String == "انطلاق اجتماع وزراء الخارجية")
    }

    @Test func arabicAndSlashesAreWrittenAsThemselves() throws {
        let text = String(decoding: try ControlCoding.line(entry), as: UTF8.self)
        #expect(text.contains("انطلاق"))
        #expect(text.contains("https://news.example/a"))
    }

    @Test func failedLinesCarryTheError() throws {
        var failed = entry
        failed.status = .failed
        failed.articleID = nil
        failed.error = "https://news.example/a: HTTP 404"
        let json = try object(failed)
        #expect(json["error"] as? String == "https://news.example/a: HTTP 404")
        #expect(json["article_id"] is NSNull)
        #expect(try ControlCoding.decode(ArticleLogEntry.self, from: try ControlCoding.line(failed)) == failed)
    }

    @Test func theHandWrittenLineIsWhatTheEncoderWrites() throws {
        // Every status, absent and present values, quotes, backslashes, control characters,
        // DEL, U+2028, Arabic, emoji, slashes, tags and the similarity's number forms.
        let odd = "a\"b\\c/d\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}\u{2028}إقرأ أيضاً 😀"
        var entries = [entry]
        for status in ArticleLogEntry.Status.allCases {
            for similarity in [nil, 1, 0.5, 0.873, 0.052, 1e-7] as [Double?] {
                var changed = entry
                changed.status = status
                changed.similarity = similarity
                changed.error = status == .failed ? odd : nil
                changed.reason = similarity == nil ? nil : "near_duplicate"
                changed.storyID = similarity == nil ? nil : 7
                changed.duplicateOf = similarity == nil ? nil : -3
                changed.tags = similarity == nil ? [] : ["world", odd]
                changed.title = similarity == 0.5 ? nil : odd
                changed.canonicalURL = similarity == 0.5 ? nil : "https://x.example/\(odd)"
                changed.lang = similarity == 0.5 ? nil : "ar"
                changed.articleID = similarity == 0.5 ? nil : Int64.max
                changed.words = similarity == nil ? 0 : 99_999
                entries.append(changed)
            }
        }
        for entry in entries { #expect(entry.json == (try ControlCoding.text(entry))) }
    }

    @Test func tailFiltersByLanguageStatusAndFeed() {
        #expect(TailParams(follow: true, lang: "ar").matches(entry))
        #expect(!TailParams(follow: true, lang: "en").matches(entry))
        #expect(!TailParams(follow: true, status: .duplicate).matches(entry))
        #expect(TailParams(follow: true, feed: "2").matches(entry))
        #expect(TailParams(follow: true, feed: "https://news.example/rss").matches(entry))
        #expect(!TailParams(follow: true, feed: "3").matches(entry))
    }
}
