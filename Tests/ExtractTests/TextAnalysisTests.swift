import Foundation
import Markup
import Testing

@testable import Extract
import FeedFarm

@Suite("Text keys and whitespace (the fast paths agree with the plain definitions)")
struct TextAnalysisTests {
    static let samples = [
        "Read more: The Council's Budget — 2024 | Details", "  Déjà vu, ÉCOLE naïve: «Lire aussi» ",
        "إقرأ أيضاً: الرئيسُ يَزور مكّة — ١٢٣ ۴۵", "اقرا ايضا الرئيس يزور مكه 123 45", "Ünïcödé ΣΊΣΥΦΟΣ Привет",
        "tabs\tand\nnew lines\u{00A0}and\u{200B}zero width", "",
    ]

    @Test("comparisonKey is the comparison words without ':' joined by spaces")
    func keys() {
        for sample in Self.samples {
            #expect(TextAnalysis.comparisonKey(sample) == TextAnalysis.comparisonWords(sample).filter { $0 != ":" }.joined(separator: " "))
        }
        #expect(TextAnalysis.comparisonKey("إقرأ أيضاً:") == TextAnalysis.comparisonKey("اقرا ايضا"))
        #expect(TextAnalysis.comparisonKey("Déjà VU!") == "deja vu")
    }

