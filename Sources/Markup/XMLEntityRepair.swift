@preconcurrency import CLibXML2
import Foundation

/// Feeds on the web use HTML entities (`&nbsp;`, `&eacute;`, `&rsquo;`) that XML does not
/// define; libxml2 would drop them. Before parsing, each such reference (not one of XML's five
/// and not declared in the document's own DTD) becomes a numeric character reference, using
/// libxml2's HTML entity table. Only ASCII-compatible encodings are touched; CDATA sections and
/// comments are left alone. The scan jumps from `&` to `&` (`memchr`), so a document that needs
/// nothing costs one pass over its bytes and no copy.
enum XMLEntityRepair {
    /// The bytes with HTML entity references made numeric, and whether any was changed.
    ///
    /// - Parameter escapingUnknown: also turn a reference to a name nobody defines (`&foo;`)
    ///   into the text `&foo;` (`&amp;foo;`), as HTML parsers and feed readers show it, instead
    ///   of leaving it for libxml2 to drop.
    static func numericHTMLEntities(in data: Data, escapingUnknown: Bool = false) -> (data: Data, changed: Bool) {
        if data.count >= 2, data[data.startIndex] == 0 || data[data.startIndex + 1] == 0
            || data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
        {
            return (data, false)
        }
        let repaired: [UInt8]? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var scanner = Scanner(base: base, count: raw.count, escapingUnknown: escapingUnknown)
            return scanner.run()
        }
        guard let repaired else { return (data, false) }
        return (Data(repaired), true)
    }

    /// One pass over a document's bytes.
    private struct Scanner {
        let base: UnsafePointer<UInt8>
        let count: Int
        let escapingUnknown: Bool
        var output: [UInt8] = []
        var copied = 0
        var changed = false

        init(base: UnsafePointer<UInt8>, count: Int, escapingUnknown: Bool) {
            self.base = base
            self.count = count
            self.escapingUnknown = escapingUnknown
        }

        /// The repaired bytes, or nil when nothing needed repair.
        mutating func run() -> [UInt8]? {
            var position = 0
            var declared: Set<String>? = nil
            // The next CDATA section or comment at or after `position` (recomputed lazily).
            var nextSection = findSection(from: 0)
            while position < count {
                guard let found = memchr(base + position, Int32(UInt8(ascii: "&")), count - position) else { break }
                let ampersand = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if let section = nextSection, section.start < ampersand {
                    position = section.end
                    nextSection = findSection(from: position)
                    continue
                }
                position = ampersand + 1
                if isCharacterReference(at: ampersand) {
                    // `&#X41;`: XML wants a lowercase x.
                    if escapingUnknown, base[ampersand + 2] == UInt8(ascii: "X") {
                        replace(ampersand + 2..<ampersand + 3, with: [UInt8(ascii: "x")])
                    }
                    continue
                }
                guard let (name, end) = referenceName(at: ampersand) else {
                    // A bare `&` (`?a=1&b=2`): libxml2 would drop it and the name after it.
                    if escapingUnknown { replace(ampersand..<ampersand + 1, with: Array("&amp;".utf8)) }
                    continue
                }
                if ["amp", "lt", "gt", "quot", "apos"].contains(name) { continue }
                if declared == nil { declared = declaredEntities() }
                if declared!.contains(name) { continue }
                if let value = HTMLEntity.codePoint(named: name) {
                    replace(ampersand..<end + 1, with: Array("&#\(value);".utf8))
                } else if escapingUnknown {
                    replace(ampersand..<ampersand + 1, with: Array("&amp;".utf8))
                }
                position = end + 1
            }
            guard changed else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: count - copied))
            return output
        }

        mutating func replace(_ range: Range<Int>, with replacement: [UInt8]) {
            if !changed {
                changed = true
                output.reserveCapacity(count + 256)
            }
            output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: range.lowerBound - copied))
            output.append(contentsOf: replacement)
            copied = range.upperBound
        }

        /// `&name;` at `index`: an ASCII letter, then up to 32 name characters, then `;`.
        func referenceName(at index: Int) -> (String, Int)? {
            var end = index + 1
            guard end < count, isLetter(base[end]) else { return nil }
            while end < count, end - index <= 33, isNameByte(base[end]) { end += 1 }
            guard end < count, base[end] == UInt8(ascii: ";") else { return nil }
            return (String(decoding: UnsafeBufferPointer(start: base + index + 1, count: end - index - 1), as: UTF8.self), end)
        }

        /// `&#123;` or `&#x1F;` at `index`.
        func isCharacterReference(at index: Int) -> Bool {
            guard index + 3 < count, base[index + 1] == UInt8(ascii: "#") else { return false }
            var position = index + 2
            let hex = base[position] == UInt8(ascii: "x") || base[position] == UInt8(ascii: "X")
            if hex { position += 1 }
            let digitsStart = position
            while position < count, position - digitsStart < 8 {
                let byte = base[position]
                let isDigit = (48...57).contains(byte) || (hex && ((65...70).contains(byte) || (97...102).contains(byte)))
                guard isDigit else { break }
                position += 1
            }
            return position > digitsStart && position < count && base[position] == UInt8(ascii: ";")
        }

        /// The first CDATA section or comment starting at or after `start`: where it starts and
        /// where it ends (past its close, or the end of the input).
        func findSection(from start: Int) -> (start: Int, end: Int)? {
            var position = start
            while position + 4 <= count {
                guard let found = memchr(base + position, Int32(UInt8(ascii: "<")), count - position) else { return nil }
                let open = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if matches("<![CDATA[", at: open) {
                    return (open, find("]]>", from: open + 9).map { $0 + 3 } ?? count)
                }
                if matches("<!--", at: open) {
                    return (open, find("-->", from: open + 4).map { $0 + 3 } ?? count)
                }
                position = open + 1
            }
            return nil
        }

        func matches(_ text: StaticString, at index: Int) -> Bool {
            let length = text.utf8CodeUnitCount
            guard index + length <= count else { return false }
            return memcmp(base + index, text.utf8Start, length) == 0
        }

        func find(_ text: StaticString, from start: Int) -> Int? {
            var position = start
            let first = Int32(text.utf8Start.pointee)
            while position < count {
                guard let found = memchr(base + position, first, count - position) else { return nil }
                let index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if matches(text, at: index) { return index }
                position = index + 1
            }
            return nil
        }

        /// Names the document declares itself (`<!ENTITY name ...>`), looked for in the prolog
        /// only (declarations cannot come after the root element starts).
        func declaredEntities() -> Set<String> {
            var names = Set<String>()
            var index = 0
            while index + 8 < count {
                guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { break }
                let open = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                if open + 1 < count, isLetter(base[open + 1]) { break }  // the root element
                index = open + 1
                guard matches("<!ENTITY", at: open) else { continue }
                var start = open + 8
                while start < count, base[start] == 0x20 || base[start] == 0x09 || base[start] == 0x0A
                    || base[start] == 0x0D || base[start] == UInt8(ascii: "%")
                {
                    start += 1
                }
                var end = start
                while end < count, isNameByte(base[end]) { end += 1 }
                if end > start {
                    names.insert(String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self))
                }
                index = end
            }
            return names
        }
    }

    fileprivate static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    fileprivate static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }
}

private func isLetter(_ byte: UInt8) -> Bool { XMLEntityRepair.isLetter(byte) }
private func isNameByte(_ byte: UInt8) -> Bool { XMLEntityRepair.isNameByte(byte) }
