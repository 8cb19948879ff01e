/// What near-duplicate matching knows of an article, computed by `Fingerprinter` from its
/// normalised body (`TextNormalizer`).
public struct Fingerprint: Sendable, Equatable {
    /// The parameters it was made with.
    public var parameters: FingerprintParameters
    /// A 64-bit hash of the whole normalised body (paragraph boundaries included): equal
    /// hashes mean the same text after normalisation. 0 for an article with no words.
    public var exactHash: UInt64
    /// Hashes of the body's word shingles, sorted, without repeats.
    public var shingles: [UInt32]
    /// The MinHash signature over `shingles`, `parameters.signatureLength` values; empty when
    /// there are no shingles.
    public var signature: [UInt32]
    /// One LSH key per band, from the signature's rows; empty when there are no shingles.
    public var bandKeys: [UInt64]

    /// Whether the article had no words to match on (such a fingerprint matches nothing).
    public var isEmpty: Bool { shingles.isEmpty }

    /// Builds a fingerprint from its parts, computing the band keys from the signature.
    init(parameters: FingerprintParameters, exactHash: UInt64, shingles: [UInt32], signature: [UInt32]) {
        self.parameters = parameters
        self.exactHash = exactHash
        self.shingles = shingles
        self.signature = signature
        self.bandKeys = MinHash.bandKeys(signature, parameters: parameters)
    }
}
