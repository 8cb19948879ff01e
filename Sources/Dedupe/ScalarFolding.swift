import Foundation

/// What one Unicode scalar becomes in the matching form of a text, as a lookup table over the
/// Basic Multilingual Plane built once per process (about 20 ms), with a slow path for the
/// rare scalars above it.
///
/// The folding of a scalar is: compatibility decomposition (NFKD), lower case, then removal of
/// the marks matching ignores (Latin/Greek/Cyrillic accents, Arabic harakat, superscript alef
/// and Quranic marks, Hebrew points), the Arabic letter folds (`ٱ`→`ا`, `ى`→`ي`, `ة`→`ه`,
/// Persian and Urdu forms), every script's decimal digits as ASCII, and anything that is not a
/// letter, digit or kept mark as a space. Hamza seats need no rule of their own: `أ إ آ ؤ ئ`
/// decompose to a bare letter plus a hamza or madda mark, which is removed. Marks of other
/// scripts are kept and recomposed (NFC), so Indic or Thai words keep their vowels.
///
/// Decomposing scalar by scalar equals NFKC followed by the same folding except where
/// composition joins scalars that are not removed: Hangul jamo, kana voicing marks, Indic
/// vowel signs. Those scalars carry `slowFlag`, and a paragraph containing one is first
/// brought to NFKC by Foundation (`TextNormalizer`).
enum ScalarFolding {
    /// An entry: bit 31 clear: one output scalar in bits 0–20. Bit 31 set: `count` (bits 0–7)
    /// scalars at `offset` (bits 8–29) in `expansions`; a count of 0 means "drop the scalar".
    /// Bit 30 (`slowFlag`): the paragraph needs real NFKC first. A space (0x20) means "word
    /// boundary".
    static let table: [UInt32] = built.table
    static let expansions: [UInt32] = built.expansions
    static let multiFlag: UInt32 = 0x8000_0000
    static let slowFlag: UInt32 = 0x4000_0000

    /// ASCII as bytes: lower-case letters and digits map to themselves, `'` to 0 (dropped),
    /// everything else to a space.
    static let ascii: [UInt8] = (0..<128).map { value -> UInt8 in
        switch value {
        case 0x30...0x39, 0x61...0x7A: UInt8(value)
        case 0x41...0x5A: UInt8(value + 32)
        case 0x27: 0
        default: 0x20
        }
    }

