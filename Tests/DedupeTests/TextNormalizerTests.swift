import Dedupe
import Testing

@Suite struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    @Test(arguments: [
        // Alef and hamza forms.
        ("أحمد إبراهيم آمن ٱلله", "احمد ابراهيم امن الله"),
        ("مؤتمر", "موتمر"),
        ("رئيس", "رييس"),
        // Alef maksura, teh marbuta.
        ("مستشفى", "مستشفي"),
        ("مدينة", "مدينه"),
        // Diacritics, shadda, sukun, superscript alef, Quranic marks, tatweel.
        ("مُحَمَّدٌ", "محمد"),
        ("هٰذا", "هذا"),
        ("ٱلرَّحۡمَٰنِ ۖ", "الرحمن"),
        ("الـــرياض", "الرياض"),
        // Persian and Urdu letter forms.
        ("کتاب ایران", "كتاب ايران"),
        ("ۀ ہ ھ ے", "ه ه ه ي"),
        // Digits: Arabic-Indic, extended (Persian), Devanagari, fullwidth.
        ("٢٠١٨ ۱۳۹۷ २०२४ ２０２５", "2018 1397 2024 2025"),
        // Arabic punctuation to spaces.
        ("قال: «نعم»، ثم غادر؛ أليس كذلك؟", "قال نعم ثم غادر اليس كذلك"),
        // Presentation forms (NFKC): lam-alef ligature, isolated forms.
        ("\u{FEFB} \u{FE8D}", "لا ا"),
    ])
    func arabicFolding(input: String, expected: String) {
        #expect(normalizer.normalize(input) == expected)
    }

    @Test(arguments: [
        ("The PORT of Aden", "the port of aden"),
        ("Café déjà vu — naïve façade", "cafe deja vu naive facade"),
        ("Straße ΣΟΦΟΣ", "strasse σοφοσ"),
        ("council's “decision”, (finally)!", "councils decision finally"),
        ("ﬁnance ＡＢＣ ①", "finance abc 1"),
        ("e\u{0301}cole école", "ecole ecole"),
        ("soft\u{00AD}hyphen zero\u{200B}width", "softhyphen zerowidth"),
        ("  many   spaces\n\tand\u{00A0}breaks  ", "many spaces and breaks"),
        ("U.S. 3.5% rise", "u s 3 5 rise"),
    ])
    func latinFolding(input: String, expected: String) {
        #expect(normalizer.normalize(input) == expected)
    }

    @Test func otherScriptsKeepTheirMarksAndCompose() {
        // Hindi vowel signs are kept; decomposed Hangul jamo compose like the syllable (NFKC).
        #expect(normalizer.normalize("नमस्ते दुनिया") == "नमस्ते दुनिया")
        #expect(normalizer.normalize("\u{1112}\u{1161}\u{11AB}") == normalizer.normalize("\u{D55C}"))
        #expect(normalizer.normalize("日本語のテキスト") == "日本語のテキスト")
    }

    @Test func emojiAndSymbolsSeparateWords() {
        #expect(normalizer.normalize("good👍news ★ 𝐁𝐨𝐥𝐝") == "good news bold")
    }

    @Test func aVariantSpellingNormalisesToTheSameText() {
        for paragraph in Fixtures.arabicMarathon {
            #expect(normalizer.normalize(Fixtures.arabicVariant(paragraph)) == normalizer.normalize(paragraph))
        }
    }

    @Test func longLigaturesExpand() {
        // ﷺ expands to four words; a text of nothing else must still fit the buffer.
        let text = String(repeating: "\u{FDFA} ", count: 50)
        #expect(normalizer.normalize(text).split(separator: " ").count == 200)
    }
}
