import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Leaves out of a page, before libxml2 parses it, what a reader that never looks at it
/// (article extraction) does not need: the bodies of `<script>` and `<style>` elements, and
/// the content of inline `<svg>` images.
///
/// libxml2's HTML parser reads raw-text bodies one character at a time; on news pages they are
/// about 40% of the bytes and a third of the parse. Inline SVG icons are thousands of small
/// elements and attributes. The `script`, `style` and `svg` elements themselves stay, empty.
/// A script whose start tag may say `ld+json` keeps its body (JSON-LD metadata). When the
/// reader names the attributes it reads (``UnreadContent/readAttributes``), the others are
/// left out of every start tag too: libxml2 reads attribute values one character at a time,
/// and `srcset`, `data-*`, `aria-*`, `title` and their kind are a fifth of a news page's markup.
/// A reader that collapses whitespace can also have the runs of blanks around texts cut to one.
/// A stream reader can have the values of the attributes it reads, and the texts, go around
/// libxml2 (``StandIns``): libxml2 still decides where elements begin and end, but reads a
/// few bytes in place of each value and text.
///
/// The scan follows libxml2's own reading (comments, doctype, processing instructions, end
/// tags, start tags with quoted and unquoted attribute values; a raw-text body ends at the
/// first `</script` or `</style`, in any case; an `svg` element ends at its matching
/// `</svg>`, SVG elements nesting inside it), and stops eliding at the first construct it does
/// not read exactly as libxml2 does (an HTML element inside an `svg`, whose end tag libxml2
/// might match outside it, for one): from there on the page is passed on untouched, which is
/// always safe.
enum UnreadContentElision {
    /// A page with what its reader does not read left out.
    struct ElidedPage {
        /// What libxml2 is to parse.
        var data: [UInt8]
        /// The attribute values and texts that go around libxml2, as ranges of the page given to
        /// ``elide(_:_:valuesAreUTF8:)``: piece `i` is written as a stand-in in ``data`` (see
        /// ``StandIns``).
        var standIns: [Range<Int>]
    }

    /// The page without what its reader does not read, or nil when nothing was left out. The
    /// bytes must be in an ASCII-compatible charset (see ``appliesTo(encoding:)``);
    /// `valuesAreUTF8` says whether it is UTF-8 (a value that goes around libxml2 must be what
    /// libxml2 would have made of it: in another charset, only ASCII values go around).
    static func elide(_ data: Data, _ unread: UnreadContent, valuesAreUTF8: Bool) -> ElidedPage? {
        data.withUnsafeBytes { raw -> ElidedPage? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count > 0 else { return nil }
            // A NUL byte ends an attribute value for libxml2 mid-input: not worth following.
            guard memchr(base, 0, raw.count) == nil else { return nil }
            // A page with a DEL byte of its own could pass a value of its own for a stand-in.
            let standsIn = unread.bypassesParser && unread.readAttributes != nil
                && memchr(base, Int32(StandIns.marker), raw.count) == nil
            // Elision only shortens the page; a stand-in (five bytes at most) takes the place of
            // four bytes or more, so the page grows by a quarter at most.
            var standIns: [Range<Int>] = []
            var elided = false
            let output = [UInt8](unsafeUninitializedCapacity: raw.count + raw.count / 4 + 16) { buffer, written in
                var scanner = Scanner(
                    bytes: UnsafeBufferPointer(start: base, count: raw.count), output: buffer,
                    readAttributes: unread.readAttributes, collapsesBlankRuns: unread.collapsesBlankRuns,
                    standsIn: standsIn, valuesAreUTF8: valuesAreUTF8)
                elided = scanner.run()
                written = elided ? scanner.written : 0
                standIns = scanner.standIns
            }
            return elided ? ElidedPage(data: output, standIns: standIns) : nil
        }
    }

