/// The near-duplicate decision: the actual overlap of a new article's shingle set with a
/// stored candidate's, and the thresholds that call it a copy of the same story.
///
/// A copy is `jaccard ≥ minimumJaccard` (most text shared either way: furniture, promo and
/// credit lines, an edited headline, a paragraph added or cut, word edits), or
/// `containment ≥ minimumContainment` (the new article is mostly found in the stored one: a
/// shortened copy, the top of the wire story). Containment is directional on purpose: a story
/// update that keeps a stored flash's lead but is mostly new text contains the flash without
/// being contained in it, and is not a copy. The containment route needs at least
/// `minimumShinglesForContainment` shingles in the new article, so a one-line item is not a
/// copy of every story that quotes it.
///
/// Chosen by measurement on the `newsd-bench dedupe-pairs-gen` set (22,300 pairs, 40%
/// Arabic) with 3-word shingles, at the middle of the range where no negative is called a
/// copy and at most one positive is missed (jaccard 0.50–0.55, containment 0.70–0.80):
/// - negatives: story updates (lead kept, ≥ 60% new words) have jaccard ≤ 0.49 and
///   containment ≤ 0.56; different, same-topic and same-site articles jaccard ≤ 0.32 and
///   containment ≤ 0.70 (two versions of one shop's promo terms, a real near-template pair);
/// - positives: jaccard ≥ 0.65 for a paragraph added or cut and ≥ 0.67 for word edits; the
///   top of a story (50–80% of it) has jaccard down to 0.46 but containment 1; copies with
///   several changes at once (edits, a paragraph, spelling, promo, credit and furniture
///   lines, headline) reach jaccard 0.50 and containment 0.56 at worst, the one miss.
/// With 2-word shingles the set scores the same but the index returns 25 candidates per query
/// instead of 2 (100,000 articles indexed); with 4-word shingles one update becomes a copy.
public enum DuplicateRule {
    /// Shared shingles over all shingles of the two at which they are one story.
    public static let minimumJaccard = 0.52
    /// The part of the new article found in the stored one at which it is a copy of it.
    public static let minimumContainment = 0.75
    /// Shingles the new article needs for the containment route.
    public static let minimumShinglesForContainment = 10
    /// The most index candidates verified per article (`NearDuplicateIndex.candidates(for:limit:)`
    /// keeps those sharing the most bands): verifying reads stored fingerprints, and templated
    /// texts can make thousands of articles candidates of each other.
    public static let maxVerifiedCandidates = 32

    /// The overlap of a new article's shingles with a stored one's (a linear merge of the
    /// sorted hashes).
    public static func similarity(stored: Fingerprint, new: Fingerprint) -> Similarity {
        var shingles = ShingleArray(stored.shingles)
        let shared = sharedShingles(&shingles, new.shingles, stopBelow: 0) ?? 0
        return Similarity(sharedShingles: shared, storedShingles: stored.shingles.count, newShingles: new.shingles.count)
    }

    /// Whether an overlap makes two articles copies of one story.
    public static func isNearDuplicate(_ similarity: Similarity) -> Bool {
        if similarity.jaccard >= minimumJaccard { return true }
        return similarity.containment >= minimumContainment && similarity.newShingles >= minimumShinglesForContainment
    }

    /// The first candidate `new` is a copy of, with the overlap to log, or nil. Pass the
    /// candidates in the order `NearDuplicateIndex.candidates(for:)` gives them (the order they
    /// were indexed), so the match is the earliest stored copy.
    public static func firstMatch(
        for new: Fingerprint, among candidates: [(id: Int64, fingerprint: Fingerprint)]
    ) -> (id: Int64, similarity: Similarity)? {
        for candidate in candidates {
            if let similarity = match(stored: candidate.fingerprint, new: new) { return (candidate.id, similarity) }
        }
        return nil
    }

    /// Whether `new` is a copy of `stored`: the same normalised text, or a near duplicate by
    /// `isNearDuplicate(similarity(stored:new:))`. Empty fingerprints match nothing.
    public static func isDuplicate(stored: Fingerprint, new: Fingerprint) -> Bool {
        match(stored: stored, new: new) != nil
    }

    /// The overlap of `new` with `stored` when it makes `new` a copy, else nil, in one merge of
    /// their shingles at most (stopped as soon as the needed overlap is out of reach).
    static func match(stored: Fingerprint, new: Fingerprint) -> Similarity? {
        guard !stored.isEmpty, stored.parameters == new.parameters else { return nil }
        var shingles = ShingleArray(stored.shingles)
        return match(&shingles, exactHash: stored.exactHash, new: new)
    }

