/// The stored form of a fingerprint (a BLOB), little-endian:
///
///     byte 0       format version (1)
///     byte 1–3     shingle size, bands, rows
///     byte 4–11    exactHash, UInt64
///     LEB128       number of shingles n
///     n × LEB128   the sorted shingles as gaps: the first value, then each minus the one before
///     4·K bytes    the signature, K = bands × rows UInt32s (absent when n = 0)
///
/// Band keys are not stored: they are recomputed from the signature. A 600-word article takes
/// about 2.2 KB (the shingle gaps average under 4 bytes). Another format version or other
/// parameters than the caller expects mean "recompute from the article text".
extension Fingerprint {
    /// The version this code writes and reads; changes whenever the bytes or the hash
    /// functions behind them change.
    public static let formatVersion: UInt8 = 1

    /// Why stored bytes are not a fingerprint this code can use.
    public struct DecodingError: Error, Equatable, CustomStringConvertible {
        /// What is wrong with the bytes.
        public var description: String
    }

    /// The stored form (see the type's documentation).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16 + shingles.count * 4 + signature.count * 4)
        out.append(Self.formatVersion)
        out.append(UInt8(parameters.shingleSize))
        out.append(UInt8(parameters.bands))
        out.append(UInt8(parameters.rows))
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: exactHash >> UInt64(shift))) }
        Self.appendVarint(UInt64(shingles.count), to: &out)
        var previous: UInt32 = 0
        for shingle in shingles {
            Self.appendVarint(UInt64(shingle &- previous), to: &out)
            previous = shingle
        }
        for value in signature {
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return out
    }

    /// Reads the stored form.
    ///
    /// - Throws: `DecodingError` when the bytes are truncated, have trailing data, another
    ///   format version or shingles out of order.
    public init<Bytes: Collection<UInt8>>(bytes: Bytes) throws(DecodingError) {
        // Read in place: no copy of the bytes into an array of their own.
        let decoded = bytes.withContiguousStorageIfAvailable(Self.decode) ?? Array(bytes).withUnsafeBufferPointer(Self.decode)
        self = try decoded.get()
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Fingerprint, DecodingError> {
        Result { () throws(DecodingError) in
            var stored = try StoredFingerprint(bytes)
            var shingles: [UInt32] = []
            shingles.reserveCapacity(stored.shingleCount)
            while let shingle = try stored.nextShingle() { shingles.append(shingle) }
            let signature = try stored.signature()
            return Fingerprint(parameters: stored.parameters, exactHash: stored.exactHash, shingles: shingles, signature: signature)
        }
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }
}

/// A fingerprint's stored form read front to back: the header at once, the shingles one at a
/// time, so a verification can stop reading as soon as its verdict is known
/// (`DuplicateRule.match(storedBytes:new:)`).
struct StoredFingerprint: ShingleStream {
    let parameters: FingerprintParameters
    let exactHash: UInt64
    let shingleCount: Int
    private var reader: ByteReader
    private var shinglesRead = 0
    private var previous: UInt64 = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(Fingerprint.DecodingError) {
        var reader = ByteReader(bytes: bytes)
        let version = try reader.byte()
        guard version == Fingerprint.formatVersion else {
            throw Fingerprint.DecodingError(description: "fingerprint format version \(version), expected \(Fingerprint.formatVersion)")
        }
        let (size, bands, rows) = (Int(try reader.byte()), Int(try reader.byte()), Int(try reader.byte()))
        guard size > 0, bands > 0, rows > 0 else {
            throw Fingerprint.DecodingError(description: "fingerprint parameters k=\(size) \(bands)x\(rows) are invalid")
        }
        parameters = FingerprintParameters(shingleSize: size, bands: bands, rows: rows)
        var exact: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { exact |= UInt64(try reader.byte()) << UInt64(shift) }
        exactHash = exact
        let count = try reader.varint()
        guard count <= UInt64(reader.remaining) else {
            throw Fingerprint.DecodingError(description: "fingerprint shingle count \(count) exceeds its bytes")
        }
        shingleCount = Int(count)
        self.reader = reader
    }

    /// The next shingle, in ascending order; nil after the last.
    mutating func nextShingle() throws(Fingerprint.DecodingError) -> UInt32? {
        guard shinglesRead < shingleCount else { return nil }
        let gap = try reader.varint()
        guard shinglesRead == 0 || gap > 0, previous + gap <= UInt64(UInt32.max) else {
            throw Fingerprint.DecodingError(description: "fingerprint shingles are not ascending")
        }
        shinglesRead += 1
        previous += gap
        return UInt32(previous)
    }

    /// The signature, read after the last shingle; the bytes must end with it.
    mutating func signature() throws(Fingerprint.DecodingError) -> [UInt32] {
        var signature: [UInt32] = []
        if shingleCount > 0 {
            signature.reserveCapacity(parameters.signatureLength)
            for _ in 0..<parameters.signatureLength {
                var value: UInt32 = 0
                for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(try reader.byte()) << UInt32(shift) }
                signature.append(value)
            }
        }
        guard reader.remaining == 0 else { throw Fingerprint.DecodingError(description: "fingerprint has \(reader.remaining) trailing bytes") }
        return signature
    }
}

private struct ByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    var remaining: Int { bytes.count - position }

    mutating func byte() throws(Fingerprint.DecodingError) -> UInt8 {
        guard position < bytes.count else { throw Fingerprint.DecodingError(description: "fingerprint bytes end early") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(Fingerprint.DecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Fingerprint.DecodingError(description: "fingerprint varint is too long") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }
}