    /// Whether pages in this charset can be scanned as bytes: ASCII and its single-byte
    /// supersets, and UTF-8 (where no byte of a multi-byte character is ASCII).
    static func appliesTo(encoding: String?) -> Bool {
        guard let name = encoding?.uppercased() else { return false }
        return name == "UTF-8" || name == "UTF8" || name == "US-ASCII" || name == "ASCII"
            || name.hasPrefix("WINDOWS-125") || name.hasPrefix("ISO-8859-") || name.hasPrefix("KOI8-")
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        /// The attributes to keep; nil keeps all.
        let readAttributes: AttributeNames?
        /// Whether runs of blanks in text are cut to their first byte (until a start tag of an
        /// element whose whitespace is content, such as `pre`).
        var collapsesBlankRuns: Bool
        /// Whether the values of the attributes kept go around libxml2 (see
        /// ``UnreadContent/bypassesParser``).
        let standsIn: Bool
        /// Whether texts go around libxml2 too: not from a `pre` and its kind on (see
        /// ``keepsWhitespace(_:)``).
        var standsInForText: Bool
        let valuesAreUTF8: Bool
        /// What libxml2 is to parse, written up to ``written``.
        let output: UnsafeMutableBufferPointer<UInt8>
        var written = 0
        /// The values and texts that went around libxml2 (see ``ElidedPage/standIns``).
        var standIns: [Range<Int>] = []
        /// Input before this offset is in `output` already (or elided).
        var copied = 0
        var elided = false

        init(
            bytes: UnsafeBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>, readAttributes: AttributeNames?,
            collapsesBlankRuns: Bool, standsIn: Bool, valuesAreUTF8: Bool
        ) {
            self.bytes = bytes
            self.output = output
            self.readAttributes = readAttributes
            self.collapsesBlankRuns = collapsesBlankRuns
            self.standsIn = standsIn
            standsInForText = standsIn
            self.valuesAreUTF8 = valuesAreUTF8
        }

        /// Scans the page; whether anything was left out (the page is then in ``output``).
        mutating func run() -> Bool {
            let count = bytes.count
            var index = 0
            while index < count, let open = find(0x3C, from: index) {
                if open > index { text(index..<open) }
                guard let next = scanMarkup(at: open) else { break }
                index = next
            }
            guard elided else { return false }
            copy(upTo: bytes.count)
            return true
        }

        /// Writes the input from ``copied`` up to `end` to the output.
        mutating func copy(upTo end: Int) {
            let length = end - copied
            precondition(written + length <= output.count, "elided page past its bound")
            if length > 0 { (output.baseAddress! + written).initialize(from: bytes.baseAddress! + copied, count: length) }
            written += length
        }

        /// Reads the markup that starts with the `<` at `open`; the offset to go on from, or
        /// nil to stop eliding.
        mutating func scanMarkup(at open: Int) -> Int? {
            let next = byte(open + 1)
            if next == 0x21 { return skipDeclaration(at: open) }  // <!-- --> or <!DOCTYPE>
            if next == 0x3F {  // <?target ...>: up to the next ">"
                guard Self.isNameStart(byte(open + 2)) else { return nil }
                return find(0x3E, from: open + 2).map { $0 + 1 }
            }
            if next == 0x2F { return readEndTag(at: open)?.end }
            if Self.isLetter(next) {
                // The tag's edits are made as it is read, and taken back if it is not read exactly.
                let mark = (written: written, copied: copied, standIns: standIns.count, elided: elided)
                guard let tag = readStartTag(at: open, editing: true) else {
                    written = mark.written
                    standIns.removeSubrange(mark.standIns...)
                    (copied, elided) = (mark.copied, mark.elided)
                    return nil
                }
                if collapsesBlankRuns || standsInForText, keepsWhitespace(tag.name) {
                    collapsesBlankRuns = false
                    standsInForText = false
                }
                if tag.selfClosing { return tag.end }
                if tag.isRawText {
                    guard let close = rawTextEnd(of: tag) else { return nil }
                    if !(tag.isScript && tag.mentionsJSON) { elide(tag.end..<close) }
                    return close
                }
                if equalsIgnoringCase(tag.name, "svg") {
                    guard let close = svgContentEnd(from: tag.end) else { return nil }
                    elide(tag.end..<close)
                    return close
                }
                return tag.end
            }
            // "<" before anything else is text to libxml2; "_", ":" and "." start names
            // elsewhere, so those are not followed.
            return Self.isNameStart(next) ? nil : open + 1
        }

        /// A text between two pieces of markup. With ``collapsesBlankRuns``, the runs of blanks
        /// that open and close it are cut to their first blank (every reader collapses whitespace):
        /// indentation between tags is a tenth of a page's markup. Runs inside a text are left,
        /// which costs no pass over every byte of text. With stand-ins, what lies between those
        /// runs goes around libxml2; the blanks stay, for libxml2 skips some (before the root).
        mutating func text(_ text: Range<Int>) {
            var leading = text.lowerBound
            while leading < text.upperBound, Self.isBlank(bytes[leading]) { leading += 1 }
            let cutsBlanks = collapsesBlankRuns && text.count >= 2
            if cutsBlanks, leading - text.lowerBound >= 2 { elide(text.lowerBound + 1..<leading) }
            guard leading < text.upperBound else { return }
            var trailing = text.upperBound
            while trailing > leading, Self.isBlank(bytes[trailing - 1]) { trailing -= 1 }
            // libxml2 hands a text over in pieces of 1,000 bytes: after a long run of blanks left
            // whole, a stand-in could be split between two.
            if standsInForText, cutsBlanks || leading - text.lowerBound <= 64, mayStandIn(leading..<trailing) {
                standIn(leading..<trailing)
            }
            if cutsBlanks, text.upperBound - trailing >= 2 { elide(trailing + 1..<text.upperBound) }
        }

        /// Elements whose whitespace is content (`pre` and its kind, `textarea`).
        func keepsWhitespace(_ name: Range<Int>) -> Bool {
            equalsIgnoringCase(name, "pre") || equalsIgnoringCase(name, "textarea") || equalsIgnoringCase(name, "listing")
                || equalsIgnoringCase(name, "xmp") || equalsIgnoringCase(name, "plaintext")
        }

        mutating func elide(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            copy(upTo: range.lowerBound)
            copied = range.upperBound
            elided = true
        }

        /// Writes a stand-in for the attribute value or text at `range` and keeps its place aside
        /// (when there is room for one more).
        mutating func standIn(_ range: Range<Int>) {
            guard standIns.count < StandIns.capacity else { return }
            copy(upTo: range.lowerBound)
            precondition(written + StandIns.maximumLength <= output.count, "elided page past its bound")
            written += StandIns.write(standIns.count, to: output.baseAddress! + written)
            standIns.append(range)
            copied = range.upperBound
            elided = true
        }

        /// Whether an attribute value or a text (without blanks at either end) is longer than a
        /// stand-in is likely to be, and libxml2 would hand over its bytes as they are: no
        /// character reference, no control character but tab and line feed, no U+FFFE or U+FFFF
        /// (libxml2 drops them from texts), ASCII unless the page is UTF-8.
        func mayStandIn(_ value: Range<Int>) -> Bool {
            guard value.count >= 4, let base = bytes.baseAddress else { return false }
            // Eight bytes at a time: a word with a byte below 0x20, an "&" or (outside UTF-8) a
            // byte from 0x80 is looked at byte by byte.
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits = ones &* 0x80
            var index = value.lowerBound
            while index + 8 <= value.upperBound {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let ampersands = word ^ (ones &* 0x26)
                let noncharacters = word ^ (ones &* 0xEF)
                var suspect = (word &- ones &* 0x20) & ~word & highBits
                suspect |= (ampersands &- ones) & ~ampersands & highBits
                suspect |= valuesAreUTF8 ? (noncharacters &- ones) & ~noncharacters & highBits : word & highBits
                if suspect != 0 {
                    for offset in 0..<8 where !isPlain(at: index + offset, before: value.upperBound) { return false }
                }
                index += 8
            }
            while index < value.upperBound {
                if !isPlain(at: index, before: value.upperBound) { return false }
                index += 1
            }
            return true
        }

        /// Whether libxml2 hands over the byte at `index` of an attribute value or text as it is.
        func isPlain(at index: Int, before end: Int) -> Bool {
            let byte = bytes[index]
            // Bits of the bytes 0–63 that may be (tab, line feed, printable but "&").
            if byte < 0x40 { return (0xFFFF_FFBF_0000_0600 as UInt64) >> byte & 1 != 0 }
            if byte < 0x80 { return true }
            guard valuesAreUTF8 else { return false }
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF), which libxml2 leaves out of a text.
            return byte != 0xEF || index + 2 >= end || bytes[index + 1] != 0xBF || bytes[index + 2] < 0xBE
        }

