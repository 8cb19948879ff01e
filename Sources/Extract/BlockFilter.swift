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
            "watch", "more", "recommended", "also", "listen", "read", "you may also like", "you might also like",
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
            "الوسوم", "tags", "related", "more", "back to top",
        ].map(TextAnalysis.comparisonKey))

    /// Short lines that start like these are source, byline or photo-credit lines.
    static let creditStarts: [[String]] = [
        "المصدر", "مصدر", "source", "sources", "بقلم", "كتب", "كتبت", "تصوير", "photo", "photograph", "image", "credit",
        "getty images", "reporting by", "editing by", "written by", "by",
    ].map { TextAnalysis.comparisonKey($0).split(separator: " ").map(String.init) }

    func filter(_ blocks: [TextBlock]) -> [String] {
        var kept: [TextBlock] = []
        let titleKey = title.map(TextAnalysis.comparisonKey)
        let bylineKey = byline.map(TextAnalysis.comparisonKey)
        var seen = Set<String>()
        for block in blocks {
            let words = TextAnalysis.comparisonWords(block.text)
            let plainWords = words.filter { $0 != ":" }
            guard !plainWords.isEmpty else { continue }  // only punctuation or symbols
            let key = plainWords.joined(separator: " ")
            if block.linkDensity > 0.5 { continue }
            if Self.furnitureLines.contains(key) { continue }
            if let titleKey, key == titleKey { continue }
            if let bylineKey, key == bylineKey { continue }
            if isPromo(words, wordCount: plainWords.count, linkDensity: block.linkDensity) { continue }
            if isCreditLine(words, wordCount: plainWords.count) { continue }
            guard seen.insert(key).inserted else { continue }  // an exact repeat (the body printed twice)
            kept.append(block)
        }
        kept = withoutCopies(kept)
        kept = withoutOrphanHeadings(kept)
        return kept.map(\.text)
    }

    /// A short line that starts with a promo marker.
    func isPromo(_ words: [String], wordCount: Int, linkDensity: Double) -> Bool {
        guard wordCount <= 20 else { return false }
        let start = words.drop { $0 == ":" }
        for marker in Self.markers where start.starts(with: marker.words) {
            if !marker.strict { return true }
            let after = start.dropFirst(marker.words.count).first
            if after == ":" || linkDensity >= 0.4 { return true }
        }
        return false
    }

    /// A short source/byline/credit line (`المصدر: رويترز`, `By Jane Doe`).
    func isCreditLine(_ words: [String], wordCount: Int) -> Bool {
        guard wordCount <= 8 else { return false }
        let start = words.drop { $0 == ":" }
        for prefix in Self.creditStarts where start.starts(with: prefix) {
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
    func withoutCopies(_ blocks: [TextBlock]) -> [TextBlock] {
        guard blocks.count > 1, blocks.count <= 400 else { return blocks }
        let keys = blocks.map { TextAnalysis.comparisonKey($0.text) }
        var drop = Set<Int>()
        for (index, key) in keys.enumerated() where key.count >= 40 {
            for (other, otherKey) in keys.enumerated() where other != index && !drop.contains(other) {
                if otherKey.count > key.count, otherKey.contains(key) {
                    drop.insert(index)
                    break
                }
            }
        }
        return blocks.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    /// Drops a heading with nothing under it (last, or followed by another heading): a box
    /// title whose list was removed.
    func withoutOrphanHeadings(_ blocks: [TextBlock]) -> [TextBlock] {
        var result: [TextBlock] = []
        for (index, block) in blocks.enumerated() {
            if block.kind == .heading {
                let next = index + 1 < blocks.count ? blocks[index + 1] : nil
                if next == nil || next?.kind == .heading { continue }
            }
            result.append(block)
        }
        return result
    }
}
