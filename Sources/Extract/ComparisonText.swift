import Foundation
import Markup

/// A text normalised for "is this the same line" comparisons, worked out in one pass over its
/// UTF-8 bytes: diacritics (Latin accents, Arabic harakat, hamza seats), tatweel and case
/// removed, alef variants unified, `ى`→`ي`, `ة`→`ه`, Arabic-Indic digits as ASCII.
/// Punctuation that introduces something (`:`, dashes, `|`, `»`) becomes a ":" token; other
/// punctuation only separates words.
///
/// ASCII, Arabic letters and marks and general punctuation are decided from the bytes; only
/// other scripts ask the Unicode property tables.
struct ComparisonText {
    /// The tokens as UTF-8, separated by one space (a ":" token stands alone).
    let tokens: [UInt8]
    /// The number of words of ``key`` (":" tokens not counted), at least 1.
    let wordCount: Int

    init(_ text: String) {
        // Canonical decomposition only where it changes something: Latin, Greek and Cyrillic
        // letters with accents. Arabic hamza seats are mapped directly.
        var source = text
        if let folded = source.withUTF8({ Self.mayDecompose($0) ? nil : Self.fold($0) }) {
            (tokens, wordCount) = folded
        } else {
            var decomposed = text.decomposedStringWithCanonicalMapping
            (tokens, wordCount) = decomposed.withUTF8 { Self.fold($0) }
        }
    }

