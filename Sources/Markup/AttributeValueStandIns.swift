@preconcurrency import CLibXML2

/// The attribute values a stream parse hands to its delegate around libxml2 (see
/// ``UnreadContent/bypassesAttributeValues``). libxml2 parses a stand-in for each, a DEL byte
/// and the value's number in base-32 letters (`A` to `` ` ``, most significant first), and
/// reports it as the value; the value is then read from the page as it was before elision.
/// Valid while that page's bytes are.
struct AttributeValueStandIns {
    /// The first byte of a stand-in; the elision leaves a page with one of its own untouched.
    static let marker: UInt8 = 0x7F
    /// Values a page may have stand in (32⁴: stand-ins are five bytes at most).
    static var capacity: Int { 1 << 20 }

    /// The page the ranges are in, or nil when no value stands in.
    let page: UnsafePointer<UInt8>?
    let ranges: UnsafeBufferPointer<Range<Int>>

    static var none: AttributeValueStandIns { AttributeValueStandIns(page: nil, ranges: UnsafeBufferPointer(start: nil, count: 0)) }

    /// Writes the stand-in of value `number` (less than ``capacity``).
    static func write(_ number: Int, into output: inout [UInt8]) {
        output.append(marker)
        var shift = 15
        while shift > 0, number >> shift == 0 { shift -= 5 }
        while shift >= 0 {
            output.append(0x41 + UInt8(truncatingIfNeeded: number >> shift & 31))
            shift -= 5
        }
    }

    /// The value libxml2 reported, or the one it stands in for.
    func value(_ reported: UnsafePointer<xmlChar>?) -> HTMLAttributeValue {
        guard let reported, reported[0] == Self.marker, let page else { return HTMLAttributeValue(reported) }
        var number = 0
        var index = 1
        while index <= 4, reported[index] &- 0x41 < 32 {
            number = number << 5 | Int(reported[index] &- 0x41)
            index += 1
        }
        guard index > 1, reported[index] == 0, number < ranges.count else { return HTMLAttributeValue(reported) }
        let range = ranges[number]
        return HTMLAttributeValue(bytes: UnsafeBufferPointer(start: page + range.lowerBound, count: range.count))
    }
}