    /// `match(stored:new:)` on a stored fingerprint's bytes (`Fingerprint.bytes`), reading its
    /// shingles only as far as the verdict needs: decoding every candidate's whole fingerprint
    /// was a tenth of the commit's time. Bytes that are no fingerprint match nothing.
    public static func match(storedBytes: [UInt8], new: Fingerprint) -> Similarity? {
        storedBytes.withUnsafeBufferPointer { bytes in
            guard var stored = try? StoredFingerprint(bytes), stored.shingleCount > 0, stored.parameters == new.parameters else {
                return nil
            }
            return match(&stored, exactHash: stored.exactHash, new: new)
        }
    }

    /// The overlap that makes `new` a copy of the stored article whose shingles `stored` gives:
    /// any overlap for the same normalised text, else one `isNearDuplicate` accepts.
    private static func match(_ stored: inout some ShingleStream, exactHash: UInt64, new: Fingerprint) -> Similarity? {
        guard !new.isEmpty else { return nil }
        let sameText = exactHash == new.exactHash
        guard let needed = sameText ? 0 : neededSharedShingles(stored: stored.shingleCount, new: new.shingles.count),
            let shared = sharedShingles(&stored, new.shingles, stopBelow: needed)
        else { return nil }
        let overlap = Similarity(sharedShingles: shared, storedShingles: stored.shingleCount, newShingles: new.shingles.count)
        return sameText || isNearDuplicate(overlap) ? overlap : nil
    }

    /// `firstMatch(for:among:)` on stored fingerprints' bytes (`match(storedBytes:new:)`).
    public static func firstMatch(
        for new: Fingerprint, amongStored candidates: [(id: Int64, bytes: [UInt8])]
    ) -> (id: Int64, similarity: Similarity)? {
        for candidate in candidates {
            if let similarity = match(storedBytes: candidate.bytes, new: new) { return (candidate.id, similarity) }
        }
        return nil
    }

    /// The shared shingles a copy needs by either route, or nil when the sizes alone rule both
    /// out (jaccard ≤ smaller/larger, containment ≤ stored/new).
    static func neededSharedShingles(stored: Int, new: Int) -> Int? {
        let (s, n) = (Double(stored), Double(new))
        if min(s, n) < minimumJaccard * max(s, n) && (s < minimumContainment * n || n < Double(minimumShinglesForContainment)) {
            return nil
        }
        let viaJaccard = (minimumJaccard * (s + n) / (1 + minimumJaccard)).rounded(.up)
        let viaContainment = n >= Double(minimumShinglesForContainment) ? (minimumContainment * n).rounded(.up) : .infinity
        return Int(min(viaJaccard, viaContainment))
    }

    /// |stored ∩ new| by a merge of the two sorted sequences (the whole count: the merge only
    /// stops early to return nil), or nil as soon as fewer than `stopBelow` can be shared, or
    /// when the stored shingles cannot be read.
    static func sharedShingles(_ stored: inout some ShingleStream, _ new: [UInt32], stopBelow needed: Int) -> Int? {
        let (s, n) = (stored.shingleCount, new.count)
        var (i, j, shared) = (0, 0, 0)
        guard s > 0, n > 0 else { return needed == 0 ? 0 : nil }
        guard var a = (try? stored.nextShingle()) ?? nil else { return nil }
        return new.withUnsafeBufferPointer { new in
            while true {
                if shared + min(s - i, n - j) < needed { return nil }
                let b = new[j]
                if a <= b {
                    if a == b {
                        shared += 1
                        j += 1
                    }
                    i += 1
                    if i == s { break }
                    guard let next = (try? stored.nextShingle()) ?? nil else { return nil }
                    a = next
                } else {
                    j += 1
                }
                if j == n { break }
            }
            return shared >= needed ? shared : nil
        }
    }
}

/// Sorted shingles read in turn, for a merge that may stop early: a decoded fingerprint's
/// (`ShingleArray`), or a stored one's bytes (`StoredFingerprint`).
protocol ShingleStream {
    var shingleCount: Int { get }
    /// The next shingle; nil after the last.
    mutating func nextShingle() throws(Fingerprint.DecodingError) -> UInt32?
}

/// A decoded fingerprint's shingles as a `ShingleStream`.
struct ShingleArray: ShingleStream {
    private let shingles: [UInt32]
    private var index = 0

    init(_ shingles: [UInt32]) { self.shingles = shingles }

    var shingleCount: Int { shingles.count }

    mutating func nextShingle() -> UInt32? {
        guard index < shingles.count else { return nil }
        defer { index += 1 }
        return shingles[index]
    }
}
