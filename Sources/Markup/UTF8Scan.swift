import Foundation

/// One fast pass over bytes: how many valid multi-byte UTF-8 characters and how many invalid
/// bytes they hold (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF). ASCII is
/// skipped thirty-two bytes at a time. A sequence cut off by the end of the bytes (a size cap)
/// is not held against them.
public struct UTF8Scan: Sendable {
    /// Valid multi-byte sequences seen.
    public private(set) var multibyte = 0
    /// Bytes that are not part of a valid sequence.
    public private(set) var invalid = 0

    /// Scans `data`; with `stopAtFirstInvalid`, stops at the first invalid byte.
    public init(_ data: Data, stopAtFirstInvalid: Bool = false) {
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            let count = raw.count
            var index = 0
            let high: UInt64 = 0x8080_8080_8080_8080
            while index < count {
                if index + 32 <= count {
                    let words = base.loadUnaligned(fromByteOffset: index, as: SIMD4<UInt64>.self)
                    if (words[0] | words[1] | words[2] | words[3]) & high == 0 {
                        index += 32
                        continue
                    }
                }
                if bytes[index] < 0x80 {
                    index += 1
                    continue
                }
                let length = Self.sequenceLength(bytes, at: index, end: count)
                if length > 0 {
                    multibyte += 1
                    index += length
                } else if length == 0 {
                    break
                } else {
                    invalid += 1
                    if stopAtFirstInvalid { return }
                    index += 1
                }
            }
        }
    }

    /// Whether there was no invalid byte at all.
    public var isValid: Bool { invalid == 0 }

    /// Valid UTF-8, or UTF-8 with a few stray bytes among many valid multi-byte characters.
    public var isPlausible: Bool { invalid == 0 || multibyte >= 20 * invalid }

    /// The length of the valid multi-byte sequence at `index` (whose byte is not ASCII): 0 when
    /// it runs past `end`, -1 when it is invalid.
    @inlinable
    public static func sequenceLength(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var minimum: UInt8 = 0x80
        var maximum: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; minimum = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; maximum = 0x9F
        case 0xF0: length = 4; minimum = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; maximum = 0x8F
        default: return -1
        }
        for offset in 1..<length {
            guard index + offset < end else { return 0 }
            let byte = bytes[index + offset]
            if byte < (offset == 1 ? minimum : 0x80) || byte > (offset == 1 ? maximum : 0xBF) { return -1 }
        }
        return length
    }
}

extension UTF8Scan {
    /// The scalar of the sequence whose lead byte (0x80 or above) is at `index` of valid UTF-8,
    /// and the sequence's length in bytes; nil when it runs past the end of `bytes`.
    @inlinable
    public static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int)? {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (value, length)
    }
}
