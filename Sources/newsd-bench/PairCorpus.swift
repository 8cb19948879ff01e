import Dedupe
import Foundation

/// Article texts read from the shared corpora for the dedupe pair set and benchmark: the
/// ground-truth bodies of `arabic-pages` and `wcxb-dev-articles`, and the seed's paragraphs.
/// Read in place; the texts are never copied into the repository (their licences forbid it).
struct PairCorpus {
    struct Article {
        var id: String
        var lang: String
        var title: String
        var paragraphs: [String]

        var wordCount: Int { paragraphs.reduce(0) { $0 + $1.split(separator: " ").count } }
    }

    var articles: [Article] = []
    /// The seed article's 12 paragraphs, when the seed is present.
    var seed: Article?

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Articles shorter than this many words are left out: too short to say "same story".
    static let minimumWords = 60
    /// Longer bodies are cut to about this many words, the length of a long news story.
    static let maximumWords = 1500

    init(directory: String) throws {
        let root = URL(fileURLWithPath: directory)
        let arabic = try Self.json(root.appendingPathComponent("arabic-pages/ground-truth.json"))
        let arabicMeta = (try? Self.json(root.appendingPathComponent("arabic-pages/meta.json"))) ?? [:]
        for id in arabic.keys.sorted() {
            guard let entry = arabic[id] as? [String: Any], let body = entry["articleBody"] as? String else { continue }
            let title = ((arabicMeta[id] as? [String: Any])?["title"] as? String) ?? ""
            add(id: "ar-\(id.prefix(8))", url: entry["url"] as? String, title: title, body: body)
        }
        let english = try Self.json(root.appendingPathComponent("wcxb-dev-articles/ground-truth.json"))
        let englishMeta = (try? Self.json(root.appendingPathComponent("wcxb-dev-articles/metadata-truth.json"))) ?? [:]
        for id in english.keys.sorted() {
            guard let entry = english[id] as? [String: Any], let body = entry["articleBody"] as? String else { continue }
            let title = ((englishMeta[id] as? [String: Any])?["title"] as? String) ?? ""
            add(id: "wx-\(id.prefix(8))", url: entry["url"] as? String, title: title, body: body)
        }
        if let expected = try? Self.json(root.appendingPathComponent("seed/expected.json")),
            let paragraphs = expected["paragraphs"] as? [String]
        {
            seed = Article(id: "seed", lang: "ar", title: expected["title"] as? String ?? "", paragraphs: paragraphs)
        }
        guard !articles.isEmpty else { throw LoadError(description: "no articles under \(directory)") }
    }

    private var seenURLs = Set<String>()

    /// Adds an article unless its page was already added: the corpora hold a few pages twice
    /// (`…/moseley-coffee` and `…/moseley-coffee/`), which would be duplicates labelled as
    /// different articles.
    private mutating func add(id: String, url: String?, title: String, body: String) {
        if let url {
            let page = url.lowercased().split(separator: "?").first.map { $0.hasSuffix("/") ? String($0.dropLast()) : String($0) }
            guard seenURLs.insert(page ?? url).inserted else { return }
        }
        var paragraphs = body.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if paragraphs.count < 4 { paragraphs = paragraphs.flatMap(Self.sentenceGroups) }
        var words = 0
        paragraphs = Array(paragraphs.prefix { paragraph in
            defer { words += paragraph.split(separator: " ").count }
            return words < Self.maximumWords
        })
        let article = Article(id: id, lang: Self.language(of: body), title: title, paragraphs: paragraphs)
        guard article.wordCount >= Self.minimumWords, paragraphs.count >= 3 else { return }
        articles.append(article)
    }

    /// A long paragraph split into groups of two sentences, so that articles printed as one
    /// block still have paragraphs to add, cut and repeat.
    static func sentenceGroups(_ paragraph: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in paragraph {
            current.append(character)
            if ".!?؟".contains(character) && current.split(separator: " ").count >= 6 {
                sentences.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { sentences.append(current.trimmingCharacters(in: .whitespaces)) }
        return stride(from: 0, to: sentences.count, by: 2).map { sentences[$0..<min($0 + 2, sentences.count)].joined(separator: " ") }
    }

    /// `ar` for Arabic script, `en` for Latin script with English function words, else `other`.
    static func language(of text: String) -> String {
        var arabic = 0
        var latin = 0
        for scalar in text.unicodeScalars.prefix(5000) {
            switch scalar.value {
            case 0x0600...0x06FF: arabic += 1
            case 0x41...0x5A, 0x61...0x7A: latin += 1
            default: break
            }
        }
        if arabic > latin { return "ar" }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).prefix(2000)
        let function = words.filter { ["the", "and", "of", "to"].contains($0) }.count
        return function * 25 >= words.count ? "en" : "other"
    }

    private static func json(_ url: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: url)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LoadError(description: "\(url.path) is not a JSON object")
        }
        return object
    }

    // MARK: Nearest neighbours

    /// For each article, the other articles of its language ranked by TF-IDF cosine similarity
    /// of their normalised words (words of four letters or more: a rough stop list): "same topic" without being the same story.
    func neighbours(limit: Int) -> [[Int]] {
        let normalizer = TextNormalizer()
        var vocabulary: [Substring: Int] = [:]
        var documents: [[Int: Double]] = []
        var documentFrequency: [Int: Int] = [:]
        for article in articles {
            var counts: [Int: Double] = [:]
            for word in normalizer.normalize(article.paragraphs.joined(separator: " ")).split(separator: " ")
            where word.unicodeScalars.count >= 4 {
                let term = vocabulary[word] ?? {
                    vocabulary[word] = vocabulary.count
                    return vocabulary.count - 1
                }()
                counts[term, default: 0] += 1
            }
            for term in counts.keys { documentFrequency[term, default: 0] += 1 }
            documents.append(counts)
        }
        let total = Double(articles.count)
        let vectors: [[(Int, Double)]] = documents.map { counts in
            var vector = counts.map { term, count in (term, (1 + log(count)) * log(total / Double(documentFrequency[term]!))) }
            let norm = vector.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            vector = vector.map { ($0.0, norm > 0 ? $0.1 / norm : 0) }.sorted { $0.0 < $1.0 }
            return vector
        }
        return articles.indices.map { index in
            var scored: [(Int, Double)] = []
            for other in articles.indices where other != index && articles[other].lang == articles[index].lang {
                scored.append((other, Self.dot(vectors[index], vectors[other])))
            }
            return scored.sorted { $0.1 > $1.1 }.prefix(limit).map(\.0)
        }
    }

    private static func dot(_ a: [(Int, Double)], _ b: [(Int, Double)]) -> Double {
        var i = 0
        var j = 0
        var sum = 0.0
        while i < a.count && j < b.count {
            if a[i].0 == b[j].0 {
                sum += a[i].1 * b[j].1
                i += 1
                j += 1
            } else if a[i].0 < b[j].0 {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }
}
