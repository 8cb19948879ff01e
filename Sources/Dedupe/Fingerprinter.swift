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
        shingles.sort()
        shingles.removeDuplicatesFromSorted()
        if !text.isEmpty { exact = MatchingHash.mix64(exact) }
        let signature = MinHash.signature(shingles, length: parameters.signatureLength)
        return Fingerprint(parameters: parameters, exactHash: exact, shingles: shingles, signature: signature)
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
