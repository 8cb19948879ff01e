import FeedFarm

/// The changes a wire story goes through between outlets, applied to an article's paragraphs:
/// the positives of the dedupe pair set. Each function takes the paragraphs and returns the
/// changed copy; `random` makes every choice, so a seed gives the same copy.
struct PairMutations {
    var random: SeededRandom
    /// Titles of other articles of the same language, for promo lines.
    var otherTitles: [String]
    /// Paragraphs of other articles of the same language, for an added paragraph.
    var otherParagraphs: [String]
    var lang: String

    var arabic: Bool { lang == "ar" }

    // MARK: Furniture, promo and credit lines

    static let arabicFurniture = [
        "شارك", "طباعة", "إعلان", "تابعونا على تويتر", "حجم الخط", "الرئيسية / أخبار / سياسة",
        "آخر تحديث: 12 يوليو 2015 - 10:30 ص", "جميع الحقوق محفوظة © 2015", "التعليقات (0)",
        "اشترك في النشرة البريدية", "الكلمات الدالة: اليمن، السعودية، الرياض", "أرسل لصديق",
        "نشر في: الخميس 23 يوليو 2015", "الأكثر قراءة", "صورة أرشيفية",
    ]
    static let englishFurniture = [
        "Share this article", "Advertisement", "Updated 10:32 AM ET, Tue March 16, 2018", "Home > World > Middle East",
        "Sign up for our newsletter", "© 2018 Example Media. All rights reserved.", "Comments (12)",
        "Tags: politics, economy, world", "Photo: Getty Images", "Follow us on Twitter", "Print", "Email",
        "Most read", "Published 3 hours ago", "File photo",
    ]
    static let arabicPromo = ["اقرأ أيضاً: ", "إقرأ أيضا: ", "قد يهمك: ", "شاهد أيضاً: ", "طالع أيضا | ", "اقرأ المزيد: "]
    static let englishPromo = ["Read more: ", "READ MORE: ", "Related: ", "See also: ", "Also read: ", "Watch: "]
    static let arabicCredits = [
        "(رويترز)", "(أ ف ب)", "المصدر: وكالة الأنباء السعودية", "(إعداد محمد عبد الله للنشرة العربية - تحرير سامح البرديسي)",
        "كتب: أحمد علي", "واس", "المصدر: الشرق الأوسط",
    ]
    static let englishCredits = [
        "(Reuters)", "(AP)", "Reporting by John Smith; Editing by Jane Doe", "Source: Associated Press",
        "By Staff Writer", "Additional reporting by Sam Lee in London", "AFP",
    ]
    static let arabicDatelines = ["الرياض - واس: ", "القاهرة (رويترز) - ", "دبي - «الخليج»: ", "عدن - أ ف ب: "]
    static let englishDatelines = ["WASHINGTON (Reuters) - ", "LONDON (AP) — ", "NEW YORK, March 16 (AFP) - ", "PARIS — "]

