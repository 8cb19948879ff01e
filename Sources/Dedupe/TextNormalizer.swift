/// Brings article text to the form near-duplicate matching compares, Arabic-aware.
///
/// Per scalar (see `ScalarFolding`): Unicode NFKC; tatweel, format characters and Arabic
/// diacritics (harakat, shadda, sukun, superscript alef, Quranic marks) removed; hamza seats
/// and alef forms folded (`أ إ آ ٱ`→`ا`, `ؤ`→`و`, `ئ`→`ي`), `ى`→`ي`, `ة`→`ه`; Persian and
/// Urdu letter forms folded to Arabic ones (`ک`→`ك`, `ی ے`→`ي`, `ۀ ہ ھ`→`ه`); every
/// script's decimal digits as ASCII; Latin, Greek and Cyrillic lower-cased with their
/// accents removed; everything that is not a letter, digit or kept mark becomes a space, and
/// spaces collapse to one. For a whole article, paragraph by paragraph, promo lines,
/// furniture and credit lines and repeated paragraphs are removed first (`ParagraphFilter`).
///
/// Works on the UTF-8 bytes with a lookup table, never on `Character`s: it runs for every
/// article. The stored article keeps its original text; this form is only for matching.
public struct TextNormalizer: Sendable {
    public init() {}

    /// The matching form of one text: folded words separated by single spaces.
    public func normalize(_ text: String) -> String {
        var scanner = WordScanner()
        scanner.scan(text)
        return scanner.text
    }

    /// The matching form of an article body: each paragraph normalised, then promo lines,
    /// furniture and credit lines, lines under four words (unless nothing else remains) and
    /// repeated paragraphs left out.
    public func normalizeParagraphs(_ paragraphs: [String]) -> [String] {
        var text = MatchingText()
        text.load(paragraphs, keepingText: true)
        return text.paragraphTexts
    }
}

/// An article body reduced to the words matching uses: word hashes of the paragraphs that
/// count, with paragraph boundaries. Reusable across articles.
struct MatchingText {
    private(set) var wordHashes: [UInt64] = []
    /// End index in `wordHashes` of each kept paragraph.
    private(set) var paragraphEnds: [Int] = []
    /// The normalised paragraphs, when loaded with `keepingText`.
    private(set) var paragraphTexts: [String] = []
    private var scanner = WordScanner()

    init() {
        wordHashes.reserveCapacity(2048)
    }

    var isEmpty: Bool { wordHashes.isEmpty }

    /// Words of paragraph `index`.
    func words(ofParagraph index: Int) -> ArraySlice<UInt64> {
        wordHashes[(index == 0 ? 0 : paragraphEnds[index - 1])..<paragraphEnds[index]]
    }

    mutating func load(_ paragraphs: [String], keepingText: Bool = false) {
        scanner.keepsText = keepingText
        wordHashes.removeAll(keepingCapacity: true)
        paragraphEnds.removeAll(keepingCapacity: true)
        paragraphTexts.removeAll()
        var filter = ParagraphFilter()
        var shortOnes: [(words: [UInt64], text: String)] = []
        for paragraph in paragraphs {
            scanner.scan(paragraph)
            let words = scanner.wordHashes[...]
            switch filter.verdict(words, hasEarlyColon: scanner.hasEarlyColon) {
            case .drop: continue
            case .short:
                if wordHashes.isEmpty {
                    shortOnes.append((Array(words), keepingText ? scanner.text : ""))
                }
            case .keep:
                wordHashes.append(contentsOf: words)
                paragraphEnds.append(wordHashes.count)
                if keepingText { paragraphTexts.append(scanner.text) }
            }
        }
        guard wordHashes.isEmpty else { return }
        for short in shortOnes {
            wordHashes.append(contentsOf: short.words)
            paragraphEnds.append(wordHashes.count)
            if keepingText { paragraphTexts.append(short.text) }
        }
    }
}