        /// A comment or a doctype at `open` ("<!"): the offset after it, or nil.
        func skipDeclaration(at open: Int) -> Int? {
            if starts(with: "<!--", at: open) {
                // Abruptly closed comments (<!--> and <!--->) are read differently by parser
                // versions.
                if byte(open + 4) == 0x3E || (byte(open + 4) == 0x2D && byte(open + 5) == 0x3E) { return nil }
                guard let end = find("-->", from: open + 4) else { return nil }
                if find("--!>", from: open + 4, before: end) != nil { return nil }
                return end + 3
            }
            guard startsIgnoringCase(with: "<!doctype", at: open), let end = find(0x3E, from: open) else { return nil }
            let quotes = bytes[open..<end].reduce(0) { $1 == 0x22 || $1 == 0x27 ? $0 + 1 : $0 }
            return quotes == 0 ? end + 1 : nil
        }

        /// A start tag as libxml2 reads it.
        struct StartTag {
            var name: Range<Int>
            /// The offset after the closing ">" (or "/>").
            var end: Int
            var selfClosing = false
            var isScript = false
            var isRawText = false
            /// A script whose attributes may say `ld+json` (JSON-LD).
            var mentionsJSON = false
        }

        /// An attribute of a start tag as libxml2 reads it: a name, then optionally `=` and a
        /// quoted or unquoted value.
        struct Attribute {
            var name: Range<Int>
            var value: Range<Int>?
            /// The offset after the value (after its closing quote), or after the name.
            var end: Int
        }

