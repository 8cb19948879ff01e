import Foundation
import Markup

/// Turns collected blocks into the article's paragraphs: drops link lists, inline promo lines
/// («اقرأ أيضاً: ...», "Read more: ..."), share/ad labels, source and byline lines, the
/// headline repeated, teasers and pull quotes that copy body text, and exact repeats.
struct BlockFilter {
    var title: String?
    var byline: String?

    /// Promo markers as comparison words. `strict` ones also start ordinary sentences
    /// («قد يهمك أن تعلم...», «تابع: ...»), so they count only with a colon/dash after them or
    /// when the line is mostly a link.
    struct Marker {
        let words: [String]
        let strict: Bool
    }

    static let markers: [Marker] = {
        let loose = [
            "اقرأ أيضاً", "اقرأ ايضا", "اقرا كذلك", "اقرأ المزيد", "طالع أيضاً", "شاهد أيضاً", "تابع أيضاً", "شاهد ايضا",
            "اقرأ أيضا في", "مواضيع ذات صلة", "أخبار ذات صلة", "مقالات ذات صلة", "اقرأ كمان",
            "read more", "read also", "also read", "see also", "related articles", "related stories",
            "more on this", "continue reading", "lire aussi", "à lire aussi", "a lire aussi", "lire la suite",
            "voir aussi", "lesen sie auch", "mehr zum thema", "lee también", "leer más", "ver también", "leia também",
            "leggi anche",
        ]
        let strict = [
            "قد يهمك", "تابع", "اقرأ", "شاهد", "ذات صلة", "اقرأ في", "related", "طالع", "للمزيد", "المزيد", "يهمك أيضاً", "شاهد الفيديو", "بالفيديو",
            "ننصحك بقراءة", "ننصحك", "نرشح لك", "قد يعجبك", "قد يعجبك أيضاً", "ربما يعجبك", "يعجبك أيضاً", "لمزيد من", "you may like", "watch", "more", "recommended", "also", "listen", "read", "you may also like", "you might also like",
            "more from", "sponsored", "advertisement", "لا تفوت", "اقرأ ايضاً على",
        ]
        return (loose.map { Marker(words: TextAnalysis.comparisonKey($0).split(separator: " ").map(String.init), strict: false) }
            + strict.map { Marker(words: TextAnalysis.comparisonKey($0).split(separator: " ").map(String.init), strict: true) })
            .sorted { $0.words.count > $1.words.count }
    }()

    /// Whole lines that are page furniture, as comparison keys.
    static let furnitureLines: Set<String> = Set(
        [
            "advertisement", "advertisements", "ad", "sponsored", "sponsored content", "إعلان", "اعلان", "مساحة إعلانية",
            "share", "share this", "share this article", "share on facebook", "share on twitter", "tweet", "email",
            "print", "facebook", "twitter", "whatsapp", "linkedin", "telegram", "شارك", "شارك الخبر", "شارك المقال",
            "مشاركة", "طباعة", "فيسبوك", "تويتر", "واتساب", "تيليجرام", "أرسل لصديق", "تكبير الخط", "تصغير الخط",
            "continue reading", "read more", "click here", "اضغط هنا", "اقرأ المزيد", "scroll to continue with content",
            "skip advertisement", "story continues below advertisement", "comments", "تعليقات", "الكلمات المفتاحية",
            "الوسوم", "tags", "related", "more", "back to top", "أكمل القراءة", "تابع القراءة", "اقرأ القصة كاملة",
            "read the full story", "keep reading", "read full article",
        ].map(TextAnalysis.comparisonKey))

    static let longestFurnitureLine = furnitureLines.map(\.utf8.count).max() ?? 0

    /// Short lines that start like these are source, byline or photo-credit lines.
    static let creditStarts: [[String]] = [
        "المصدر", "مصدر", "source", "sources", "بقلم", "كتب", "كتبت", "تصوير", "photo", "photograph", "image", "credit",
        "getty images", "reporting by", "editing by", "written by", "by",
    ].map { TextAnalysis.comparisonKey($0).split(separator: " ").map(String.init) }

    /// The blocks to keep (images pass through), in order.
    func filter(_ blocks: [TextBlock]) -> [TextBlock] {
        var kept: [TextBlock] = []
        var keptKeys: [String] = []
        let titleKey = title.map(TextAnalysis.comparisonKey)
        let bylineKey = byline.map(TextAnalysis.comparisonKey)
        var seen = Set<String>(minimumCapacity: blocks.count)
        for block in blocks {
            if block.kind == .image {
                kept.append(block)
                keptKeys.append("")
                continue
            }
            let comparison = ComparisonText(block.text)
            let key = comparison.key
            guard !key.isEmpty else { continue }  // only punctuation or symbols
            if block.linkDensity > 0.5 { continue }
            if key.utf8.count <= Self.longestFurnitureLine, Self.furnitureLines.contains(key) { continue }
            if let titleKey, key == titleKey { continue }
            if let bylineKey, key == bylineKey { continue }
            // An exact repeat (the body printed twice). Taken back out if a line rule drops it.
            guard seen.insert(key).inserted else { continue }
            // The line rules below are all about short lines: a long paragraph skips them.
            let wordCount = comparison.wordCount
            if wordCount <= 40, isFurnitureLine(block, comparison) {
                seen.remove(key)
                continue
            }
            kept.append(block)
            keptKeys.append(key)
        }
        kept = withoutCopies(kept, keys: keptKeys)
        kept = withoutOrphanHeadings(kept)
        return kept
    }

