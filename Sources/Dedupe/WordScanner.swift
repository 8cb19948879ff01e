import Foundation

/// Folds one text into its matching form in a single pass over its UTF-8 bytes: one hash per
/// folded word (`wordHashes`) and, when `keepsText`, the folded words separated by single
/// spaces (`text`). Reusable: `scan` clears the previous text but keeps its buffers.
struct WordScanner {
    /// One hash per word, in order.
    private(set) var wordHashes: [UInt64] = []
    /// Whether the last scanned text had a `:` (or `：`, `|`, `»`) within its first 60 bytes:
    /// promo markers that also start ordinary sentences count only with one.
    private(set) var hasEarlyColon = false
    /// Whether `text` is kept; fingerprinting needs only the word hashes.
    var keepsText = true

    private var buffer: [UInt8] = []
    private var length = 0

    init() {
        wordHashes.reserveCapacity(1024)
    }

    /// The matching form of the last text scanned with `keepsText`: folded words separated by
    /// one space, no space at either end.
    var text: String { String(decoding: buffer[0..<length], as: UTF8.self) }

    /// Scans `text`, bringing it to NFKC first when it holds scalars that compose with their
    /// neighbours (Hangul jamo, Indic vowel signs); everything else folds scalar by scalar.
    mutating func scan(_ text: String) {
        var text = text
        var outcome = text.withUTF8 { scan(utf8: $0, allowSlow: false, room: 4) }
        if outcome == .needsComposition {
            text = text.precomposedStringWithCompatibilityMapping
            outcome = text.withUTF8 { scan(utf8: $0, allowSlow: true, room: 4) }
        }
        var room = 16
        while outcome == .needsRoom {
            outcome = text.withUTF8 { scan(utf8: $0, allowSlow: true, room: room) }
            room *= 4
        }
    }

    private enum Outcome { case done, needsComposition, needsRoom }

    /// One pass with an output buffer of `room` bytes per input byte (4 covers every scalar
    /// that folds to one scalar; long ligatures such as `ﷺ` may need more).
    private mutating func scan(utf8: UnsafeBufferPointer<UInt8>, allowSlow: Bool, room: Int) -> Outcome {
        var out = buffer
        buffer = []
        var hashes = wordHashes
        wordHashes = []
        hashes.removeAll(keepingCapacity: true)
        let capacity = utf8.count * room + 64
        if out.count < capacity { out = [UInt8](repeating: 0, count: max(capacity, out.count * 2)) }
        var state = FoldState(keepsText: keepsText)
        let outcome = out.withUnsafeMutableBufferPointer { out -> Outcome in
            ScalarFolding.table.withUnsafeBufferPointer { table in
                ScalarFolding.ascii.withUnsafeBufferPointer { ascii in
                    ScalarFolding.expansions.withUnsafeBufferPointer { expansions in
                        Self.fold(
                            utf8, into: out, hashes: &hashes, state: &state, table: table, ascii: ascii,
                            expansions: expansions, allowSlow: allowSlow)
                    }
                }
            }
        }
        let used = keepsText && state.position > 0 ? state.position - 1 : 0
        let colon = state.colon
        buffer = out
        wordHashes = hashes
        length = used
        hasEarlyColon = colon
        return outcome
    }

    /// Where a fold is: output position, start of the current word, and the early-colon mark.
    private struct FoldState {
        var position = 0
        var wordStart = 0
        var colon = false
        let keepsText: Bool

        init(keepsText: Bool) { self.keepsText = keepsText }
    }