        /// The attribute whose name starts at `start`, or nil when it is not read exactly.
        func readAttribute(at start: Int) -> Attribute? {
            var index = start
            while Self.isNamePart(byte(index)) { index += 1 }
            // libxml2 cuts longer names into pieces.
            guard index - start <= 100 else { return nil }
            var attribute = Attribute(name: start..<index, end: index)
            var probe = index
            while Self.isBlank(byte(probe)) { probe += 1 }
            guard byte(probe) == 0x3D else { return attribute }  // no value
            probe += 1
            while Self.isBlank(byte(probe)) { probe += 1 }
            let quote = byte(probe)
            let valueStart: Int
            if quote == 0x22 || quote == 0x27 {
                valueStart = probe + 1
                guard let close = find(quote, from: valueStart) else { return nil }
                attribute.value = valueStart..<close
                attribute.end = close + 1
            } else {
                valueStart = probe
                var end = probe
                while end < bytes.count, !Self.isBlank(bytes[end]), bytes[end] != 0x3E { end += 1 }
                attribute.value = valueStart..<end
                attribute.end = end
            }
            if find(0x3C, from: valueStart, before: attribute.value!.upperBound) != nil { return nil }  // "<" in a value
            return attribute
        }

        /// The start tag at `open` ("<" and a letter), or nil when it is not read exactly.
        /// When `editing`, the attributes not in ``readAttributes`` are elided as they are read
        /// (whole: name and value), and the values of those kept stand in when values do (not in
        /// `<meta>`, whose values libxml2 looks at).
        mutating func readStartTag(at open: Int, editing: Bool) -> StartTag? {
            var index = open + 1
            while Self.isNamePart(byte(index)) { index += 1 }
            let name = open + 1..<index
            guard name.count <= 64 else { return nil }
            var tag = StartTag(name: name, end: index)
            let eliding = editing && readAttributes != nil
            let standsInHere = eliding && standsIn && !equalsIgnoringCase(name, "meta")
            tag.isScript = equalsIgnoringCase(name, "script")
            tag.isRawText = tag.isScript || equalsIgnoringCase(name, "style")
            // Attributes: name, then optionally = and a quoted or unquoted value.
            while true {
                let current = byte(index)
                if Self.isBlank(current) {
                    index += 1
                    continue
                }
                if current == 0x3E { break }
                if current == 0x2F, byte(index + 1) == 0x3E {  // <tag/>: no body
                    tag.selfClosing = true
                    tag.end = index + 2
                    return tag
                }
                guard Self.isNameStart(current), let attribute = readAttribute(at: index) else { return nil }
                if tag.isScript, !tag.mentionsJSON, let value = attribute.value, mayBeJSONLD(value) {
                    tag.mentionsJSON = true
                }
                if eliding, readAttributes?.contains(UnsafeBufferPointer(rebasing: bytes[attribute.name])) == false {
                    elide(attribute.name.lowerBound..<attribute.end)
                } else if standsInHere, let value = attribute.value, mayStandIn(value) {
                    standIn(value)
                }
                index = attribute.end
                if index >= bytes.count { return nil }
            }
            tag.end = index + 1  // after the ">"
            return tag
        }