    @Test("collapsingWhitespace matches a scalar-by-scalar reference")
    func whitespace() {
        func reference(_ text: String) -> String {
            var result = String.UnicodeScalarView()
            var pending = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F {
                    pending = !result.isEmpty
                    continue
                }
                if [0x200B, 0xFEFF, 0xAD].contains(scalar.value) { continue }
                if pending { result.append(" ") }
                pending = false
                result.append(scalar)
            }
            return String(result)
        }
        for sample in Self.samples + ["\u{3000}wide\u{2003}spaces\u{2028}", "a\u{0085}b", "ت َ ش ْ"] {
            #expect(PlainText.collapsingWhitespace(sample) == reference(sample))
        }
        #expect(PlainText.collapsingWhitespace("it\u{92}s \u{93}quoted\u{94}") == "it\u{2019}s \u{201C}quoted\u{201D}")
    }

    @Test("byte substring search")
    func bytes() {
        #expect("share-container".containsBytes("share"))
        #expect("مقالات ذات صلة".containsBytes("ذات"))
        #expect(!"sha".containsBytes("share"))
        #expect("x".containsBytes(""))
        #expect(PatternSet([["related"], ["content", "main"]]).groups(in: "jp-relatedposts main") == 3)
        #expect(PatternSet([["related"], ["content"]]).groups(in: "sidebar") == 0)
    }

    @Test("looksLikeHTML finds what its two regular expressions find")
    func htmlDetection() {
        func reference(_ text: String) -> Bool {
            text.range(of: #"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>"#, options: .regularExpression) != nil
                || text.range(of: #"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"#,
                    options: .regularExpression) != nil
        }
        var samples = [
            "<p>", "</p>", "<br/>", "<a href=x>", "<a\u{00A0}x>", "<a\u{0085}x>", "<p\u{000B}x>", "<p\u{2028}x>",
            "a < b > c", "<3", "<a <b>", "<a/ >", "x</", "<", "&", "&amp;", "&#123;", "&#12345678;", "&#x1F600;",
            "&#X1f6000;", "&#xZZ;", "&a;", "&ab;", "& x;", "AT&T;", "&" + String(repeating: "a", count: 32) + ";",
            "&" + String(repeating: "a", count: 33) + ";", "نص <ب> &ب;", "",
        ]
        let alphabet = ["<", ">", "/", "&", "#", ";", "x", "a", "Z", "1", "f", " ", "\u{00A0}", "\t", "\n", "ب", "="]
        var random = SeededRandom(seed: 7)
        for _ in 0..<3000 {
            samples.append((0..<random.below(12)).map { _ in alphabet[random.below(alphabet.count)] }.joined())
        }
        for sample in samples {
            #expect(PlainText.looksLikeHTML(sample) == reference(sample), "\(sample.debugDescription)")
        }
    }

    @Test("ByteKeyTable finds what was stored, by bytes, and stays bounded")
    func byteKeyTable() {
        func lookup<Value>(_ table: ByteKeyTable<Value>, _ key: String) -> Value? {
            var key = key
            return key.withUTF8 { table.value(for: $0) }
        }
        func store<Value>(_ table: inout ByteKeyTable<Value>, _ key: String, _ value: Value) {
            var key = key
            key.withUTF8 { table.insert(value, for: $0) }
        }
        var table = ByteKeyTable<Int>(capacity: 4, limit: 1000)
        for number in 0..<900 { store(&table, "class-\(number) نص", number) }
        #expect(lookup(table, "class-0 نص") == 0)
        #expect(lookup(table, "class-899 نص") == 899)
        #expect(lookup(table, "class-900 نص") == nil)
        #expect(lookup(table, "class-1") == nil)
        store(&table, "", -1)
        #expect(lookup(table, "") == -1)
        // Longer keys are not stored: asking for them again is a miss, not an error.
        let long = String(repeating: "x", count: ByteKeyTable<Int>.maximumKeyLength + 1)
        store(&table, long, 1)
        #expect(lookup(table, long) == nil)
        // At its limit the table empties itself and goes on storing.
        for number in 900..<1200 { store(&table, "class-\(number) نص", number) }
        #expect(lookup(table, "class-1199 نص") == 1199)
        #expect(lookup(table, "class-0 نص") == nil)
    }

    @Test("Class hints are read from the attribute's bytes, the same when cached")
    func classHintsFromBytes() {
        var cache = HintCache()
        func hints(_ className: String) -> ClassHints {
            var bytes = className
            return bytes.withUTF8 { cache.hints(className: HTMLAttributeValue(bytes: $0), id: nil, role: nil) }
        }
        func namesAuthor(_ className: String) -> Bool {
            var bytes = className
            return bytes.withUTF8 { cache.namesAuthor(className: HTMLAttributeValue(bytes: $0), id: nil) }
        }
        for _ in 0..<2 {  // worked out, then from the cache
            #expect(hints("share-bar").isBoilerplate)
            #expect(hints("  ShareBar  ").isBoilerplate)
            #expect(hints("article-body").isContent && !hints("article-body").isBoilerplate)
            #expect(hints("article-body").weight == 25)
            #expect(hints("sidebar widget").weight == -25)
            #expect(hints("post-author byline").isMetaLine)
            #expect(hints("jp-relatedposts").isComments)
            #expect(hints("newspaper-x-sidebar content-area").isContent)
            #expect(hints("محتوى تعليقات").weight == 0)
            #expect(!hints("").isBoilerplate && hints("").weight == 0)
            #expect(namesAuthor("Post-Author"))
            #expect(!namesAuthor("author-photo"))
        }
    }

    @Test("SubstringSearch finds what a plain byte search finds")
    func substringSearch() {
        let alphabet = ["a", "b", "ab", " ", "ن", "ص", "é", "x"]
        var random = SeededRandom(seed: 11)
        for _ in 0..<2000 {
            let text = (0..<random.below(40)).map { _ in alphabet[random.below(alphabet.count)] }.joined()
            let needle = (0..<random.below(6)).map { _ in alphabet[random.below(alphabet.count)] }.joined()
            #expect(SubstringSearch(needle).occurs(in: text) == text.containsBytes(needle), "\(needle) in \(text)")
        }
        #expect(SubstringSearch("the teaser of the first paragraph").occurs(in: "so the teaser of the first paragraph goes on"))
        #expect(!SubstringSearch("the teaser of the first paragraph").occurs(in: "the teaser of the first paragrap"))
    }

    @Test("Lines that start like promo, credit or call-to-action lines pass the furniture-line screen")
    func furnitureScreen() {
        let starts = BlockFilter.markers.map(\.words) + BlockFilter.creditStarts + BlockFilter.callStarts
        let filler = " one two three four five six seven eight nine"
        for words in starts {
            #expect(BlockFilter.mayBeFurnitureLine(ComparisonText(words.joined(separator: " ") + filler)), "\(words)")
            #expect(BlockFilter.mayBeFurnitureLine(ComparisonText(": " + words.joined(separator: " ") + filler)), "\(words)")
        }
        #expect(BlockFilter.mayBeFurnitureLine(ComparisonText("the story goes on click here to read it")))
        #expect(BlockFilter.mayBeFurnitureLine(ComparisonText("pages of the story here 1 2 3")))
        #expect(BlockFilter.mayBeFurnitureLine(ComparisonText("(AP Photo)")))
        #expect(!BlockFilter.mayBeFurnitureLine(ComparisonText("the council approved the budget on monday after a debate")))
        #expect(!BlockFilter.mayBeFurnitureLine(ComparisonText("وافق المجلس على الميزانية يوم الاثنين بعد نقاش طويل")))
    }

    @Test("MetadataScan's element keys are the packed names they stand for")
    func metadataNames() {
        typealias Names = MetadataScan.Names
        let keys: [(UInt64, String)] = [
            (Names.meta, "meta"), (Names.link, "link"), (Names.title, "title"), (Names.script, "script"), (Names.h1, "h1"),
            (Names.time, "time"), (Names.img, "img"), (Names.a, "a"), (Names.svg, "svg"), (Names.head, "head"),
            (Names.base, "base"),
        ]
        for (key, name) in keys { #expect(key == HTMLTagName.packed(name), "\(name)") }
    }

    @Test("The language guess reads scripts and, for Latin text, stop words")
    func languageGuess() {
        let samples: [(String, String?)] = [
            ("وافق مجلس الوزراء اليوم على مشروع الميزانية العامة للدولة بعد نقاش طويل بين الأعضاء", "ar"),
            ("این یک متن فارسی است که برای آزمایش تشخیص زبان نوشته شده و چند کلمه دارد", "fa"),
            ("The council approved the budget on Monday after a long debate about the roads and the schools of the city.", "en"),
            ("Le conseil a approuvé le budget lundi après un long débat sur les routes et les écoles de la ville.", "fr"),
            ("Совет утвердил бюджет в понедельник после долгих дебатов о дорогах и школах города.", "ru"),
            ("Η βουλή ενέκρινε τον προϋπολογισμό τη Δευτέρα μετά από μακρά συζήτηση για τους δρόμους.", "el"),
            ("הממשלה אישרה את התקציב ביום שני לאחר דיון ארוך על הכבישים ובתי הספר של העיר.", "he"),
            ("市议会周一在就道路和学校进行长时间辩论后批准了预算，并表示将尽快实施新的计划。", "zh"),
            ("市議会は月曜日、道路と学校についての長い議論の後、予算を承認しました。", "ja"),
            ("시의회는 월요일 도로와 학교에 대한 긴 토론 끝에 예산을 승인했습니다 그리고 계획을", "ko"),
            ("too short", nil),
            ("12345 67890 !!! ??? 12345 67890 !!! ??? 12345 67890", nil),
        ]
        for (text, expected) in samples {
            #expect(TextAnalysis.guessLanguage(text) == expected, "\(text)")
        }
    }
}