    mutating func withFurniture(_ paragraphs: [String]) -> [String] {
        var result = paragraphs
        let list = arabic ? Self.arabicFurniture : Self.englishFurniture
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let line = list.randomElement(using: &random)!
            if random.chance(0.5) { result.insert(line, at: 0) } else { result.append(line) }
        }
        return result
    }

    mutating func withPromoLines(_ paragraphs: [String]) -> [String] {
        var result = paragraphs
        let markers = arabic ? Self.arabicPromo : Self.englishPromo
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let line = markers.randomElement(using: &random)! + (otherTitles.randomElement(using: &random) ?? "")
            result.insert(line, at: Int.random(in: 1...result.count, using: &random))
        }
        return result
    }

    mutating func withCredits(_ paragraphs: [String]) -> [String] {
        var result = paragraphs
        if random.chance(0.6) {
            result[0] = (arabic ? Self.arabicDatelines : Self.englishDatelines).randomElement(using: &random)! + result[0]
        }
        let credits = arabic ? Self.arabicCredits : Self.englishCredits
        for _ in 0..<Int.random(in: 1...2, using: &random) {
            let line = credits.randomElement(using: &random)!
            if random.chance(0.7) { result.append(line) } else { result.insert(line, at: 0) }
        }
        return result
    }

    // MARK: Headline, paragraphs, repeats

    mutating func withHeadline(_ paragraphs: [String], title: String) -> [String] {
        [title] + paragraphs
    }

    mutating func editedHeadline(_ title: String) -> String {
        var words = title.split(separator: " ").map(String.init)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return (arabic ? "عاجل: " : "UPDATE: ") + title
        case 1 where words.count > 3: words.removeLast(Int.random(in: 1...min(3, words.count - 2), using: &random))
        case 2 where words.count > 2: words.swapAt(0, words.count - 1)
        default: words.append(arabic ? "| صحيفة الوطن" : "| The Daily Example")
        }
        return words.joined(separator: " ")
    }

    /// One paragraph from another article, at most about a third of the result.
    mutating func withParagraphAdded(_ paragraphs: [String]) -> [String] {
        let words = paragraphs.reduce(0) { $0 + $1.split(separator: " ").count }
        let fitting = otherParagraphs.filter { $0.split(separator: " ").count * 2 <= words && $0.split(separator: " ").count >= 8 }
        guard let added = fitting.randomElement(using: &random) else { return paragraphs }
        var result = paragraphs
        result.insert(added, at: random.chance(0.6) ? result.count : Int.random(in: 1...result.count, using: &random))
        return result
    }

    /// One paragraph removed (never the lead), keeping at least two thirds of the words.
    mutating func withParagraphCut(_ paragraphs: [String]) -> [String] {
        let words = paragraphs.map { $0.split(separator: " ").count }
        let total = words.reduce(0, +)
        let removable = paragraphs.indices.dropFirst().filter { words[$0] * 3 <= total }
        guard let cut = removable.randomElement(using: &random) else { return paragraphs }
        var result = paragraphs
        result.remove(at: cut)
        if random.chance(0.3), result.count > 3, let second = removable.filter({ $0 != cut }).randomElement(using: &random),
            words[cut] + words[second] <= total / 4
        {
            result.remove(at: second > cut ? second - 1 : second)
        }
        return result
    }

    /// The first paragraphs only, half to four fifths of the words: an outlet that runs the top
    /// of the wire story.
    mutating func excerpt(_ paragraphs: [String]) -> [String] {
        let words = paragraphs.map { $0.split(separator: " ").count }
        let total = words.reduce(0, +)
        let target = Int(Double(total) * Double.random(in: 0.5...0.8, using: &random))
        var kept = 0
        var count = 0
        while count < paragraphs.count && (kept < target || count < 2) {
            kept += words[count]
            count += 1
        }
        return Array(paragraphs.prefix(count))
    }

    /// The body printed twice (as the seed page does), sometimes with promo lines between.
    mutating func doubled(_ paragraphs: [String]) -> [String] {
        let second = random.chance(0.5) ? withPromoLines(paragraphs) : paragraphs
        return paragraphs + second
    }

    // MARK: Spelling and small edits

    /// Arabic: harakat, hamza and alef forms, tatweel, Arabic-Indic digits, Persian letter
    /// forms, punctuation. Other scripts: quotes, dashes, case, accents, digits, spacing.
    mutating func withVariants(_ paragraphs: [String]) -> [String] {
        paragraphs.map { arabic ? arabicVariant($0) : latinVariant($0) }
    }

    private mutating func arabicVariant(_ text: String) -> String {
        let harakat: [Unicode.Scalar] = ["\u{064E}", "\u{064F}", "\u{0650}", "\u{0651}", "\u{064B}", "\u{0652}"]
        let diacritics = random.chance(0.7)
        let stripHamza = random.chance(0.6)
        let digits = random.chance(0.5)
        let persian = random.chance(0.25)
        let tatweel = random.chance(0.4)
        let tehMarbuta = random.chance(0.4)
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            var current = scalar
            let atWordEnd = index + 1 == scalars.count || !scalars[index + 1].properties.isAlphabetic
            switch scalar.value {
            case 0x0622, 0x0623, 0x0625: if stripHamza && random.chance(0.7) { current = "\u{0627}" }
            case 0x0627 where stripHamza && index > 0 && scalars[index - 1] == " " && random.chance(0.1): current = "\u{0623}"
            case 0x0629 where tehMarbuta && atWordEnd: current = "\u{0647}"
            case 0x064A where atWordEnd && tehMarbuta && random.chance(0.3): current = "\u{0649}"
            case 0x064A where persian: current = "\u{06CC}"
            case 0x0643 where persian: current = "\u{06A9}"
            case 0x30...0x39 where digits: current = Unicode.Scalar(scalar.value - 0x30 + 0x0660)!
            case 0x060C where random.chance(0.5): current = ","
            case 0x22: current = random.chance(0.5) ? "\u{00AB}" : "\u{00BB}"
            default: break
            }
            out.append(current)
            if (0x0628...0x064A).contains(current.value) {
                if diacritics && random.chance(0.25) { out.append(harakat.randomElement(using: &random)!) }
                if tatweel && !atWordEnd && random.chance(0.03) { out.append("\u{0640}") }
            }
        }
        return String(out)
    }

    private mutating func latinVariant(_ text: String) -> String {
        let quotes = random.chance(0.7)
        let dashes = random.chance(0.5)
        let upper = random.chance(0.1)
        let accents = random.chance(0.3)
        let fullwidth = random.chance(0.15)
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"" where quotes: out.append(random.chance(0.5) ? "\u{201C}" : "\u{201D}")
            case "'" where quotes: out.append("\u{2019}")
            case "\u{2014}" where dashes, "\u{2013}" where dashes: out.append(contentsOf: " - ".unicodeScalars)
            case "-" where dashes: out.append(" ")
            case "e" where accents && random.chance(0.05): out.append(contentsOf: "e\u{0301}".unicodeScalars)
            case "0"..."9" where fullwidth: out.append(Unicode.Scalar(scalar.value - 0x30 + 0xFF10)!)
            case " " where random.chance(0.02): out.append("\u{00A0}")
            default: out.append(scalar)
            }
        }
        let result = String(out)
        return upper ? result.uppercased() : result
    }

    /// A few word edits: deletions, repeats, swaps and replacements by words of the same
    /// article, one word in 15 to 60; and sometimes two paragraphs merged.
    mutating func withWordEdits(_ paragraphs: [String]) -> [String] {
        var split = paragraphs.map { $0.split(separator: " ").map(String.init) }
        let vocabulary = split.flatMap { $0 }
        let total = vocabulary.count
        for _ in 0..<max(1, total / Int.random(in: 15...60, using: &random)) {
            let p = Int.random(in: 0..<split.count, using: &random)
            guard split[p].count > 2 else { continue }
            let w = Int.random(in: 0..<split[p].count - 1, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: split[p].remove(at: w)
            case 1: split[p].insert(split[p][w], at: w)
            case 2: split[p].swapAt(w, w + 1)
            default: split[p][w] = vocabulary.randomElement(using: &random)!
            }
        }
        var result = split.map { $0.joined(separator: " ") }
        if result.count > 3 && random.chance(0.3) {
            let p = Int.random(in: 0..<result.count - 1, using: &random)
            result[p] += " " + result.remove(at: p + 1)
        }
        return result
    }
}
