import Foundation

/// Folds one text into its matching form in a single pass over its UTF-8 bytes: the folded
/// words separated by single spaces (`bytes`) and one hash per word (`wordHashes`, FNV-1a of
/// the folded word, finalised). Reusable: `scan` clears the previous text but keeps capacity.
struct WordScanner {
    /// The matching form, UTF-8: folded words separated by one space, no space at either end.
    private(set) var bytes: [UInt8] = []
    /// One hash per word of `bytes`, in order.
    private(set) var wordHashes: [UInt64] = []
    /// Whether the last scanned text had a `:` (or `：`, `|`, `»`) within its first 60 bytes:
    /// promo markers that also start ordinary sentences count only with one.
    private(set) var hasEarlyColon = false

    private var wordHash: UInt64 = 0
    private var inWord = false

    init() {
        bytes.reserveCapacity(4096)
        wordHashes.reserveCapacity(1024)
    }

    /// Scans `text`, bringing it to NFKC first when it holds scalars that compose with their
    /// neighbours (Hangul jamo, Indic vowel signs); everything else folds scalar by scalar.
    mutating func scan(_ text: String) {
        if !scanFolding(text, allowSlow: false) {
            _ = scanFolding(text.precomposedStringWithCompatibilityMapping, allowSlow: true)
        }
    }

    /// Returns false, leaving the scanner in an unspecified state, when the text needs real NFKC
    /// first and `allowSlow` is false.
    private mutating func scanFolding(_ text: String, allowSlow: Bool) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        wordHashes.removeAll(keepingCapacity: true)
        inWord = false
        hasEarlyColon = false
        var text = text
        return text.withUTF8 { utf8 in
            let table = ScalarFolding.table
            let ascii = ScalarFolding.ascii
            return table.withUnsafeBufferPointer { table in
                ascii.withUnsafeBufferPointer { ascii in
                    var index = 0
                    let count = utf8.count
                    while index < count {
                        let lead = utf8[index]
                        if lead < 0x80 {
                            let mapped = ascii[Int(lead)]
                            if mapped == 0x20 {
                                if index < 60 && (lead == 0x3A || lead == 0x7C) { hasEarlyColon = true }
                                endWord()
                            } else if mapped != 0 {
                                appendByte(mapped)
                            }
                            index += 1
                            continue
                        }
                        let value: UInt32
                        if lead < 0xE0 {
                            value = UInt32(lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                            index += 2
                        } else if lead < 0xF0 {
                            value = UInt32(lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6
                                | UInt32(utf8[index + 2] & 0x3F)
                            index += 3
                        } else {
                            value = UInt32(lead & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12
                                | UInt32(utf8[index + 2] & 0x3F) << 6 | UInt32(utf8[index + 3] & 0x3F)
                            index += 4
                            for folded in ScalarFolding.foldSupplementary(Unicode.Scalar(value)!) { append(folded) }
                            continue
                        }
                        if index <= 60 && (value == 0xFF1A || value == 0xBB) { hasEarlyColon = true }
                        let entry = table[Int(value)]
                        if entry & ScalarFolding.slowFlag != 0 && !allowSlow { return false }
                        if entry & ScalarFolding.multiFlag == 0 {
                            append(entry & 0x1F_FFFF)
                        } else {
                            let offset = Int((entry >> 8) & 0x3F_FFFF)
                            let length = Int(entry & 0xFF)
                            for folded in ScalarFolding.expansions[offset..<offset + length] { append(folded) }
                        }
                    }
                    endWord()
                    if bytes.last == 0x20 { bytes.removeLast() }
                    return true
                }
            }
        }
    }

    @inline(__always)
    private mutating func append(_ scalar: UInt32) {
        if scalar < 0x80 {
            if scalar == 0x20 { endWord() } else { appendByte(UInt8(scalar)) }
        } else if scalar < 0x800 {
            appendByte(UInt8(0xC0 | scalar >> 6))
            appendByte(UInt8(0x80 | scalar & 0x3F))
        } else if scalar < 0x10000 {
            appendByte(UInt8(0xE0 | scalar >> 12))
            appendByte(UInt8(0x80 | (scalar >> 6) & 0x3F))
            appendByte(UInt8(0x80 | scalar & 0x3F))
        } else {
            appendByte(UInt8(0xF0 | scalar >> 18))
            appendByte(UInt8(0x80 | (scalar >> 12) & 0x3F))
            appendByte(UInt8(0x80 | (scalar >> 6) & 0x3F))
            appendByte(UInt8(0x80 | scalar & 0x3F))
        }
    }

    @inline(__always)
    private mutating func appendByte(_ byte: UInt8) {
        if !inWord {
            inWord = true
            wordHash = 0xCBF2_9CE4_8422_2325
        }
        bytes.append(byte)
        wordHash ^= UInt64(byte)
        wordHash &*= 0x0000_0100_0000_01B3
    }

    @inline(__always)
    private mutating func endWord() {
        guard inWord else { return }
        inWord = false
        wordHashes.append(MatchingHash.mix64(wordHash))
        bytes.append(0x20)
    }
}
