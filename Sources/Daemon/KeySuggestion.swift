/// Finds the known name closest to a misspelt one, for "did you mean …?" hints.
enum KeySuggestion {
    /// The candidate closest to `name`, if it is close enough to be a likely typo: one edit per
    /// three characters of the longer of the two, at least one and at most three.
    static func closest(to name: String, among candidates: [String]) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let allowed = max(1, min(3, max(name.count, candidate.count) / 3))
            let distance = editDistance(name, candidate)
            if distance <= allowed, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The Levenshtein distance between two strings, counted in characters. Names longer than 100
    /// characters are never close to anything.
    static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        guard a.count <= 100, b.count <= 100 else { return .max }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                row[j] = min(previous[j] + 1, row[j - 1] + 1, substitution)
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }
}
