/// News-like text for tests, the demo and benchmarks, in English or Arabic: sentences from
/// templates with their slots filled at random (see `StoryBank`), so texts made from different
/// seeds share little beyond common phrases, and the same seed always gives the same text.
public enum SyntheticText {
    /// `count` distinct paragraphs of two to four sentences.
    public static func paragraphs(seed: UInt64, arabic: Bool, count: Int) -> [String] {
        let language = arabic ? StoryBank.arabic : StoryBank.english
        var random = SeededRandom(seed: seed)
        var paragraphs: [String] = []
        while paragraphs.count < count {
            let sentences = (0..<(2 + Int(random.next() % 3))).map { _ in
                StoryBank.fill(language.sentences[Int(random.next() % UInt64(language.sentences.count))], in: language, random: &random)
            }
            let paragraph = sentences.joined(separator: " ")
            // Compared as bytes: a Set<String> hashed every Arabic paragraph through Unicode normalisation.
            if !paragraphs.contains(where: { $0.utf8.elementsEqual(paragraph.utf8) }) { paragraphs.append(paragraph) }
        }
        return paragraphs
    }

    /// A headline.
    public static func headline(seed: UInt64, arabic: Bool) -> String {
        let language = arabic ? StoryBank.arabic : StoryBank.english
        var random = SeededRandom(seed: seed ^ 0x5EED)
        return StoryBank.fill(language.headlines[Int(random.next() % UInt64(language.headlines.count))], in: language, random: &random)
    }
}
