import Foundation
import Testing

@testable import Extract

/// Layouts that defeat plain Readability scoring: the article inside a wrapper named like
/// furniture, and an article cut into sections that each sit in their own wrapper.
@Suite("Page-builder layouts")
struct PageBuilderLayoutTests {
    static let sections = [
        ("Why the river flooded", "Heavy rain fell for nine days on ground that was already saturated after the wettest spring in forty years, so the river rose faster than the gauges had ever recorded."),
        ("What the council did", "The council opened three emergency shelters, closed the two lowest bridges and asked residents of the riverside streets to move their cars to higher ground before nightfall."),
        ("What happens next", "Engineers will inspect the embankments once the water falls, and the council has promised a public report on whether the defences built in 2009 worked as designed."),
        ("How to get help", "Residents whose homes were flooded can claim an emergency grant at the town hall, which will stay open until eight in the evening for the rest of the week."),
    ]

    /// Each section in its own nested "widget" wrappers, as page builders write them.
    static var englishPage: String {
        let body = sections.map { heading, text in
            """
            <div class="elementor-element elementor-widget elementor-widget-heading"><div class="elementor-widget-container"><h2>\(heading)</h2></div></div>
            <div class="elementor-element elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container">
              <p>\(text)</p>
              <p>\(text.replacingOccurrences(of: "the", with: "this"))</p>
            </div></div>
            """
        }.joined(separator: "\n")
        return """
            <html lang="en"><head><title>River floods the old town</title></head><body>
            <nav><a href="/">Home</a> <a href="/news">News</a></nav>
            <div class="elementor-widget elementor-widget-theme-post-content"><div class="elementor-widget-container">
            \(body)
            <div class="elementor-widget elementor-widget-share-buttons"><a href="/s/f">Share on Facebook</a> <a href="/s/t">Share on X</a></div>
            </div></div>
            <div class="widget related-posts"><h3>Related</h3>
              <p><a href="/a">Another story about the weather</a> A long excerpt of another story that is not part of this article at all, only a teaser for it.</p>
              <p><a href="/b">Yet another story</a> A second long excerpt of a different story that should never be taken for the article body text.</p>
              <p><a href="/c">A third story</a> A third long excerpt of yet another different story, also not the article, also only a teaser.</p>
            </div>
            <footer><p>Copyright 2024 The Riverside Gazette. All rights reserved.</p></footer>
            </body></html>
            """
    }

    @Test("every section of an article split over page-builder widgets, and nothing else")
    func sectionedEnglish() throws {
        let article = try ArticleExtractor().extract(Data(Self.englishPage.utf8), url: "https://gazette.example/floods", contentType: nil)
        for (heading, text) in Self.sections {
            #expect(article.paragraphs.contains(heading))
            #expect(article.paragraphs.contains(text))
        }
        #expect(article.paragraphs.count == Self.sections.count * 3)
        #expect(!article.text.contains("Share on"))
        #expect(!article.text.contains("excerpt"))
        #expect(!article.text.contains("Copyright"))
    }

    @Test("Arabic: the article inside a 'share-container' wrapper is kept; a related box with excerpts is not")
    func arabicShareWrapper() throws {
        let paragraphs = [
            "أعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في المنطقة الشرقية، بطاقة استيعابية تتجاوز ألف سرير، ضمن خطة لتوسيع الخدمات الصحية.",
            "وقال المتحدث باسم الوزارة إن المستشفيات الجديدة ستبدأ استقبال المرضى مطلع الشهر المقبل، بعد اكتمال تجهيزها بأحدث الأجهزة الطبية وتدريب الكوادر.",
            "وأضاف أن الوزارة تعمل على استقطاب أطباء متخصصين في جراحة القلب والأعصاب، لتقليل الحاجة إلى إحالة المرضى إلى مستشفيات خارج المنطقة.",
            "ويأتي هذا الإعلان بعد شهور من الانتقادات بسبب طول فترات الانتظار في أقسام الطوارئ، خاصة خلال فصل الصيف الذي تزداد فيه الحالات.",
        ]
        let page = """
            <html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>افتتاح ثلاثة مستشفيات</title></head><body>
            <div class="share-container">
              <div class="share-buttons"><a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
              <div class="post-body">\(paragraphs.map { "<p>\($0)</p>" }.joined())</div>
            </div>
            <section class="related-posts"><h3>مقالات ذات صلة</h3><ul>
              <li><a href="/n/1">عنوان خبر آخر عن الصحة</a><p>مقتطف طويل من خبر آخر لا علاقة له بهذا المقال، وهو مجرد تشويق للقارئ كي ينتقل إلى صفحة أخرى من الموقع.</p></li>
              <li><a href="/n/2">عنوان خبر ثان</a><p>مقتطف طويل ثان من خبر مختلف تماماً، لا ينبغي أن يؤخذ على أنه جزء من نص المقال الأصلي في أي حال من الأحوال.</p></li>
              <li><a href="/n/3">عنوان خبر ثالث</a><p>مقتطف ثالث من خبر آخر، يكفي طوله ليبدو كفقرة حقيقية، لكنه يبقى خارج المقال لأنه في صندوق الأخبار ذات الصلة.</p></li>
            </ul></section>
            </body></html>
            """
        let article = try ArticleExtractor().extract(Data(page.utf8), url: "https://akhbar.example/health/1", contentType: nil)
        #expect(article.paragraphs == paragraphs)
        #expect(article.language == "ar")
    }
}