    private static func fold(
        _ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, hashes: inout [UInt64],
        state: inout FoldState, table: UnsafeBufferPointer<UInt32>, ascii: UnsafeBufferPointer<UInt8>,
        expansions: UnsafeBufferPointer<UInt32>, allowSlow: Bool
    ) -> Outcome {
        let limit = out.count - 8
        var position = 0
        var wordStart = 0
        var index = 0
        let count = utf8.count
        let keepsText = state.keepsText
        defer {
            state.position = position
            state.wordStart = wordStart
        }
        while index < count {
            let lead = utf8[index]
            if lead < 0x80 {
                let mapped = ascii[Int(lead)]
                if mapped == 0x20 {
                    if index < 60 && (lead == 0x3A || lead == 0x7C) { state.colon = true }
                    endWord(out, &position, &wordStart, &hashes, keepsText)
                } else if mapped != 0 {
                    out[position] = mapped
                    position &+= 1
                }
                index &+= 1
                continue
            }
            let value: UInt32
            if lead < 0xE0 {
                value = UInt32(lead & 0x1F) << 6 | UInt32(utf8[index &+ 1] & 0x3F)
                index &+= 2
            } else if lead < 0xF0 {
                value = UInt32(lead & 0x0F) << 12 | UInt32(utf8[index &+ 1] & 0x3F) << 6 | UInt32(utf8[index &+ 2] & 0x3F)
                index &+= 3
            } else {
                value = UInt32(lead & 0x07) << 18 | UInt32(utf8[index &+ 1] & 0x3F) << 12
                    | UInt32(utf8[index &+ 2] & 0x3F) << 6 | UInt32(utf8[index &+ 3] & 0x3F)
                index &+= 4
                let folded = ScalarFolding.foldSupplementary(Unicode.Scalar(value)!)
                guard position + 4 * folded.count < limit else { return .needsRoom }
                for scalar in folded { emit(scalar, out, &position, &wordStart, &hashes, keepsText) }
                continue
            }
            if index <= 60 && (value == 0xFF1A || value == 0xBB) { state.colon = true }
            let entry = table[Int(value)]
            if entry & ScalarFolding.multiFlag == 0 {
                if entry & ScalarFolding.slowFlag != 0 && !allowSlow { return .needsComposition }
                emit(entry & 0x1F_FFFF, out, &position, &wordStart, &hashes, keepsText)
            } else {
                if entry & ScalarFolding.slowFlag != 0 && !allowSlow { return .needsComposition }
                let offset = Int((entry >> 8) & 0x3F_FFFF)
                let length = Int(entry & 0xFF)
                guard position + 4 * length < limit else { return .needsRoom }
                for scalar in expansions[offset..<offset + length] {
                    emit(scalar, out, &position, &wordStart, &hashes, keepsText)
                }
            }
        }
        endWord(out, &position, &wordStart, &hashes, keepsText)
        return .done
    }

    @inline(__always)
    private static func endWord(
        _ out: UnsafeMutableBufferPointer<UInt8>, _ position: inout Int, _ wordStart: inout Int, _ hashes: inout [UInt64],
        _ keepsText: Bool
    ) {
        guard position > wordStart else { return }
        hashes.append(hash(out, from: wordStart, to: position))
        if keepsText {
            out[position] = 0x20
            position &+= 1
            wordStart = position
        } else {
            position = 0
            wordStart = 0
        }
    }

    @inline(__always)
    private static func emit(
        _ scalar: UInt32, _ out: UnsafeMutableBufferPointer<UInt8>, _ position: inout Int, _ wordStart: inout Int,
        _ hashes: inout [UInt64], _ keepsText: Bool
    ) {
        if scalar < 0x80 {
            if scalar == 0x20 {
                endWord(out, &position, &wordStart, &hashes, keepsText)
            } else {
                out[position] = UInt8(truncatingIfNeeded: scalar)
                position &+= 1
            }
        } else if scalar < 0x800 {
            out[position] = UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6)
            out[position &+ 1] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            position &+= 2
        } else if scalar < 0x10000 {
            out[position] = UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12)
            out[position &+ 1] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F)
            out[position &+ 2] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            position &+= 3
        } else {
            out[position] = UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18)
            out[position &+ 1] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 12) & 0x3F)
            out[position &+ 2] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F)
            out[position &+ 3] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            position &+= 4
        }
    }

    /// A word's hash: its bytes eight at a time (little-endian), multiplied and folded, then
    /// finalised. Part of the stored format (`Fingerprint.formatVersion`).
    @inline(__always)
    static func hash(_ bytes: UnsafeMutableBufferPointer<UInt8>, from start: Int, to end: Int) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(end - start)
        var index = start
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while index + 8 <= end {
            let chunk = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            state = (state ^ chunk) &* 0xFF51_AFD7_ED55_8CCD
            state ^= state >> 32
            index += 8
        }
        if index < end {
            var chunk: UInt64 = 0
            var shift: UInt64 = 0
            while index < end {
                chunk |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            state = (state ^ chunk) &* 0xFF51_AFD7_ED55_8CCD
            state ^= state >> 32
        }
        return MatchingHash.mix64(state)
    }
}