    /// Whether a scalar of U+00C0–U+05FF or U+1E00–U+1FFF is in the UTF-8 `bytes`: read from
    /// the lead bytes (0xC3–0xD7, and 0xE1 followed by 0xB8–0xBF).
    private static func mayDecompose(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte < 0xC3 { continue }
            if byte <= 0xD7 { return true }
            if byte == 0xE1, index < bytes.count, bytes[index] >= 0xB8, bytes[index] <= 0xBF { return true }
        }
        return false
    }

    /// Calls `body` with the bytes of each token in order, ":" tokens included, until it
    /// returns false.
    func forEachToken(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        tokens.withUnsafeBufferPointer { bytes in
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == 0x20 {
                defer { start = end + 1 }
                if end > start, !body(UnsafeBufferPointer(rebasing: bytes[start..<end])) { return }
            }
        }
    }

    /// The comparison words joined by spaces, without the ":" tokens.
    var key: String {
        guard tokens.contains(0x3A) else { return String(decoding: tokens, as: UTF8.self) }
        // ":" only ever stands alone: drop it with the space before it (or after it, first).
        var result: [UInt8] = []
        result.reserveCapacity(tokens.count)
        var index = 0
        while index < tokens.count {
            let byte = tokens[index]
            index += 1
            if byte == 0x3A {
                if index < tokens.count { index += 1 }  // its trailing space
                continue
            }
            if byte == 0x20, result.isEmpty { continue }
            result.append(byte)
        }
        if result.last == 0x20 { result.removeLast() }
        return String(decoding: result, as: UTF8.self)
    }

    /// The comparison words, ":" tokens included.
    var words: [String] {
        var words: [String] = []
        forEachToken { token in
            words.append(String(decoding: token, as: UTF8.self))
            return true
        }
        return words
    }

    /// The tokens of `bytes`, and how many are words (at least 1).
    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> ([UInt8], Int) {
        // At most 3 bytes out for a byte in: " :" for a separator, a lowercase mapping of up to
        // three times the bytes of its letter.
        var words = 0
        let tokens = [UInt8](unsafeUninitializedCapacity: bytes.count * 3 + 8) { buffer, written in
            var folder = Folder(output: buffer)
            fold(bytes, into: &folder)
            written = folder.count
            words = folder.words
        }
        return (tokens, max(1, words))
    }

    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>, into folder: inout Folder) {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                switch byte {
                case 0x41...0x5A: folder.letterByte(byte + 0x20)
                case 0x61...0x7A, 0x30...0x39: folder.letterByte(byte)
                default: folder.separate(introducing: byte == 0x3A || byte == 0x2D || byte == 0x7C)
                }
                continue
            }
            guard let (value, width) = UTF8Scan.scalar(in: bytes, at: index) else { break }
            let original = UnsafeBufferPointer(rebasing: bytes[index..<index + width])
            index += width
            switch value {
            case 0x0640, 0x200C, 0x200D, 0x200E, 0x200F:  // tatweel, joiners, direction marks
                continue
            case 0x0622, 0x0623, 0x0625, 0x0671: folder.letter(0x0627)
            case 0x0624: folder.letter(0x0648)
            case 0x0626, 0x0649: folder.letter(0x064A)
            case 0x0629: folder.letter(0x0647)
            case 0x0660...0x0669: folder.letter(value - 0x0660 + 0x30)
            case 0x06F0...0x06F9: folder.letter(value - 0x06F0 + 0x30)
            case 0x0621...0x064A: folder.letterBytes(original)  // plain Arabic letters
            case 0x064B...0x065F, 0x0670:  // harakat and other Arabic marks
                continue
            case 0x2010...0x205F:  // general punctuation: dashes, quotes, bullets, spaces
                folder.separate(introducing: value == 0x2013 || value == 0x2014 || value == 0x203A)
            default:
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                let properties = scalar.properties
                if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark {
                    continue
                }
                if properties.isAlphabetic || properties.numericType != nil {
                    if properties.changesWhenLowercased {
                        for lower in properties.lowercaseMapping.unicodeScalars { folder.letter(lower.value) }
                    } else {
                        folder.letterBytes(original)
                    }
                    continue
                }
                switch value {
                case 0xFE13, 0xFF1A, 0xBB, 0x25BA, 0x25B6, 0x2192: folder.separate(introducing: true)
                default: folder.separate(introducing: false)
                }
            }
        }
    }

    /// The output of ``fold(_:)`` as it is written, into a buffer sized for the worst case (a
    /// struct, so its state needs no runtime exclusivity checks).
    private struct Folder {
        let output: UnsafeMutableBufferPointer<UInt8>
        var count = 0
        /// Words started so far.
        var words = 0
        var inWord = false
        var lastIsColon = false

        init(output: UnsafeMutableBufferPointer<UInt8>) { self.output = output }

        @inline(__always) mutating func put(_ byte: UInt8) {
            output[count] = byte
            count += 1
        }

        mutating func startLetter() {
            if !inWord {
                if count > 0 { put(0x20) }
                inWord = true
                words += 1
                lastIsColon = false
            }
        }

        mutating func letterByte(_ byte: UInt8) {
            startLetter()
            put(byte)
        }

        mutating func letterBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
            startLetter()
            for byte in bytes { put(byte) }
        }

        mutating func letter(_ value: UInt32) {
            startLetter()
            switch value {
            case ..<0x80:
                put(UInt8(value))
            case ..<0x800:
                put(UInt8(0xC0 | value >> 6))
                put(UInt8(0x80 | value & 0x3F))
            case ..<0x10000:
                put(UInt8(0xE0 | value >> 12))
                put(UInt8(0x80 | value >> 6 & 0x3F))
                put(UInt8(0x80 | value & 0x3F))
            default:
                put(UInt8(0xF0 | value >> 18))
                put(UInt8(0x80 | value >> 12 & 0x3F))
                put(UInt8(0x80 | value >> 6 & 0x3F))
                put(UInt8(0x80 | value & 0x3F))
            }
        }

        mutating func separate(introducing: Bool) {
            inWord = false
            if introducing, !lastIsColon {
                if count > 0 { put(0x20) }
                put(0x3A)
                lastIsColon = true
            }
        }
    }
}

extension TextAnalysis {
    /// Normalised words for comparison (see ``ComparisonText``), ":" tokens included.
    static func comparisonWords(_ text: String) -> [String] { ComparisonText(text).words }

    /// One string key for "is this the same text": the comparison words joined by spaces,
    /// without the ":" tokens.
    static func comparisonKey(_ text: String) -> String { ComparisonText(text).key }
}
