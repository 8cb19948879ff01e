/// The shape of a fingerprint: shingle size and the LSH banding of its MinHash signature.
///
/// `standard` is what newsd uses; it was chosen by measurement on the labelled pair set of
/// `newsd-bench dedupe-pairs-gen` (see `DuplicateRule` for the decision thresholds and the
/// figures). Fingerprints made with other parameters do not compare: `Fingerprint(bytes:)`
/// refuses them, and the caller recomputes them from the stored text.
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
