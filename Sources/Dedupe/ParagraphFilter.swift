/// Decides which paragraphs of an article count for matching, on their normalised words:
/// inline promo lines («اقرأ أيضاً: …», "Read more: …"), page furniture and credit lines
/// left behind by extraction, lines of fewer than `minimumWords` words, and repeats (a body
/// printed twice) are left out, so two copies of a story compare on the story alone.
///
/// Extraction (`Extract.BlockFilter`) already removes most of these from stored articles; this
/// is the matching side's own, smaller list (Dedupe depends on nothing but Foundation), kept
/// to what syndicated copies commonly differ by.
struct ParagraphFilter {
    /// Shorter paragraphs are left out (agency lines like «(أ ف ب)», "Share", headings),
    /// unless nothing longer remains.
    static let minimumWords = 4

    /// Lines starting with these are promo lines when they have at most `promoMaxWords` words.
    static let promoMarkers: [[UInt64]] = hashes([
        "اقرأ أيضاً", "اقرأ أيضا", "إقرأ أيضاً", "اقرأ كذلك", "اقرأ المزيد", "طالع أيضاً", "شاهد أيضاً", "تابع أيضاً",
        "مواضيع ذات صلة", "أخبار ذات صلة", "مقالات ذات صلة", "قد يعجبك أيضاً", "يهمك أيضاً", "ننصحك بقراءة", "لا تفوت",
        "read more", "read also", "also read", "see also", "related articles", "related stories", "related coverage",
        "you may also like", "you might also like", "recommended for you", "more on this story", "continue reading",
        "lire aussi", "à lire aussi", "voir aussi", "lesen sie auch", "lee también", "leia também", "leggi anche",
    ])
    /// Markers that also start ordinary sentences («قد يهمك أن…», "Watch the…"): promo only
    /// when a colon, `|` or `»` follows early in the line.
    static let colonPromoMarkers: [[UInt64]] = hashes([
        "قد يهمك", "اقرأ", "شاهد", "تابع", "طالع", "ذات صلة", "للمزيد", "المزيد", "شاهد الفيديو", "related", "read",
        "watch", "more", "recommended", "listen", "sponsored", "advertisement",
    ])
    static let promoMaxWords = 20

    /// Short lines starting with these are source, credit, copyright or follow-us lines.
    static let creditMarkers: [[UInt64]] = hashes([
        "المصدر", "مصدر", "بقلم", "كتب", "كتبت", "تصوير", "جميع الحقوق محفوظة", "حقوق النشر", "تابعونا", "تابعنا",
        "اشترك", "source", "sources", "photo", "photograph", "image", "credit", "reporting by", "editing by",
        "written by", "additional reporting", "copyright", "all rights reserved", "follow us", "subscribe", "sign up",
        "share this", "advertisement", "click here", "اضغط هنا",
    ])
    static let creditMaxWords = 12

    private var seen = Set<UInt64>()

    /// Whether the paragraph just scanned counts; a repeat of an earlier counted paragraph does not.
    /// Short lines are reported with `isShort` instead, so the caller can keep them when
    /// nothing else remains.
    mutating func verdict(_ words: ArraySlice<UInt64>, hasEarlyColon: Bool) -> Verdict {
        if words.isEmpty { return .drop }
        if words.count <= Self.promoMaxWords {
            if Self.promoMarkers.contains(where: { words.starts(with: $0) }) { return .drop }
            if hasEarlyColon && Self.colonPromoMarkers.contains(where: { words.starts(with: $0) }) { return .drop }
        }
        if words.count <= Self.creditMaxWords && Self.creditMarkers.contains(where: { words.starts(with: $0) }) {
            return .drop
        }
        var key: UInt64 = 0x2545_F491_4F6C_DD1D
        for word in words { key = MatchingHash.combine(key, word) }
        guard seen.insert(key).inserted else { return .drop }
        return words.count < Self.minimumWords ? .short : .keep
    }

    enum Verdict { case keep, short, drop }

    private static func hashes(_ phrases: [String]) -> [[UInt64]] {
        var scanner = WordScanner()
        return phrases.map { phrase in
            scanner.scan(phrase)
            return scanner.wordHashes
        }.sorted { $0.count > $1.count }
    }
}