        /// Where the raw-text body after `tag` ends: the first "</script" or "</style" (a
        /// prefix, any case).
        func rawTextEnd(of tag: StartTag) -> Int? {
            var search = tag.end
            let word: StaticString = tag.isScript ? "script" : "style"
            while true {
                guard let close = find(0x3C, from: search) else { return nil }
                if byte(close + 1) == 0x2F, equalsIgnoringCase(close + 2..<close + 2 + word.utf8CodeUnitCount, word) {
                    return close
                }
                search = close + 1
            }
        }

        /// The end tag at `open` ("</"): its name and the offset after its ">", blanks allowed
        /// before the ">"; nil for anything else.
        func readEndTag(at open: Int) -> (name: Range<Int>, end: Int)? {
            guard Self.isLetter(byte(open + 2)) else { return nil }
            var index = open + 2
            while Self.isNamePart(byte(index)) { index += 1 }
            let name = open + 2..<index
            while Self.isBlank(byte(index)) { index += 1 }
            return byte(index) == 0x3E ? (name, index + 1) : nil
        }

        /// Where the content of an `svg` element starting at `start` ends (the "<" of its
        /// `</svg>`), or nil when it holds anything but SVG elements, comments and raw text,
        /// or is not closed. libxml2 gives every SVG element the same end-tag priority and no
        /// start tag of one closes another, so an end tag closes the innermost open element of
        /// its name, and one of no open element is ignored.
        mutating func svgContentEnd(from start: Int) -> Int? {
            var open: [[UInt8]] = []  // SVG elements open inside, lowercase names
            var index = start
            while true {
                guard let markup = find(0x3C, from: index) else { return nil }
                let next = byte(markup + 1)
                if next == 0x21 {
                    guard starts(with: "<!--", at: markup), let end = skipDeclaration(at: markup) else { return nil }
                    index = end
                } else if next == 0x2F {
                    guard let tag = readEndTag(at: markup) else { return nil }
                    let name = lowercased(tag.name)
                    if let depth = open.lastIndex(of: name) {
                        open.removeSubrange(depth...)
                    } else if name == Self.svgName {
                        return markup
                    } else if !Self.svgElements.contains(name) {
                        return nil  // may close an element outside the svg
                    }
                    index = tag.end
                } else if Self.isLetter(next) {
                    // The whole content goes, attributes and all: no edits.
                    guard let tag = readStartTag(at: markup, editing: false) else { return nil }
                    if tag.isRawText {
                        guard !tag.selfClosing, let close = rawTextEnd(of: tag), let end = readEndTag(at: close),
                            end.name.count == tag.name.count
                        else { return nil }
                        index = end.end
                        continue
                    }
                    let name = lowercased(tag.name)
                    guard Self.svgElements.contains(name) else { return nil }
                    if !tag.selfClosing {
                        open.append(name)
                        guard open.count <= 64 else { return nil }
                    }
                    index = tag.end
                } else if Self.isNameStart(next) || next == 0x3F {
                    return nil
                } else {
                    index = markup + 1  // a lone "<" in text
                }
            }
        }

