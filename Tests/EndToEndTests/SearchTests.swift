import Foundation
import Testing

/// `newsctl article search`: full text over titles and bodies, Arabic-aware.
@Suite(.serialized) struct SearchTests {
    @Test func arabicWordsAreFoundWithOrWithoutDiacriticsAndWithAnyAlefForm() throws {
        let site = try FixtureSite()
        let arabic = """
            <!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>إطلاقُ مبادرةٍ للقراءة</title></head>
            <body><article><h1>إطلاقُ مبادرةٍ للقراءة</h1>
            <p>أعلنت وزارةُ الثقافة إطلاقَ مبادرةٍ وطنية لتشجيع القراءة بين الشباب في المدارس والجامعات خلال العام المقبل.</p>
            <p>وقال المسؤولون إن المبادرة تشمل إنشاء مكتبات صغيرة في الأحياء وتنظيم مسابقات شهرية للقرّاء.</p>
            <p>ويأمل القائمون على المشروع أن يصل عدد المشاركين إلى مئة ألف قارئ في السنة الأولى.</p>
            </article></body></html>
            """
        site.set("/ar.html", arabic, type: "text/html; charset=utf-8")
        site.set("/en.html", FixtureSite.englishPage(title: "Café culture returns", paragraphs: englishParagraphs("Café")), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Mixed", items: [
            (guid: "ar", path: "/ar.html", title: "إطلاق مبادرة"), (guid: "en", path: "/en.html", title: "Café culture returns"),
        ]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1h")])
        try daemon.start()
        try daemon.waitUntil("both articles are stored") { daemon.articleLog().count == 2 }
        let arabicID = try #require(daemon.articleLog().first { $0["lang"] as? String == "ar" }?["article_id"] as? Int)

        func hits(_ query: String, _ extra: [String] = []) throws -> [Int] {
            let result = try #require(try daemon.newsctlJSON(["article", "search", query] + extra) as? [String: Any])
            return (result["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        }
        for query in ["إطلاق", "اطلاق", "أطلاق", "آطلاق", "إِطْلَاقُ", "ٱطلاق", "مبادرة القراءة", "مبادره"] {
            #expect(try hits(query) == [arabicID], "query \(query)")
        }
        #expect(try hits("اطلاق", ["--lang", "en"]).isEmpty)
        #expect(try hits("اطلاق سيارات").isEmpty)  // every word must occur
        #expect(try hits("cafe").count == 1)  // accents fold too
        #expect(try hits("CAFÉ").count == 1)
        #expect(daemon.newsctl(["article", "search", "اطلاق"]).stdout.contains("["))
        #expect(daemon.newsctl(["article", "search", "\"\" OR *"]).status == 0)  // no query syntax
        #expect(try daemon.stop() == 0)
    }
}