    private static let built: (table: [UInt32], expansions: [UInt32]) = {
        var table = [UInt32](repeating: 0x20, count: 0x10000)
        var expansions: [UInt32] = []
        for value in 0..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }  // surrogates
            let folded = fold(scalar, decompose: mayDecompose(scalar))
            var entry: UInt32
            if folded.count == 1 {
                entry = folded[0]
            } else {
                entry = multiFlag | UInt32(expansions.count) << 8 | UInt32(folded.count)
                expansions.append(contentsOf: folded)
            }
            if needsComposition(scalar) { entry |= slowFlag }
            table[value] = entry
        }
        return (table, expansions)
    }()

    /// The folding of a scalar above the BMP (emoji, mathematical letters, rare CJK).
    static func foldSupplementary(_ scalar: Unicode.Scalar) -> [UInt32] {
        fold(scalar, decompose: scalar.properties.changesWhenNFKCCaseFolded)
    }

    /// Whether NFKD may change the scalar: it changes under NFKC case folding, or it is a
    /// precomposed letter in a block that has them (NFKC keeps `é`, matching drops the accent).
    private static func mayDecompose(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.changesWhenNFKCCaseFolded { return true }
        switch scalar.value {
        case 0x00C0...0x05FF, 0x0620...0x06FF, 0x1E00...0x1FFF, 0xFB1D...0xFB4F: return true
        default: return false
        }
    }

    /// Scalars that compose with their neighbour under NFC and are not removed by folding.
    private static func needsComposition(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0x3099, 0x309A: return true
        default: break
        }
        if isRemovedMark(scalar.value) { return false }
        let properties = scalar.properties
        return properties.canonicalCombiningClass.rawValue != 0 || properties.generalCategory == .spacingMark
    }

    private static func fold(_ scalar: Unicode.Scalar, decompose: Bool) -> [UInt32] {
        if let direct = direct(scalar.value) { return direct }
        let parts: [Unicode.Scalar] =
            decompose ? Array(String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars) : [scalar]
        var output: [UInt32] = []
        var keptMark = false
        for part in parts {
            for lower in lowercased(part) {
                if let direct = direct(lower.value) {
                    output.append(contentsOf: direct)
                    continue
                }
                let properties = lower.properties
                if let digit = properties.numericType == .decimal ? properties.numericValue : nil,
                    (0...9).contains(digit)
                {
                    output.append(0x30 + UInt32(digit))
                } else if properties.isAlphabetic || properties.numericType != nil {
                    output.append(lower.value)
                } else if [.nonspacingMark, .spacingMark, .enclosingMark].contains(properties.generalCategory) {
                    output.append(lower.value)
                    keptMark = true
                } else {
                    output.append(0x20)
                }
            }
        }
        // A spacing form of a removed mark (`ﹰ` is a space plus fathatan) is dropped whole.
        if parts.count > 1, parts.dropFirst().allSatisfy({ isRemovedMark($0.value) }), parts[0] == " " { return [] }
        if keptMark {
            let text = String(String.UnicodeScalarView(output.compactMap(Unicode.Scalar.init)))
            output = text.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
        }
        return output.isEmpty ? [] : output
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        switch scalar.value {
        case 0x00DF, 0x1E9E: return ["s", "s"]  // ß, ẞ
        case 0x03C2: return ["\u{03C3}"]  // final sigma
        default: break
        }
        guard scalar.properties.changesWhenLowercased else { return [scalar] }
        return Array(scalar.properties.lowercaseMapping.decomposedStringWithCompatibilityMapping.unicodeScalars)
    }

    /// Folds decided by rule rather than by Unicode data. An empty result drops the scalar.
    private static func direct(_ value: UInt32) -> [UInt32]? {
        if isRemovedMark(value) { return [] }
        switch value {
        // Format characters, joiners, direction marks, variation selectors, soft hyphen,
        // tatweel, apostrophes (`council's` is one word; `l'homme` too).
        case 0x00AD, 0x034F, 0x061C, 0x0640, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064,
            0x2066...0x206F, 0xFE00...0xFE0F, 0xFEFF, 0x0027, 0x2018, 0x2019, 0x02BC:
            return []
        case 0x0671, 0x0672, 0x0673, 0x0675: return [0x0627]  // ٱ ٲ ٳ ٵ → ا
        case 0x0649, 0x06CC, 0x06D0, 0x06D2, 0x06D3, 0x0678, 0x06CD: return [0x064A]  // ى ی ې ے ۓ ٸ ۍ → ي
        case 0x0629, 0x06C0, 0x06C1, 0x06C2, 0x06C3, 0x06D5, 0x06BE: return [0x0647]  // ة ۀ ہ ۂ ۃ ە ھ → ه
        case 0x06A9, 0x06AA: return [0x0643]  // ک ڪ → ك
        case 0x0676, 0x0677: return [0x0648]  // ٶ ٷ → و
        default: return nil
        }
    }

    /// Marks matching ignores: combining accents (Latin, Greek, Cyrillic), Arabic harakat,
    /// shadda, sukun, hamza and madda marks, superscript alef, Quranic annotation marks, and
    /// Hebrew points.
    static func isRemovedMark(_ value: UInt32) -> Bool {
        switch value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: true
        case 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E8, 0x06EA...0x06ED: true
        case 0x08D3...0x08E1, 0x08E3...0x08FF: true
        case 0x0591...0x05BD, 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7: true
        default: false
        }
    }
}
