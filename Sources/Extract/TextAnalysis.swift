import Foundation
import Markup

/// Text measures and comparison keys used by extraction (Arabic-aware).
enum TextAnalysis {
    /// Words: maximal runs of letters, marks and digits (an apostrophe inside a word, as in
    /// "council's", does not split it).
    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordPart: Bool
            if scalar.value < 0x80 {
                let value = scalar.value | 0x20
                isWordPart = (value >= 0x61 && value <= 0x7A) || (scalar.value >= 0x30 && scalar.value <= 0x39)
            } else if scalar.value < 0x800 {
                isWordPart = twoByteWordParts[Int(scalar.value) - 0x80]
            } else {
                isWordPart = isWordPartByProperties(scalar)
            }
            if inWord && (scalar == "'" || scalar == "\u{2019}") { continue }
            if isWordPart && !inWord { count += 1 }
            inWord = isWordPart
        }
        return count
    }

    private static func isWordPartByProperties(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            || scalar.properties.generalCategory == .nonspacingMark
    }

    /// `isWordPartByProperties` for U+0080–U+07FF (Latin, Greek, Cyrillic, Hebrew, Arabic),
    /// worked out once: asking the Unicode tables for every scalar of an Arabic article was
    /// 2% of the daemon's time.
    private static let twoByteWordParts: [Bool] = (0x80..<0x800).map { isWordPartByProperties(Unicode.Scalar(UInt32($0))!) }

    // MARK: Language from script

    /// The language the text is most likely in, from its letters: Arabic script gives `ar`
    /// (or `fa`/`ur` when their own letters are frequent), other scripts their main language,
    /// Latin script a stop-word vote among a few European languages; nil when unsure.
    static func guessLanguage(_ text: String) -> String? {
        var counts = ScriptCounts()
        var source = text
        source.withUTF8 { counts.scan($0, limit: 6000) }
        guard counts.letters >= 20 else { return nil }
        let half = counts.letters / 2
        if counts.arabic > half {
            if counts.urdu * 100 >= counts.arabic { return "ur" }
            if counts.persian * 50 >= counts.arabic { return "fa" }
            return "ar"
        }
        if counts.kana > 0 && counts.kana + counts.han > half { return "ja" }
        if counts.hangul > half { return "ko" }
        if counts.han > half { return "zh" }
        if counts.hebrew > half { return "he" }
        if counts.greek > half { return "el" }
        if counts.thai > half { return "th" }
        if counts.devanagari > half { return "hi" }
        if counts.cyrillic > half { return counts.ukrainian * 200 >= counts.cyrillic ? "uk" : "ru" }
        if counts.latin > half { return latinLanguage(text) }
        return nil
    }

    /// Letters of each script in the first scalars of a text.
    private struct ScriptCounts {
        var arabic = 0, persian = 0, urdu = 0, latin = 0, cyrillic = 0, ukrainian = 0, hebrew = 0, greek = 0
        var han = 0, kana = 0, hangul = 0, devanagari = 0, thai = 0, letters = 0

        /// Counts the first `limit` scalars of valid UTF-8, decoded from the bytes (ASCII, most
        /// of a Latin text, without a decode).
        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) {
            var index = 0
            var scanned = 0
            while index < bytes.count, scanned < limit {
                scanned += 1
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    if (lead | 0x20) >= 0x61 && (lead | 0x20) <= 0x7A {
                        letters += 1
                        latin += 1
                    }
                    continue
                }
                guard let (value, length) = UTF8Scan.scalar(in: bytes, at: index) else { break }
                index += length
                if let scalar = Unicode.Scalar(value), TextAnalysis.isAlphabetic(scalar) { count(letter: value) }
            }
        }

        private mutating func count(letter value: UInt32) {
            letters += 1
            switch value {
            case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF:
                arabic += 1
                switch value {
                case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06A9, 0x06CC: persian += 1
                case 0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2, 0x06C1, 0x06BE: urdu += 1
                default: break
                }
            case 0x00C0...0x024F, 0x1E00...0x1EFF: latin += 1
            case 0x0400...0x04FF:
                cyrillic += 1
                if value == 0x0456 || value == 0x0457 || value == 0x0454 || value == 0x0491 { ukrainian += 1 }
            case 0x0590...0x05FF: hebrew += 1
            case 0x0370...0x03FF: greek += 1
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: han += 1
            case 0x3040...0x30FF: kana += 1
            case 0xAC00...0xD7AF, 0x1100...0x11FF: hangul += 1
            case 0x0900...0x097F: devanagari += 1
            case 0x0E00...0x0E7F: thai += 1
            default: break
            }
        }
    }

    /// Whether a language is written in Arabic script.
    static func usesArabicScript(_ language: String) -> Bool {
        ["ar", "fa", "ur", "ps", "ku", "ckb", "sd", "ug", "prs"].contains(language)
    }

    private static let stopWords: [String: Set<String>] = [
        "en": ["the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "as", "it", "by", "are", "this"],
        "fr": ["le", "la", "les", "des", "et", "est", "une", "du", "dans", "pour", "que", "qui", "sur", "pas", "au", "avec"],
        "es": ["el", "los", "las", "que", "y", "del", "por", "una", "con", "para", "es", "se", "su", "al", "como", "más"],
        "de": ["der", "die", "das", "und", "ist", "nicht", "den", "mit", "sich", "auf", "ein", "eine", "von", "zu", "dem", "im"],
        "it": ["il", "di", "che", "per", "non", "una", "del", "della", "sono", "gli", "con", "nel", "alla", "anche", "è", "le"],
        "pt": ["o", "os", "que", "não", "uma", "do", "da", "em", "para", "com", "um", "no", "na", "se", "por", "é"],
        "nl": ["de", "het", "een", "van", "en", "niet", "dat", "is", "op", "zijn", "met", "voor", "ook", "aan", "er", "wordt"],
        "tr": ["ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "çok", "daha", "olan", "gibi", "ama", "sonra"],
    ]

    /// The languages of ``stopWords``, in a fixed order: bit `1 << i` of a word's entry in
    /// ``stopWordLanguages`` is `voteLanguages[i]`.
    private static let voteLanguages = stopWords.keys.sorted()

    /// Each stop word (UTF-8) and the languages it belongs to, as bits of ``voteLanguages``.
    private static let stopWordLanguages: ByteKeyTable<UInt8> = {
        var bits: [String: UInt8] = [:]
        for (index, language) in voteLanguages.enumerated() {
            for word in stopWords[language] ?? [] { bits[word, default: 0] |= 1 << index }
        }
        return ByteKeyTable(bits)
    }()

    private static func latinLanguage(_ text: String) -> String? {
        var vote = StopWordVote()
        for scalar in text.unicodeScalars {
            if vote.seen >= 500 { break }
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x41...0x5A: vote.append(UInt8(value + 0x20))
                case 0x61...0x7A: vote.append(UInt8(value))
                default: vote.endWord()
                }
            } else if isAlphabetic(scalar) {
                let properties = scalar.properties
                if properties.changesWhenLowercased {
                    for lower in properties.lowercaseMapping.unicodeScalars { vote.append(lower) }
                } else {
                    vote.append(scalar)
                }
            } else {
                vote.endWord()
            }
        }
        vote.endWord()
        // The two highest counts (equal when two languages tie for first).
        var best = 0, second = 0, winner = 0
        for (index, count) in vote.counts.enumerated() {
            if count > best {
                second = best
                best = count
                winner = index
            } else if count > second {
                second = count
            }
        }
        guard best >= 5 else { return nil }
        return Double(best) >= Double(second) * 1.5 ? voteLanguages[winner] : nil
    }

    /// Words of a text as they come, counted against the stop words of each language. A
    /// struct, so its state needs no runtime exclusivity checks.
    private struct StopWordVote {
        /// Stop words seen of each of ``TextAnalysis/voteLanguages``.
        var counts = [Int](repeating: 0, count: TextAnalysis.voteLanguages.count)
        /// Words seen so far.
        var seen = 0
        /// The current word, lowercase UTF-8, and its length in Unicode scalars (only words of
        /// six scalars or fewer are stop words; longer ones are not kept beyond that).
        private var word: [UInt8] = []
        private var scalars = 0

        mutating func append(_ byte: UInt8) {
            scalars += 1
            if scalars <= 6 { word.append(byte) }
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            scalars += 1
            if scalars <= 6 { word.append(contentsOf: String(scalar).utf8) }
        }

        mutating func endWord() {
            guard scalars > 0 else { return }
            seen += 1
            if scalars <= 6, let languages = word.withUnsafeBufferPointer({ TextAnalysis.stopWordLanguages.value(for: $0) }) {
                for index in counts.indices where languages & (1 << index) != 0 { counts[index] += 1 }
            }
            word.removeAll(keepingCapacity: true)
            scalars = 0
        }
    }

    /// `isAlphabetic` of every scalar below U+0800 (Latin, Greek, Cyrillic, Hebrew, Arabic...),
    /// looked up in the property tables once.
    private static let alphabeticBelow0800: [Bool] = (0..<0x800).map {
        Unicode.Scalar(UInt32($0)).map { $0.properties.isAlphabetic } ?? false
    }

    /// Whether a scalar is alphabetic (Unicode's `Alphabetic` property).
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x800 ? alphabeticBelow0800[Int(scalar.value)] : scalar.properties.isAlphabetic
    }

    /// The primary subtag of a language tag (`ar-EG`, `ar_AR`, `EN` → `ar`, `ar`, `en`), or nil
    /// when the value is not a language tag.
    static func primaryLanguage(_ tag: String?) -> String? {
        guard let tag else { return nil }
        let primary = tag.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "," || $0 == ";" || $0 == " " }).first
            .map(String.init) ?? ""
        guard (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return primary
    }
}
