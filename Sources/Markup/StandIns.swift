@preconcurrency import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The attribute values and texts a stream parse hands to its delegate around libxml2 (see
/// ``UnreadContent/bypassesParser``). libxml2 parses a stand-in for each, a DEL byte and the
/// piece's number in base-32 letters (`A` to `` ` ``, most significant first), and reports it as
/// a value or in a text; the piece is then read from the page as it was before elision. Valid
/// while that page's bytes are.
struct StandIns {
    /// The first byte of a stand-in; the elision leaves a page with one of its own untouched.
    static let marker: UInt8 = 0x7F
    /// Pieces a page may have stand in (32⁴: stand-ins are five bytes at most).
    static var capacity: Int { 1 << 20 }
    /// The bytes a stand-in takes at most.
    static var maximumLength: Int { 5 }

    /// The page the ranges are in, or nil when nothing stands in.
    let page: UnsafePointer<UInt8>?
    let ranges: UnsafeBufferPointer<Range<Int>>

    static var none: StandIns { StandIns(page: nil, ranges: UnsafeBufferPointer(start: nil, count: 0)) }

    /// Writes the stand-in of piece `number` (less than ``capacity``) at `output`; its length.
    static func write(_ number: Int, to output: UnsafeMutablePointer<UInt8>) -> Int {
        output[0] = marker
        var length = 1
        var shift = 15
        while shift > 0, number >> shift == 0 { shift -= 5 }
        while shift >= 0 {
            output[length] = 0x41 + UInt8(truncatingIfNeeded: number >> shift & 31)
            length += 1
            shift -= 5
        }
        return length
    }

    /// The attribute value libxml2 reported, or the one it stands in for.
    func value(_ reported: UnsafePointer<xmlChar>?) -> HTMLAttributeValue {
        guard let reported, reported[0] == Self.marker,
            let (piece, length) = piece(UnsafeBufferPointer(start: reported, count: strnlen(reported, 6))),
            reported[length] == 0
        else { return HTMLAttributeValue(reported) }
        return HTMLAttributeValue(bytes: piece)
    }

    /// Hands a text libxml2 reported to `delegate`, with the texts its stand-ins stand for, in
    /// order.
    func handOver(_ text: UnsafeBufferPointer<UInt8>, to delegate: any HTMLStreamDelegate) {
        guard page != nil, let base = text.baseAddress else { return delegate.characters(text) }
        var start = 0
        while start < text.count,
            let found = memchr(base + start, Int32(Self.marker), text.count - start)?.assumingMemoryBound(to: UInt8.self)
        {
            let marker = base.distance(to: found)
            guard let (piece, length) = piece(UnsafeBufferPointer(rebasing: text[marker...])) else { break }
            if marker > start { delegate.characters(UnsafeBufferPointer(rebasing: text[start..<marker])) }
            delegate.characters(piece)
            start = marker + length
        }
        if start < text.count { delegate.characters(UnsafeBufferPointer(rebasing: text[start...])) }
    }

    /// The piece a stand-in at the start of `bytes` stands for, and the stand-in's length.
    private func piece(_ bytes: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>, Int)? {
        guard let page else { return nil }
        var number = 0
        var index = 1
        while index <= 4, index < bytes.count, bytes[index] &- 0x41 < 32 {
            number = number << 5 | Int(bytes[index] &- 0x41)
            index += 1
        }
        guard index > 1, number < ranges.count else { return nil }
        let range = ranges[number]
        return (UnsafeBufferPointer(start: page + range.lowerBound, count: range.count), index)
    }
}
