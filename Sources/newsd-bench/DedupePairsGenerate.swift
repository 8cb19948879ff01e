import ArgumentParser
import FeedFarm
import Foundation

/// `newsd-bench dedupe-pairs-gen`: writes the labelled near-duplicate pair set, built from the
/// shared corpora's texts (read in place, never stored in the repository), as JSON lines
/// `{"id", "a", "b", "lang", "kind", "label"}`. Seeded and deterministic.
struct DedupePairsGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe-pairs-gen",
        abstract: "Write the labelled near-duplicate pair set (JSON lines) built from the shared corpora.",
        discussion: """
            Positives (label 1) are syndication changes of one article: \(positiveKinds.joined(separator: ", ")).
            Negatives (label 0): \(negativeKinds.joined(separator: ", ")). Arabic articles get four pairs of each
            kind, others one, so that at least a third of the set is Arabic. Texts separate paragraphs with newlines.
            """)

    static let positiveKinds = [
        "furniture", "headline", "para_added", "para_cut", "excerpt", "promo", "doubled", "variants", "credit", "word_edits", "mixed",
    ]
    static let negativeKinds = ["different", "same_topic", "same_site", "update"]

    @Option(help: "The shared corpus folder.") var corpus = "../shared/corpus"
    @Option(help: "Random seed.") var seed: UInt64 = 5
    @Option(help: "Pairs of each kind per Arabic article (other languages get one).")
    var arabicRepeats = 4

    struct Pair: Codable {
        var id: String
        var a: String
        var b: String
        var lang: String
        var kind: String
        var label: Int
    }

    func run() throws {
        let corpus = try PairCorpus(directory: corpus)
        let neighbours = corpus.neighbours(limit: 8)
        var random = SeededRandom(seed: seed)
        var pairs: [Pair] = []
        let byLanguage = Dictionary(grouping: corpus.articles.indices, by: { corpus.articles[$0].lang })
        for (index, article) in corpus.articles.enumerated() {
            let sameLanguage = byLanguage[article.lang] ?? []
            let repeats = article.lang == "ar" ? arabicRepeats : 1
            var mutations = PairMutations(
                random: SeededRandom(seed: random.next()),
                otherTitles: (0..<20).compactMap { _ in sameLanguage.randomElement(using: &random).map { corpus.articles[$0].title } }
                    .filter { !$0.isEmpty && $0 != article.title },
                otherParagraphs: (0..<20).compactMap { _ in
                    sameLanguage.randomElement(using: &random).flatMap { $0 == index ? nil : corpus.articles[$0].paragraphs.randomElement(using: &random) }
                },
                lang: article.lang)
            for repeatIndex in 0..<repeats {
                for kind in Self.positiveKinds {
                    let (a, b) = positive(kind, article, &mutations)
                    pairs.append(Pair(id: "\(article.id)-\(kind)-\(repeatIndex)", a: a, b: b, lang: article.lang, kind: kind, label: 1))
                }
            }
            let near = neighbours[index]
            for repeatIndex in 0..<repeats * 2 {
                for kind in Self.negativeKinds {
                    let otherIndex: Int? = switch kind {
                    case "different": sameLanguage.filter { $0 != index }.randomElement(using: &random)
                    default: near.isEmpty ? nil : near[repeatIndex % near.count]
                    }
                    guard let otherIndex else { continue }
                    let others = ([otherIndex] + near.filter { $0 != otherIndex }).map { corpus.articles[$0] }
                    let (a, b) = negative(kind, article, others, &mutations)
                    pairs.append(Pair(id: "\(article.id)-\(kind)-\(repeatIndex)", a: a, b: b, lang: article.lang, kind: kind, label: 0))
                }
            }
        }
        if let seedArticle = corpus.seed {
            var mutations = PairMutations(
                random: SeededRandom(seed: seed), otherTitles: corpus.articles.filter { $0.lang == "ar" }.prefix(5).map(\.title),
                otherParagraphs: [], lang: "ar")
            let single = seedArticle.paragraphs
            let doubled = mutations.withPromoLines(single) + mutations.withPromoLines(single)
            pairs.append(Pair(id: "seed-doubled-0", a: text(single), b: text(doubled), lang: "ar", kind: "doubled", label: 1))
            pairs.append(Pair(
                id: "seed-doubled-1", a: text([seedArticle.title] + doubled), b: text(single), lang: "ar", kind: "doubled", label: 1))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for pair in pairs {
            out.append(try encoder.encode(pair))
            out.append(0x0A)
        }
        FileHandle.standardOutput.write(out)
        let arabic = pairs.filter { $0.lang == "ar" }.count
        FileHandle.standardError.write(Data(
            "dedupe-pairs-gen: \(pairs.count) pairs (\(pairs.filter { $0.label == 1 }.count) positive), \(arabic) Arabic, from \(corpus.articles.count) articles\n".utf8))
    }

    private func text(_ paragraphs: [String]) -> String { paragraphs.joined(separator: "\n") }

    private func positive(_ kind: String, _ article: PairCorpus.Article, _ m: inout PairMutations) -> (String, String) {
        let body = article.paragraphs
        switch kind {
        case "furniture": return (text(m.withFurniture(body)), text(m.withFurniture(body)))
        case "headline": return (text([article.title] + body), text([m.editedHeadline(article.title)] + body))
        case "para_added": return (text(body), text(m.withParagraphAdded(body)))
        case "para_cut": return (text(body), text(m.withParagraphCut(body)))
        case "excerpt": return (text(body), text(m.excerpt(body)))
        case "promo": return (text(body), text(m.withPromoLines(body)))
        case "doubled": return (text(body), text(m.doubled(body)))
        case "variants": return (text(body), text(m.withVariants(body)))
        case "credit": return (text(body), text(m.withCredits(body)))
        case "word_edits": return (text(body), text(m.withWordEdits(body)))
        default:  // mixed: what a second outlet typically does, several changes at once
            var copy = m.withWordEdits(body)
            if m.random.chance(0.5) { copy = m.random.chance(0.5) ? m.withParagraphCut(copy) : m.withParagraphAdded(copy) }
            copy = m.withVariants(copy)
            if m.random.chance(0.5) { copy = m.withPromoLines(copy) }
            if m.random.chance(0.5) { copy = m.withCredits(copy) }
            copy = [m.editedHeadline(article.title)] + m.withFurniture(copy)
            return (text(m.withFurniture([article.title] + body)), text(copy))
        }
    }

    private func negative(
        _ kind: String, _ article: PairCorpus.Article, _ others: [PairCorpus.Article], _ m: inout PairMutations
    ) -> (String, String) {
        let other = others[0]
        switch kind {
        case "different", "same_topic":
            return (text([article.title] + article.paragraphs), text([other.title] + other.paragraphs))
        case "same_site":
            // One outlet's template around two different stories: the same furniture and promo lines.
            var site = m
            let a = m.withPromoLines(m.withFurniture(article.paragraphs))
            site.otherParagraphs = []
            let b = site.withPromoLines(site.withFurniture(other.paragraphs))
            return (text(a), text(b))
        default:
            // A story update: the lead (and for long stories the second paragraph) kept, the rest
            // new text (from same-topic articles) that is at least 60% of the update. Half the time
            // the first version is a short flash of the lead alone.
            let keep = article.paragraphs.count >= 6 ? 2 : 1
            let kept = Array(article.paragraphs.prefix(keep))
            let keptWords = kept.reduce(0) { $0 + $1.split(separator: " ").count }
            var added: [String] = []
            var addedWords = 0
            for paragraph in others.flatMap(\.paragraphs) where addedWords < keptWords * 3 / 2 + 20 {
                added.append(paragraph)
                addedWords += paragraph.split(separator: " ").count
            }
            let update = [m.editedHeadline(article.title)] + kept.prefix(1) + added + kept.dropFirst()
            let first = m.random.chance(0.5) ? [article.title] + kept : [article.title] + article.paragraphs
            return (text(first), text(update))
        }
    }
}
