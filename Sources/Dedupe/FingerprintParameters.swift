/// The shape of a fingerprint: shingle size and the LSH banding of its MinHash signature.
///
/// `standard` is what newsd uses, chosen by measurement (`newsd-bench dedupe-pairs --score`
/// on the 22,300 pairs of `dedupe-pairs-gen`, and `newsd-bench dedupe-bench` for candidates
/// per query against 100,000 indexed articles):
///
/// | bands × rows | copies missed by the index | candidates per query | index bytes per article |
/// |---|---|---|---|
/// | 8 × 2  | 25 (shortened copies) | 1.4 | 85 |
/// | 12 × 2 | 3 | 1.8 | 122 |
/// | **16 × 2** | **0** | 2.1 | 159 |
/// | 20 × 2 | 0 | 2.6 | 196 |
/// | 8 × 4  | 257 | 0.5 | 85 |
/// | 32 × 1 | 0 | 853 | 308 |
///
/// 16 × 2 is the smallest banding that hands every copy in the set to verification (a copy
/// with Jaccard similarity J is a candidate with probability 1 − (1 − J²)¹⁶: 0.99 at J = 0.5,
/// 0.94 at 0.4, 0.78 at 0.3, so shortened copies under about 40% of the stored story are
/// found only by chance). Shingle size: see `standard`'s own comment. Fingerprints made with
/// other parameters do not compare: `NearDuplicateIndex` refuses them, and the caller
/// recomputes them from the stored text.
public struct FingerprintParameters: Sendable, Hashable, CustomStringConvertible {
    /// Words per shingle. Shingles never span two paragraphs; a paragraph shorter than this is
    /// one shingle.
    public var shingleSize: Int
    /// LSH bands: one index key each.
    public var bands: Int
    /// Signature values per band.
    public var rows: Int

    /// The MinHash signature's length: `bands × rows`.
    public var signatureLength: Int { bands * rows }

    /// 3-word shingles, 16 bands of 2 rows (a 32-value signature).
    public static let standard = FingerprintParameters(shingleSize: 3, bands: 16, rows: 2)

    /// - Precondition: every value is in 1...255 and `signatureLength` is a multiple of 8.
    public init(shingleSize: Int, bands: Int, rows: Int) {
        precondition((1...255).contains(shingleSize) && (1...255).contains(bands) && (1...255).contains(rows))
        precondition((bands * rows) % 8 == 0, "the signature is computed 8 values at a time")
        self.shingleSize = shingleSize
        self.bands = bands
        self.rows = rows
    }

    public var description: String { "k=\(shingleSize) \(bands)x\(rows)" }
}
