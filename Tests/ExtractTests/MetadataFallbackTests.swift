import Foundation
import Testing

@testable import Extract

/// Metadata from the visible page when the markup declares none.
@Suite("Metadata from the visible page")
struct MetadataFallbackTests {
    static let body = String(repeating: "The committee met for a third time on Thursday and agreed to publish its findings next spring. ", count: 4)

    @Test("an author-named element gives the byline, the first <time datetime> the date")
    func english() throws {
        let page = """
            <html lang="en"><head><title>Committee report delayed</title></head><body>
            <article><h1>Committee report delayed</h1>
            <div class="post-meta"><span class="author-name">By Jane Roe</span> <time datetime="2024-03-01T10:00:00+02:00">1 March</time></div>
            <div class="author-bio">Jane Roe has covered the council since 2015 and writes about local politics.</div>
            <p>\(Self.body)</p><p>\(Self.body)</p></article></body></html>
            """
        let article = try ArticleExtractor().extract(Data(page.utf8), url: "https://example.org/a", contentType: nil)
        #expect(article.byline == "Jane Roe")
        #expect(article.published == utc(2024, 3, 1, 8))
        #expect(!article.paragraphs.contains("By Jane Roe"))
    }

    @Test("Arabic: a byline element with «بقلم:» gives the name")
    func arabic() throws {
        let text = String(repeating: "اجتمعت اللجنة للمرة الثالثة يوم الخميس واتفقت على نشر نتائجها في الربيع المقبل. ", count: 4)
        let page = """
            <html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>تأجيل تقرير اللجنة</title></head><body>
            <article><h1>تأجيل تقرير اللجنة</h1><div class="byline">بقلم: سارة أحمد</div>
            <p>\(text)</p><p>\(text)</p></article></body></html>
            """
        let article = try ArticleExtractor().extract(Data(page.utf8), url: "https://example.org/ar", contentType: nil)
        #expect(article.byline == "سارة أحمد")
        #expect(article.language == "ar")
        #expect(article.published == nil)
    }
}