        static let svgName = Array("svg".utf8)

        /// The elements of SVG images (lowercase, as libxml2 names them); none is an HTML
        /// element libxml2 treats specially.
        static let svgElements: Set<[UInt8]> = Set(
            [
                "svg", "g", "path", "defs", "use", "symbol", "desc", "title", "metadata", "circle", "rect", "line",
                "polyline", "polygon", "ellipse", "text", "tspan", "textpath", "lineargradient", "radialgradient",
                "stop", "clippath", "mask", "pattern", "filter", "marker", "image", "switch", "view", "animate",
                "animatetransform", "animatemotion", "set", "feblend", "fecolormatrix", "fecomponenttransfer",
                "fecomposite", "feconvolvematrix", "fediffuselighting", "fedisplacementmap", "fedistantlight",
                "fedropshadow", "feflood", "fefunca", "fefuncb", "fefuncg", "fefuncr", "fegaussianblur", "feimage",
                "femerge", "femergenode", "femorphology", "feoffset", "fepointlight", "fespecularlighting",
                "fespotlight", "fetile", "feturbulence",
            ].map { Array($0.utf8) })

        // MARK: Bytes

        func byte(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }

        func find(_ target: UInt8, from start: Int, before end: Int? = nil) -> Int? {
            let limit = end ?? bytes.count
            guard start < limit, let base = bytes.baseAddress,
                let found = memchr(base + start, Int32(target), limit - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }

        func find(_ needle: StaticString, from start: Int, before end: Int? = nil) -> Int? {
            let limit = end ?? bytes.count
            let length = needle.utf8CodeUnitCount
            var search = start
            while let candidate = find(needle.utf8Start[0], from: search, before: limit) {
                guard candidate + length <= limit else { return nil }
                if starts(with: needle, at: candidate) { return candidate }
                search = candidate + 1
            }
            return nil
        }

        func starts(with prefix: StaticString, at index: Int) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard index + length <= bytes.count, let base = bytes.baseAddress else { return false }
            return memcmp(base + index, prefix.utf8Start, length) == 0
        }

        /// Whether the bytes at `index` are `prefix` (lowercase ASCII), ignoring ASCII case.
        func startsIgnoringCase(with prefix: StaticString, at index: Int) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard index + length <= bytes.count else { return false }
            for offset in 0..<length where Self.lower(bytes[index + offset]) != prefix.utf8Start[offset] { return false }
            return true
        }

        func equalsIgnoringCase(_ range: Range<Int>, _ word: StaticString) -> Bool {
            range.count == word.utf8CodeUnitCount && startsIgnoringCase(with: word, at: range.lowerBound)
        }

        func lowercased(_ range: Range<Int>) -> [UInt8] {
            bytes[range].map(Self.lower)
        }

        /// Whether an attribute value may say `ld+json` once libxml2 has decoded it: it
        /// mentions `json` and is not `application/json`, or it holds a character reference.
        func mayBeJSONLD(_ value: Range<Int>) -> Bool {
            if find(0x26, from: value.lowerBound, before: value.upperBound) != nil { return true }
            if equalsIgnoringCase(value, "application/json") { return false }
            var index = value.lowerBound
            while index + 4 <= value.upperBound {
                if startsIgnoringCase(with: "json", at: index) { return true }
                index += 1
            }
            return false
        }

        static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
        static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        /// Space, tab, line feed, carriage return (as bits of one word).
        static func isBlank(_ byte: UInt8) -> Bool { byte <= 0x20 && (0x1_0000_2600 as UInt64) >> byte & 1 != 0 }
        /// libxml2's HTML names: a letter, `_`, `:` or `.` first, then also digits and `-`.
        static func isNameStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == 0x5F || byte == 0x3A || byte == 0x2E }
        /// ``isNameStart(_:)`` or a digit or `-`, from two words of bits (bytes 0–63, 64–127).
        static func isNamePart(_ byte: UInt8) -> Bool {
            byte < 0x40
                ? (0x07FF_6000_0000_0000 as UInt64) >> byte & 1 != 0
                : byte < 0x80 && (0x07FF_FFFE_87FF_FFFE as UInt64) >> (byte & 0x3F) & 1 != 0
        }
    }
}

