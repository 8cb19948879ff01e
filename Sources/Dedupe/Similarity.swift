/// How much a new article's shingle set overlaps a stored one's: what `DuplicateRule` decides
/// on, and what the daemon logs with a near-duplicate verdict.
///
/// Containment is directional (Broder's containment of the new article in the stored one):
/// a shortened copy of a stored story is contained in it, while an update that adds mostly new
/// text to a stored flash is not, although it contains the flash.
public struct Similarity: Sendable, Equatable, CustomStringConvertible {
    /// Shared shingles over all shingles of the two: |S∩N| / |S∪N|.
    public var jaccard: Double
    /// The part of the new article found in the stored one: |S∩N| / |N|.
    public var containment: Double
    /// |S∩N|.
    public var sharedShingles: Int
    /// |S|, the stored article's shingles.
    public var storedShingles: Int
    /// |N|, the new article's shingles.
    public var newShingles: Int

    public init(sharedShingles: Int, storedShingles: Int, newShingles: Int) {
        self.sharedShingles = sharedShingles
        self.storedShingles = storedShingles
        self.newShingles = newShingles
        let union = storedShingles + newShingles - sharedShingles
        self.jaccard = union == 0 ? 0 : Double(sharedShingles) / Double(union)
        self.containment = newShingles == 0 ? 0 : Double(sharedShingles) / Double(newShingles)
    }

    public var description: String {
        "jaccard \(Self.rounded(jaccard)), containment \(Self.rounded(containment)) (\(sharedShingles) shared, \(storedShingles) stored, \(newShingles) new shingles)"
    }

    private static func rounded(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
