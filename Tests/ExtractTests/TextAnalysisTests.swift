import Foundation
import Markup
import Testing

@testable import Extract

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
}
