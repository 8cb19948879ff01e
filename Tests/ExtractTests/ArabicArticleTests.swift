import Foundation
import Testing

@testable import Extract

@Suite("Arabic pages")
struct ArabicArticleTests {
    static let longSentence = "وقال المتحدث إن الوزارة ستنشر التقرير كاملا على موقعها، ودعا المواطنين إلى أن يقرأوا التقرير بعناية، وأضاف: «اقرأ أيضا ما كتبه الخبراء المستقلون قبل أن تحكم على النتائج»، مشيرا إلى أن المراجعة ستستمر حتى نهاية العام."

    static func page(lang: String = "ar") -> String {
        """
        <!DOCTYPE html><html lang="\(lang)" dir="rtl"><head><meta charset="utf-8">
        <title>افتتاح معرض الكتاب في الرياض — صحيفة المثال</title>
        <meta property="og:site_name" content="صحيفة المثال">
        <meta property="article:published_time" content="2024-03-01T10:00:00+03:00">
        <meta name="author" content="محرر الثقافة">
        <meta property="og:image" content="/img/book-fair.jpg">
        </head><body>
        <div class="breadcrumb"><a href="/">الرئيسية</a> &gt; <a href="/culture">ثقافة</a></div>
        <div class="news-details">
        <p>افتُتح اليوم في الرياض معرض الكتاب الدولي بمشاركة أكثر من ألف دار نشر عربية وأجنبية، وسط إقبال كبير من الزوار في يومه الأول.</p>
        <p><strong>اقـرأ أيضـاً:</strong> <a href="/n/2">وزارة الثقافة تعلن برنامج الفعاليات</a></p>
        <p>إقرأ أيضا - أسعار الكتب تنخفض هذا العام</p>
        <p>\(longSentence)</p>
        <p>قد يهمك أن تعلم أن المعرض يستمر عشرة أيام، ويضم ندوات وأمسيات شعرية وورش عمل للأطفال.</p>
        <p>قد يهمك: <a href="/n/3">افتتاح مكتبة جديدة في جدة</a></p>
        <p>وأكد المنظمون أنّ الدورة الحالية تشهد مشاركةً واسعة من دور النشر الشابة، إلى جانب الدور العريقة.</p>
        <p class="source">المصدر: واس</p>
        </div>
        <div class="news-details print-version">
        <p>افتُتح اليوم في الرياض معرض الكتاب الدولي بمشاركة أكثر من ألف دار نشر عربية وأجنبية، وسط إقبال كبير من الزوار في يومه الأول.</p>
        </div>
        <div class="comments"><p>تعليق: معرض رائع جدا ونتمنى أن يستمر كل عام بنفس المستوى والتنظيم الجيد.</p></div>
        </body></html>
        """
    }

    @Test("promo lines go, the same words inside the story stay, diacritics are kept")
    func promoLines() throws {
        let article = try ArticleExtractor().extract(Data(Self.page().utf8), url: "https://mithal.test/culture/1", contentType: nil)
        #expect(article.paragraphs == [
            "افتُتح اليوم في الرياض معرض الكتاب الدولي بمشاركة أكثر من ألف دار نشر عربية وأجنبية، وسط إقبال كبير من الزوار في يومه الأول.",
            Self.longSentence,
            "قد يهمك أن تعلم أن المعرض يستمر عشرة أيام، ويضم ندوات وأمسيات شعرية وورش عمل للأطفال.",
            "وأكد المنظمون أنّ الدورة الحالية تشهد مشاركةً واسعة من دور النشر الشابة، إلى جانب الدور العريقة.",
        ])
        #expect(article.title == "افتتاح معرض الكتاب في الرياض")
        #expect(article.siteName == "صحيفة المثال")
        #expect(article.byline == "محرر الثقافة")
        #expect(article.published == utc(2024, 3, 1, 7))
        #expect(article.language == "ar")
        #expect(article.imageURL == "https://mithal.test/img/book-fair.jpg")
        #expect(article.canonicalURL == nil)
    }

    @Test("Arabic text is reported as ar when the markup says nothing or says en")
    func languageFromText() throws {
        let wrong = try ArticleExtractor().extract(Data(Self.page(lang: "en").utf8), url: "https://mithal.test/1", contentType: nil)
        #expect(wrong.language == "ar")
        let html = Self.page().replacingOccurrences(of: " lang=\"ar\"", with: "")
        let none = try ArticleExtractor().extract(Data(html.utf8), url: "https://mithal.test/1", contentType: nil)
        #expect(none.language == "ar")
    }

    @Test("promo detection tolerates hamza, tatweel, diacritics and a missing colon")
    func promoVariants() {
        let filter = BlockFilter(title: nil, byline: nil)
        func isPromo(_ text: String, links: Double = 0) -> Bool {
            let words = TextAnalysis.comparisonWords(text)
            return filter.isPromo(words, wordCount: words.filter { $0 != ":" }.count, linkDensity: links)
        }
        #expect(isPromo("إقرأ أيضاً: ضربة أمريكية مرتقبة في سوريا!"))
        #expect(isPromo("اقرأ أيضا ضربة أمريكية مرتقبة"))
        #expect(isPromo("اقـــرأ ايضـا: عنوان آخر"))
        #expect(isPromo("إِقْرَأْ أَيْضًا: عنوان آخر"))
        #expect(isPromo("طالع أيضاً: عنوان"))
        #expect(isPromo("شاهد أيضاً: فيديو"))
        #expect(isPromo("قد يهمك: عنوان آخر"))
        #expect(isPromo("قد يهمك عنوان آخر", links: 0.8))
        #expect(!isPromo("قد يهمك أن تعلم أن المعرض يستمر عشرة أيام"))
        #expect(isPromo("Read more: Why the bridge was closed"))
        #expect(isPromo("Related: Council budget approved"))
        #expect(isPromo("See also the council's statement"))
        #expect(isPromo("À lire aussi : la réforme des retraites"))
        #expect(isPromo("Lire aussi la réforme"))
        #expect(!isPromo("Related to the closure, officials said more work was needed"))
        #expect(!isPromo(String(repeating: "اقرأ أيضا كلمة ", count: 8)))
    }
}
