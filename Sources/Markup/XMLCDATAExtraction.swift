import Foundation

/// Lifts CDATA sections out of a UTF-8 document before libxml2 parses it.
///
/// libxml2 reads CDATA a character at a time, which makes it the slowest part of parsing a feed
/// whose items carry their HTML in `<![CDATA[...]]>` (most do). Their content is opaque text, so
/// each section whose content is plain valid UTF-8 (no control characters XML forbids) is
/// replaced by `<![CDATA[n]]>`, n its index, and ``XMLStreamParser`` hands the delegate the
/// original bytes when libxml2 reports section n. Every such section is lifted, so a CDATA
/// section libxml2 reports with content other than an index is one left in place: inside a
/// comment or processing instruction (never reported), unterminated, or with content XML
/// rejects (control characters, invalid UTF-8), which libxml2 sees and reports as usual.
struct XMLCDATAExtraction {
    /// The document with section contents replaced by their indexes.
    let data: Data
    /// Where each section's content is in the original bytes.
    let sections: [Range<Int>]
    /// The indexes of the sections holding a carriage return: their line ends must be
    /// normalised (CR LF and a lone CR become LF) when they are handed over, as XML requires.
    let sectionsWithCarriageReturns: Set<Int>

    /// The extraction for `data`, or nil when it holds no section worth lifting.
    ///
    /// - Parameter isValidUTF8: the caller has checked the bytes are valid UTF-8, so section
    ///   contents are only checked for control characters.
    static func extract(from data: Data, isValidUTF8: Bool) -> XMLCDATAExtraction? {
        data.withUnsafeBytes { raw -> XMLCDATAExtraction? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var scanner = Scanner(base: base, count: raw.count, isValidUTF8: isValidUTF8)
            return scanner.run()
        }
    }

    private struct Scanner {
        let base: UnsafePointer<UInt8>
        let count: Int
        let isValidUTF8: Bool
        var output: [UInt8] = []
        var copied = 0
        var sections: [Range<Int>] = []
        var sectionsWithCarriageReturns = Set<Int>()

        init(base: UnsafePointer<UInt8>, count: Int, isValidUTF8: Bool) {
            self.base = base
            self.count = count
            self.isValidUTF8 = isValidUTF8
        }

        mutating func run() -> XMLCDATAExtraction? {
            var position = 0
            while position < count {
                guard let open = find(UInt8(ascii: "<"), from: position), open + 1 < count else { break }
                let next = base[open + 1]
                if next == UInt8(ascii: "?") {
                    position = find("?>", from: open + 2).map { $0 + 2 } ?? count
                } else if next != UInt8(ascii: "!") {
                    position = open + 1
                } else if matches("<!--", at: open) {
                    position = find("-->", from: open + 4).map { $0 + 3 } ?? count
                } else if matches("<![CDATA[", at: open) {
                    let start = open + 9
                    guard let close = find("]]>", from: start) else { break }
                    if isPlainText(start..<close) {
                        if memchr(base + start, 0x0D, close - start) != nil { sectionsWithCarriageReturns.insert(sections.count) }
                        lift(start..<close)
                    }
                    position = close + 3
                } else {
                    position = open + 2
                }
            }
            guard !sections.isEmpty else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: count - copied))
            return XMLCDATAExtraction(data: Data(output), sections: sections, sectionsWithCarriageReturns: sectionsWithCarriageReturns)
        }

        /// Replaces a section's content by its index.
        mutating func lift(_ content: Range<Int>) {
            if sections.isEmpty { output.reserveCapacity(count / 4) }
            output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: content.lowerBound - copied))
            output.append(contentsOf: String(sections.count).utf8)
            sections.append(content)
            copied = content.upperBound
        }

        /// Valid UTF-8 without the C0 control characters XML forbids (tab, CR and LF allowed).
        func isPlainText(_ range: Range<Int>) -> Bool {
            var index = range.lowerBound
            let end = range.upperBound
            let raw = UnsafeRawPointer(base)
            let space = SIMD16<UInt8>(repeating: 0x20)
            let high = SIMD16<UInt8>(repeating: 0x80)
            while index < end {
                if index + 16 <= end {
                    let chunk = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                    // No byte below 0x20 (and, unless the UTF-8 is known valid, none at or above
                    // 0x80): nothing to look at.
                    if !any(chunk .< space), isValidUTF8 || !any(chunk .>= high) {
                        index += 16
                        continue
                    }
                }
                let byte = base[index]
                if byte < 0x20 {
                    guard byte == 0x09 || byte == 0x0A || byte == 0x0D else { return false }
                    index += 1
                } else if byte < 0x80 || isValidUTF8 {
                    index += 1
                } else {
                    guard let length = sequenceLength(at: index, end: end) else { return false }
                    index += length
                }
            }
            return true
        }

        /// The length of the valid UTF-8 sequence at `index` (not U+FFFE/U+FFFF), or nil.
        func sequenceLength(at index: Int, end: Int) -> Int? {
            let length = UTF8Scan.sequenceLength(base, at: index, end: end)
            guard length > 0 else { return nil }
            // U+FFFE and U+FFFF are not XML characters.
            if base[index] == 0xEF, base[index + 1] == 0xBF, base[index + 2] >= 0xBE { return nil }
            return length
        }

        func find(_ byte: UInt8, from start: Int) -> Int? {
            guard start < count, let found = memchr(base + start, Int32(byte), count - start) else { return nil }
            return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        }

        func find(_ text: StaticString, from start: Int) -> Int? {
            var position = start
            while let index = find(text.utf8Start.pointee, from: position) {
                if matches(text, at: index) { return index }
                position = index + 1
            }
            return nil
        }

        func matches(_ text: StaticString, at index: Int) -> Bool {
            let length = text.utf8CodeUnitCount
            return index + length <= count && memcmp(base + index, text.utf8Start, length) == 0
        }
    }
}
