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
