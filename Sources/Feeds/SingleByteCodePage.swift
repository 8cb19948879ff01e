import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A single-byte charset (windows-1256, ISO-8859-6, windows-1251, windows-1255, KOI8-R, ...)
/// as a 256-entry table to UTF-8, built once per charset through the system's iconv.
///
/// Decoding a legacy feed through this table is several times faster than libxml2's per-chunk
/// iconv conversion, and gives the same characters. Bytes the charset leaves undefined become
/// U+FFFD. Multi-byte charsets (GB18030, Shift_JIS, EUC-KR, Big5) have no table: ``named(_:)``
/// returns nil for them and libxml2 decodes them itself.
struct SingleByteCodePage: Sendable {
    /// The UTF-8 bytes of each byte's character, packed: length in the low byte, then up to
    /// three UTF-8 bytes.
    private let table: [UInt32]
    /// Whether bytes 0x00–0x7F are ASCII (true of every common code page but EBCDIC).
    private let isASCIICompatible: Bool

    private static let cache = Mutex<[String: SingleByteCodePage?]>([:])

    /// The code page for an iconv charset name, or nil when it is not a single-byte charset
    /// (or iconv does not know it).
    static func named(_ charset: String) -> SingleByteCodePage? {
        let key = charset.uppercased()
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let built = build(key)
        cache.withLock { $0[key] = built }
        return built
    }

    private init(table: [UInt32]) {
        self.table = table
        isASCIICompatible = (0..<0x80).allSatisfy { table[$0] == (UInt32($0) << 8 | 1) }
    }

    private static func build(_ charset: String) -> SingleByteCodePage? {
        let converter = iconv_open("UTF-8", charset)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var table = [UInt32](repeating: 0, count: 256)
        for byte in 0..<256 {
            _ = iconv(converter, nil, nil, nil, nil)  // reset any shift state
            var input = [CChar(bitPattern: UInt8(byte))]
            var output = [CChar](repeating: 0, count: 8)
            var inputLeft = 1
            var outputLeft = 8
            let result = input.withUnsafeMutableBufferPointer { inputBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    var inputPointer = inputBuffer.baseAddress
                    var outputPointer = outputBuffer.baseAddress
                    let converted = iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                    // Stateful code pages (windows-1255, -1258) hold a letter back in case a
                    // combining mark follows: flush it out.
                    if converted != -1 { _ = iconv(converter, nil, nil, &outputPointer, &outputLeft) }
                    return converted
                }
            }
            let produced = 8 - outputLeft
            if result == -1 || inputLeft != 0 || produced == 0 || produced > 3 {
                // A lead byte waiting for more (EINVAL) means a multi-byte charset.
                if result == -1 && errno == EINVAL { return nil }
                table[byte] = 0xEF_BF_BD << 8 | 3  // U+FFFD
                continue
            }
            var packed = UInt32(produced)
            for index in 0..<produced {
                packed |= UInt32(UInt8(bitPattern: output[index])) << (8 * (index + 1))
            }
            table[byte] = packed
        }
        return SingleByteCodePage(table: table)
    }

    /// The bytes decoded to UTF-8.
    func decode(_ data: Data) -> Data {
        // Each byte's UTF-8 is stored as four bytes at once and the cursor moves by its length.
        var packed = [UInt32](repeating: 0, count: 256)
        var lengths = [Int](repeating: 0, count: 256)
        for byte in 0..<256 {
            lengths[byte] = Int(table[byte] & 0xFF)
            packed[byte] = (table[byte] >> 8).littleEndian
        }
        return data.withUnsafeBytes { raw -> Data in
            let count = raw.count
            let capacity = count * 3 + 8
            let output = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            var written = 0
            if let input = raw.baseAddress {
                packed.withUnsafeBufferPointer { packedTable in
                    lengths.withUnsafeBufferPointer { lengthTable in
                        let packed = packedTable.baseAddress!
                        let lengths = lengthTable.baseAddress!
                        var source = input.assumingMemoryBound(to: UInt8.self)
                        let end = source + count
                        var target = output.assumingMemoryBound(to: UInt8.self)
                        // Eight bytes at a time: copied as they are when all ASCII, else each
                        // through the table without a branch (text mixing letters and spaces
                        // would mispredict one per byte).
                        let copiesASCII = isASCIICompatible
                        while end - source >= 8 {
                            let word = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
                            if copiesASCII, word & 0x8080_8080_8080_8080 == 0 {
                                UnsafeMutableRawPointer(target).storeBytes(of: word, as: UInt64.self)
                                target += 8
                                source += 8
                                continue
                            }
                            for _ in 0..<8 {
                                let byte = Int(source.pointee)
                                UnsafeMutableRawPointer(target).storeBytes(of: packed[byte], as: UInt32.self)
                                target += lengths[byte]
                                source += 1
                            }
                        }
                        while source < end {
                            let byte = Int(source.pointee)
                            UnsafeMutableRawPointer(target).storeBytes(of: packed[byte], as: UInt32.self)
                            target += lengths[byte]
                            source += 1
                        }
                        written = target - output.assumingMemoryBound(to: UInt8.self)
                    }
                }
            }
            return Data(bytesNoCopy: output, count: written, deallocator: .custom { pointer, _ in pointer.deallocate() })
        }
    }
}
