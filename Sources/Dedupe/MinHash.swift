/// The MinHash signature of a shingle set and its LSH band keys.
///
/// Row `i` of the signature is the minimum over the shingles of `(shingle ^ seed[i]) × odd[i]`
/// (mod 2³²), a different bijection of the 32-bit shingle hashes per row, so two sets agree
/// on a row with probability equal to their Jaccard similarity. One multiply suffices because
/// the shingle hashes are already well mixed: measured on the 22,300 pairs of the dedupe pair
/// set with 128 rows, the estimate's bias is under 0.003 and its spread matches independent
/// rows (0.044 at J≈0.45), the same as with MurmurHash3's finaliser per row, at half the
/// cost. Computed eight rows at a time with SIMD.
/// A band's key hashes its `rows` values with the band number, so two articles share a key
/// when they agree on every row of that band: probability `J^rows` per band.
enum MinHash {
    /// Fixed row seeds, then row multipliers from index 1024 (a SplitMix64 sequence); part of
    /// the stored format.
    static let seeds: [UInt32] = {
        var state: UInt64 = 0x6E65_7773_6465_6475  // "newsdedu"
        return (0..<2048).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            return UInt32(truncatingIfNeeded: MatchingHash.mix64(state) >> 32)
        }
    }()

    static func signature(_ shingles: [UInt32], length: Int) -> [UInt32] {
        guard !shingles.isEmpty else { return [] }
        let lanes = length / 8
        var result = [UInt32](repeating: 0, count: length)
        seeds.withUnsafeBufferPointer { seeds in
            result.withUnsafeMutableBufferPointer { result in
                for lane in 0..<lanes {
                    let seed = SIMD8<UInt32>(seeds[lane * 8..<lane * 8 + 8])
                    let multiplier = SIMD8<UInt32>(seeds[1024 + lane * 8..<1024 + lane * 8 + 8]) | 1
                    var minimum = SIMD8<UInt32>(repeating: .max)
                    for shingle in shingles {
                        let x = (SIMD8<UInt32>(repeating: shingle) ^ seed) &* multiplier
                        minimum = pointwiseMin(minimum, x)
                    }
                    for row in 0..<8 { result[lane * 8 + row] = minimum[row] }
                }
            }
        }
        return result
    }

    static func bandKeys(_ signature: [UInt32], parameters: FingerprintParameters) -> [UInt64] {
        guard signature.count == parameters.signatureLength else { return [] }
        return (0..<parameters.bands).map { band in
            var key = MatchingHash.mix64(UInt64(band) &+ 0x5851_F42D_4C95_7F2D)
            for row in 0..<parameters.rows {
                key = MatchingHash.combine(key, UInt64(signature[band * parameters.rows + row]))
            }
            return MatchingHash.mix64(key)
        }
    }
}