/// What a page's reader never looks at, left out before libxml2 parses the page (see
/// ``UnreadContentElision``): always the bodies of scripts (JSON-LD excepted) and styles and
/// the content of inline svg images; with ``readAttributes``, also every other attribute.
public struct UnreadContent: Sendable {
    /// The attributes the reader looks at; nil when it may look at any.
    public var readAttributes: AttributeNames?
    /// Whether the reader collapses whitespace, so the runs of blanks that open and close texts
    /// may be cut to one (not after a `pre`, `textarea`, `listing`, `xmp` or `plaintext` start
    /// tag).
    public var collapsesBlankRuns: Bool
    /// Whether the values of the attributes read, and the texts, go around libxml2, which reads
    /// them a character at a time (close to a third of its work on a news page): libxml2 is
    /// given a short stand-in for each, and ``HTMLStreamParser`` hands the delegate the value or
    /// text itself. Only with ``readAttributes``, and only in a stream parse (a tree would keep
    /// the stand-ins). Whatever libxml2 would not hand over byte for byte stays in the page: a
    /// character reference, a control character, a noncharacter, the blanks around a text, a
    /// text inside or after a `pre`, a `<meta>` tag's values.
    public var bypassesParser: Bool

    /// Script and style bodies and svg content only.
    public static let rawText = UnreadContent(readAttributes: nil, collapsesBlankRuns: false)

    public init(readAttributes: AttributeNames?, collapsesBlankRuns: Bool, bypassesParser: Bool = false) {
        self.readAttributes = readAttributes
        self.collapsesBlankRuns = collapsesBlankRuns
        self.bypassesParser = bypassesParser
    }
}

/// A set of attribute names, matched against a name's bytes without regard to ASCII case.
public struct AttributeNames: Sendable {
    /// The names of 16 bytes or fewer (lowercase, zero-padded, as two words), shortest first:
    /// those of length `n` are `short[starts[n]..<starts[n + 1]]`.
    private var short: [Words] = []
    private var starts: [Int] = []
    /// Longer names (lowercase bytes).
    private var longer: [[UInt8]] = []

    private struct Words: Equatable, Sendable {
        var first: UInt64 = 0
        var second: UInt64 = 0
    }

    /// - Parameter names: lowercase ASCII names.
    public init(_ names: [String]) {
        var byLength: [[Words]] = Array(repeating: [], count: 17)
        for name in names {
            let bytes = Array(name.utf8)
            if bytes.count <= 16 {
                let words = bytes.withUnsafeBufferPointer(Self.words)
                if !byLength[bytes.count].contains(words) { byLength[bytes.count].append(words) }
            } else if !longer.contains(bytes) {
                longer.append(bytes)
            }
        }
        for names in byLength {
            starts.append(short.count)
            short += names
        }
        starts.append(short.count)
    }

    /// Whether the name (any ASCII case) is one of these.
    public func contains(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count <= 16 else {
            return longer.contains { $0.count == name.count && zip($0, name).allSatisfy { $0 == Self.lower($1) } }
        }
        let words = Self.words(name)
        return short.withUnsafeBufferPointer { short in
            starts.withUnsafeBufferPointer { starts in
                for index in starts[name.count]..<starts[name.count + 1] where short[index] == words { return true }
                return false
            }
        }
    }

    /// The bytes lowercased and zero-padded to 16, as two words (16 bytes at most).
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> Words {
        var words = Words()
        for index in 0..<min(bytes.count, 8) { words.first |= UInt64(lower(bytes[index])) << (8 * index) }
        for index in min(bytes.count, 8)..<bytes.count { words.second |= UInt64(lower(bytes[index])) << (8 * (index - 8)) }
        return words
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
}
