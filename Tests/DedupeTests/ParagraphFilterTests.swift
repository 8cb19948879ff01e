import Dedupe
import Testing

/// Paragraph-level cleaning before matching: promo lines, furniture and credit lines, short
/// lines and repeats.
@Suite struct ParagraphFilterTests {
    let normalizer = TextNormalizer()

    @Test func arabicPromoLinesAreDropped() {
        let body = Fixtures.arabicMarathon
        let withPromo = [body[0], "اقرأ أيضاً: الهلال يتعاقد مع مدافع جديد", body[1], "قد يهمك: أسعار الذهب اليوم", body[2]]
        #expect(normalizer.normalizeParagraphs(withPromo) == normalizer.normalizeParagraphs(Array(body[0...2])))
    }

    @Test func englishPromoAndFurnitureLinesAreDropped() {
        let body = Fixtures.englishPort
        let withPromo = ["Share this article", body[0], "Read more: Oil prices fall for a third day", body[1], "Advertisement", body[2]]
        #expect(normalizer.normalizeParagraphs(withPromo) == normalizer.normalizeParagraphs(Array(body[0...2])))
    }

    @Test func aSentenceThatStartsLikeAMarkerIsKept() {
        // «شاهد» and "Watch" open ordinary sentences; only with a colon are they promo lines.
        let sentence = "شاهد آلاف المتفرجين السباق من الشرفات المطلة على الطريق الرئيسي"
        #expect(normalizer.normalizeParagraphs([sentence]).count == 1)
        #expect(normalizer.normalizeParagraphs([Fixtures.arabicMarathon[0], "شاهد: فيديو السباق"]).count == 1)
    }

    @Test func creditAndShortLinesAreDropped() {
        let body = Fixtures.arabicMarathon
        let lines = ["(أ ف ب)", body[0], "المصدر: وكالة الأنباء السعودية", body[1], "واس"]
        #expect(normalizer.normalizeParagraphs(lines) == normalizer.normalizeParagraphs(Array(body[0...1])))
    }

    @Test func aBodyPrintedTwiceCountsOnce() {
        let body = Fixtures.englishPort
        #expect(normalizer.normalizeParagraphs(body + body) == normalizer.normalizeParagraphs(body))
        #expect(normalizer.normalizeParagraphs(body).count == body.count)
    }

    @Test func shortLinesAreKeptWhenNothingElseRemains() {
        #expect(normalizer.normalizeParagraphs(["Breaking news", "Storm hits"]) == ["breaking news", "storm hits"])
    }
}
