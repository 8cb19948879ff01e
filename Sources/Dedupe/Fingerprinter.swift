/// Computes the `Fingerprint` of an article from its paragraphs: normalisation, word
/// shingles, exact hash, MinHash signature and LSH band keys.
///
/// A value type with no state: use one per worker or share it, it is `Sendable`.
public struct Fingerprinter: Sendable {
    public let parameters: FingerprintParameters

    /// - Parameter parameters: leave at `.standard` except to measure others.
    public init(parameters: FingerprintParameters = .standard) {
        self.parameters = parameters
    }

    /// The fingerprint of an article.
    ///
    /// - Parameters:
    ///   - title: the headline; used only when the body has no words at all, because copies of
    ///     a story carry edited headlines while different stories can share one.
    ///   - paragraphs: the body as extracted, in order; original text, not normalised.
    public func fingerprint(title: String?, paragraphs: [String]) -> Fingerprint {
        var text = MatchingText()
        text.load(paragraphs)
        if text.isEmpty, let title { text.load([title]) }
        return fingerprint(text)
    }

    /// The fingerprint of an article and its body's matching form (what
    /// `TextNormalizer.normalizeParagraphs` returns, for the search index) from one
    /// normalisation pass.
    public func fingerprintAndMatchingParagraphs(title: String?, paragraphs: [String]) -> (Fingerprint, [String]) {
        var text = MatchingText()
        text.load(paragraphs, keepingText: true)
        let matching = text.paragraphTexts
        if text.isEmpty, let title { text.load([title]) }
        return (fingerprint(text), matching)
    }

    func fingerprint(_ text: MatchingText) -> Fingerprint {
        var exact: UInt64 = text.isEmpty ? 0 : 0x243F_6A88_85A3_08D3
        var shingles: [UInt32] = []
        shingles.reserveCapacity(text.wordHashes.count)
        let size = parameters.shingleSize
        for index in text.paragraphEnds.indices {
            let words = text.words(ofParagraph: index)
            for word in words { exact = MatchingHash.combine(exact, word) }
            exact = MatchingHash.combine(exact, 0x0A)  // paragraph boundary
            let last = max(words.startIndex, words.endIndex - size)
            var start = words.startIndex
            while start <= last {
                var hash: UInt64 = 0x1319_8A2E_0370_7344
                for word in words[start..<min(start + size, words.endIndex)] { hash = MatchingHash.combine(hash, word) }
                shingles.append(UInt32(truncatingIfNeeded: MatchingHash.mix64(hash) >> 32))
                start += 1
            }
        }
        shingles.radixSort()
        shingles.removeDuplicatesFromSorted()
        if !text.isEmpty { exact = MatchingHash.mix64(exact) }
        let signature = MinHash.signature(shingles, length: parameters.signatureLength)
        return Fingerprint(parameters: parameters, exactHash: exact, shingles: shingles, signature: signature)
    }
}

extension [UInt32] {
    /// Sorts in place, least significant byte first (four counting passes): several times
    /// faster than a comparison sort for the few hundred random hashes of an article.
    mutating func radixSort() {
        guard count > 32 else {
            sort()
            return
        }
        var scratch = [UInt32](repeating: 0, count: count)
        withUnsafeMutableBufferPointer { values in
            scratch.withUnsafeMutableBufferPointer { other in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 1024) { counts in
                    counts.initialize(repeating: 0)
                    for value in values {
                        counts[Int(value & 0xFF)] += 1
                        counts[256 + Int((value >> 8) & 0xFF)] += 1
                        counts[512 + Int((value >> 16) & 0xFF)] += 1
                        counts[768 + Int(value >> 24)] += 1
                    }
                    for pass in 0..<4 {
                        var sum = 0
                        for digit in 0..<256 {
                            let count = counts[pass * 256 + digit]
                            counts[pass * 256 + digit] = sum
                            sum += count
                        }
                    }
                    var source = values
                    var target = other
                    for pass in 0..<4 {
                        let shift = UInt32(pass * 8)
                        for value in source {
                            let slot = pass * 256 + Int((value >> shift) & 0xFF)
                            target[counts[slot]] = value
                            counts[slot] += 1
                        }
                        swap(&source, &target)
                    }
                    // After four passes the result is back in `values`.
                }
            }
        }
    }
}

extension Array where Element: Equatable {
    /// Removes adjacent repeats in place (on a sorted array: all repeats).
    mutating func removeDuplicatesFromSorted() {
        guard count > 1 else { return }
        var write = 1
        for read in 1..<count where self[read] != self[write - 1] {
            self[write] = self[read]
            write += 1
        }
        removeLast(count - write)
    }
}