    /// A short line that is a promo, credit, pagination, call-to-action or bracketed credit line.
    private func isFurnitureLine(_ block: TextBlock, _ comparison: ComparisonText) -> Bool {
        guard Self.mayBeFurnitureLine(comparison) else { return false }
        let words = comparison.words
        let plainWords = words.filter { $0 != ":" }
        return isPromo(words, wordCount: plainWords.count, linkDensity: block.linkDensity)
            || isCreditLine(words, wordCount: plainWords.count)
            || (!block.isTableCell && isPageNumbers(plainWords))
            || isCallToAction(plainWords)
            || isBracketedCredit(block.text, wordCount: plainWords.count)
    }

    /// What every rule of ``isFurnitureLine(_:_:)`` needs, read from the comparison bytes
    /// without building the words: a first word that starts a promo, credit or call-to-action
    /// line; five words or fewer (a bracketed credit); a word that starts "click here" in a
    /// line of twelve or fewer; or two words that may be numbers (pagination).
    static func mayBeFurnitureLine(_ comparison: ComparisonText) -> Bool {
        let wordCount = comparison.wordCount
        if wordCount <= 5 { return true }
        var numbers = 0
        var isFirst = true
        var found = false
        comparison.forEachToken { word in
            guard word[0] != 0x3A else { return true }  // ":" tokens
            defer { isFirst = false }
            found = (isFirst && lineStartWords.value(for: word) != nil)
                || (wordCount <= 12 && word.count < 64 && clickHereLengths >> word.count & 1 != 0
                    && clickHereFirstWords.value(for: word) != nil)
            if mayBeNumber(firstByte: word[0]) {
                numbers += 1
                if numbers >= 2 { found = true }
            }
            return !found
        }
        return found
    }

    /// The first words of promo markers, credit starts and call-to-action starts.
    private static let lineStartWords = wordTable(
        markers.compactMap(\.words.first) + creditStarts.compactMap(\.first) + callStarts.compactMap(\.first))
    private static let clickHereFirstWords = wordTable(clickHere.compactMap(\.first))
    /// The byte lengths of those words, as bits (most words are told apart by length alone).
    private static let clickHereLengths: UInt64 = clickHere.compactMap(\.first).reduce(0) { $0 | 1 << $1.utf8.count }

