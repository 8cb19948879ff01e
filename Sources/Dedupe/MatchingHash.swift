/// The hash functions behind fingerprints: fixed, seedless and the same on every platform and
/// run, because their results are stored (`Fingerprint.bytes`) and compared across restarts.
/// Never change them without changing `Fingerprint.formatVersion`.
enum MatchingHash {
    /// MurmurHash3's 64-bit finaliser: a bijection that spreads every input bit over the output.
    @inline(__always)
    static func mix64(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// MurmurHash3's 32-bit finaliser, the per-row permutation of the MinHash signature.
    @inline(__always)
    static func mix32(_ value: UInt32) -> UInt32 {
        var x = value
        x ^= x >> 16
        x &*= 0x85EB_CA6B
        x ^= x >> 13
        x &*= 0xC2B2_AE35
        x ^= x >> 16
        return x
    }

    /// FNV-1a over a word's UTF-8 bytes, finalised with `mix64`.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return mix64(hash)
    }

    /// Order-sensitive combination of word hashes (a shingle, a paragraph, a whole text).
    @inline(__always)
    static func combine(_ state: UInt64, _ value: UInt64) -> UInt64 {
        ((state ^ value) &* 0x9E37_79B9_7F4A_7C15).rotated(by: 29)
    }
}

extension UInt64 {
    @inline(__always)
    func rotated(by count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