    private static func wordTable(_ words: [String]) -> ByteKeyTable<Bool> {
        ByteKeyTable(Dictionary(words.map { ($0, true) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Comparison words are already normalised: byte equality is enough (and `String ==`
    /// would check canonical equivalence again for every Arabic word).
    static func sameWord(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a
        var b = b
        return a.withUTF8 { a in b.withUTF8 { b in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }

    /// A short line that starts with a promo marker.
    func isPromo(_ words: [String], wordCount: Int, linkDensity: Double) -> Bool {
        guard wordCount <= 20 else { return false }
        let start = words.drop { $0 == ":" }
        guard let first = start.first, let candidates = Self.markersByFirstWord[first] else { return false }
        for marker in candidates where start.starts(with: marker.words, by: Self.sameWord) {
            if !marker.strict { return true }
            let rest = start.dropFirst(marker.words.count)
            if rest.first == ":" || linkDensity >= 0.4 || rest.allSatisfy({ $0 == ":" }) { return true }
        }
        return false
    }

    /// ``markers`` by their first word (each list in the order of ``markers``): a line is
    /// compared only with the markers that start with its first word.
    static let markersByFirstWord: [String: [Marker]] = Dictionary(grouping: markers) { $0.words.first ?? "" }

    static let callStarts: [[String]] = [
        "اشترك", "اشتركوا", "انضم", "انضموا", "تابعونا", "تابعنا", "لمتابعة", "للاشتراك", "حمل", "حملوا", "follow us",
        "follow", "subscribe", "sign up", "join us", "join", "download", "get the",
    ].map { TextAnalysis.comparisonKey($0).split(separator: " ").map(String.init) }
    static let callChannels: Set<String> = Set(
        [
            "تيليجرام", "تلغرام", "تليغرام", "تليجرام", "واتساب", "تويتر", "فيسبوك", "يوتيوب", "انستغرام", "إنستغرام", "النشرة",
            "نشرتنا", "قناة", "قناتنا", "تطبيق", "telegram", "whatsapp", "twitter", "facebook", "youtube", "instagram",
            "newsletter", "newsletters", "app", "channel", "podcast",
        ].map(TextAnalysis.comparisonKey))
    static let callStartsByFirstWord: [String: [[String]]] = Dictionary(grouping: callStarts) { $0.first ?? "" }
    static let clickHere: [[String]] = ["اضغط هنا", "إضغط هنا", "انقر هنا", "click here", "tap here"]
        .map { TextAnalysis.comparisonKey($0).split(separator: " ").map(String.init) }

    /// A short "follow us / subscribe / click here" line.
    func isCallToAction(_ words: [String]) -> Bool {
        guard words.count <= 25 else { return false }
        if words.count <= 12 {
            for phrase in Self.clickHere where phrase.count <= words.count {
                for start in 0...(words.count - phrase.count) {
                    var matched = 0
                    while matched < phrase.count, Self.sameWord(words[start + matched], phrase[matched]) { matched += 1 }
                    if matched == phrase.count { return true }
                }
            }
        }
        guard let first = words.first, let starts = Self.callStartsByFirstWord[first],
            starts.contains(where: { words.starts(with: $0, by: Self.sameWord) })
        else { return false }
        return words.contains(where: Self.callChannels.contains)
    }

    private static let creditTrimmed = CharacterSet.whitespaces.union(.punctuationCharacters)
        .subtracting(CharacterSet(charactersIn: "()[]"))

    /// A short line wholly in brackets: an agency or photo credit (`(أ ف ب)`, `(AP Photo)`).
    func isBracketedCredit(_ text: String, wordCount: Int) -> Bool {
        guard wordCount <= 5 else { return false }
        let scalars = text.unicodeScalars
        func isEdge(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == "(" || scalar == ")" || scalar == "[" || scalar == "]" { return true }
            return !Self.creditTrimmed.contains(scalar)
        }
        guard let first = scalars.first(where: isEdge), let last = scalars.last(where: isEdge) else { return false }
        return (first == "(" && last == ")") || (first == "[" && last == "]")
    }

    /// Whether a comparison word starting with this byte may be a number. Most words are told
    /// by it: an ASCII letter, or an Arabic letter (the Arabic digits of comparison words are
    /// ASCII).
    static func mayBeNumber(firstByte first: UInt8) -> Bool {
        first < 0x80 ? (first >= 0x30 && first <= 0x39) : (first < 0xD8 || first > 0xDB)
    }

    /// A pagination line: a label and page numbers (`الصفحات: 1 2`, `Pages 1 2 3 Next`).
    func isPageNumbers(_ words: [String]) -> Bool {
        // Comparison words hold only ASCII letters and digits when they are ASCII.
        let numbers = words.count { word in
            guard let first = word.utf8.first, Self.mayBeNumber(firstByte: first) else { return false }
            return word.utf8.allSatisfy { $0 < 0x80 } ? word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } : word.allSatisfy(\.isNumber)
        }
        return numbers >= 2 && words.count - numbers <= 2
    }

    /// A short source/byline/credit line (`المصدر: رويترز`, `By Jane Doe`).
    func isCreditLine(_ words: [String], wordCount: Int) -> Bool {
        guard wordCount <= 8 else { return false }
        let start = words.drop { $0 == ":" }
        for prefix in Self.creditStarts where start.starts(with: prefix, by: Self.sameWord) {
            let after = start.dropFirst(prefix.count).first
            if after == ":" { return true }
            if prefix == ["by"] || prefix == ["بقلم"] || prefix == ["written", "by"] || prefix == ["reporting", "by"] {
                return wordCount <= 6
            }
        }
        return false
    }

    /// Drops a block whose text is contained in a longer kept block: a teaser (`...`-cut copy
    /// of the first paragraph) or a pull quote.
    func withoutCopies(_ blocks: [TextBlock], keys: [String]) -> [TextBlock] {
        guard blocks.count > 1 else { return blocks }
        let lengths = keys.map(\.utf8.count)
        var drop = Set<Int>()
        // A teaser sits just before the paragraph it cuts short, a pull quote near the one it
        // quotes: only the neighbours are searched.
        for (index, key) in keys.enumerated() where lengths[index] >= 40 {
            let window = max(0, index - Self.copyWindow)...min(keys.count - 1, index + Self.copyWindow)
            guard window.contains(where: { $0 != index && lengths[$0] > lengths[index] }) else { continue }
            let search = SubstringSearch(key)
            for other in window where other != index && !drop.contains(other) {
                if lengths[other] > lengths[index], search.occurs(in: keys[other]) {
                    drop.insert(index)
                    break
                }
            }
        }
        return blocks.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    /// How many kept blocks before and after a block its original may be.
    static let copyWindow = 12

    /// Drops a heading with nothing under it (last, or followed by another heading): a box
    /// title whose list was removed.
    func withoutOrphanHeadings(_ blocks: [TextBlock]) -> [TextBlock] {
        var result: [TextBlock] = []
        for (index, block) in blocks.enumerated() {
            if block.kind == .heading {
                let next = blocks[(index + 1)...].first { $0.kind != .image }
                if next == nil || next?.kind == .heading { continue }
            }
            result.append(block)
        }
        return result
    }
}
