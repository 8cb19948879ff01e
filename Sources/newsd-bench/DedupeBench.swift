import ArgumentParser
import Dedupe
import FeedFarm
import Foundation

/// `newsd-bench dedupe-bench`: documents per second per core for the near-duplicate path
/// (normalise ▸ fingerprint ▸ index query ▸ verify) with 100,000 articles already indexed,
/// beside datasketch's MinHashLSH doing the same work in the same run, and the index's memory
/// per article.
struct DedupeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe-bench",
        abstract: "Benchmark near-duplicate detection against an index of synthetic articles, beside datasketch.",
        discussion: """
            The indexed articles are synthesised from the shared corpora (Arabic and English word chains, 40% \
            Arabic); half the queries are syndicated copies of indexed articles, half new articles. One thread; \
            times are the thread's CPU time (the machine is shared). The datasketch side (python3 with `pip install \
            datasketch`) uses the same shingles (3 words within a paragraph, after an equivalent Python \
            normalisation), the same signature length and bands × rows, and verifies its candidates with exact \
            set overlap and the same rule; its timed runs alternate with newsd's.
            """)

    @Option(help: "The shared corpus folder.") var corpus = "../shared/corpus"
    @Option(help: "Articles in the index.") var indexed = 100_000
    @Option(help: "Query articles per run.") var queries = 4000
    @Option(help: "Timed runs (the median is reported).") var runs = 5
    @Option(help: "Random seed.") var seed: UInt64 = 7
    @Flag(help: "Skip the datasketch comparison.") var noDatasketch = false
    @Option(help: ArgumentHelp("Only fingerprint the queries this many times (for a profiler).", visibility: .hidden))
    var profileFingerprints = 0
    @Option(help: "Words per shingle (measurement only).") var shingleSize = FingerprintParameters.standard.shingleSize
    @Option(help: "LSH bands (measurement only).") var bands = FingerprintParameters.standard.bands
    @Option(help: "LSH rows per band (measurement only).") var rows = FingerprintParameters.standard.rows

    func run() throws {
        let parameters = FingerprintParameters(shingleSize: shingleSize, bands: bands, rows: rows)
        let corpus = try PairCorpus(directory: corpus)
        var random = SeededRandom(seed: seed)
        let synthesis = ArticleSynthesis(corpus: corpus)
        let documents = (0..<indexed).map { _ in synthesis.article(&random) }
        let queryDocuments = (0..<queries).map { index -> [String] in
            if index % 2 == 0 { return synthesis.article(&random) }
            return synthesis.syndicatedCopy(of: documents.randomElement(using: &random)!, random: &random)
        }
        if profileFingerprints > 0 {
            // Only fingerprinting, for a profiler: nothing else runs.
            let fingerprinter = Fingerprinter(parameters: parameters)
            var total = 0
            let start = threadCPUSeconds()
            for _ in 0..<profileFingerprints {
                for document in queryDocuments { total &+= fingerprinter.fingerprint(title: nil, paragraphs: document).shingles.count }
            }
            let each = seconds(since: start) / Double(profileFingerprints * queries)
            report("fingerprinted \(profileFingerprints * queries) articles (\(total) shingles): \(micro(each)) µs each")
            return
        }
        let words = documents.reduce(0) { $0 + $1.reduce(0) { $0 + $1.split(separator: " ").count } }
        report("corpus: \(indexed) indexed articles (\(words / indexed) words on average), \(queries) queries, \(parameters)")

        // Fingerprint the indexed articles, keep their stored form, and load the index from it
        // as the daemon does at start.
        let fingerprinter = Fingerprinter(parameters: parameters)
        var clock = threadCPUSeconds()
        let stored = documents.map { fingerprinter.fingerprint(title: nil, paragraphs: $0).bytes }
        let fingerprintSeconds = seconds(since: clock)
        clock = threadCPUSeconds()
        let fingerprints = try stored.map { try Fingerprint(bytes: $0) }
        var index = NearDuplicateIndex(parameters: parameters)
        index.insert(contentsOf: fingerprints.enumerated().map { (id: Int64($0.offset), fingerprint: $0.element) })
        let loadSeconds = seconds(since: clock)
        let storedBytes = stored.reduce(0) { $0 + $1.count }
        report("fingerprinting the index: \(Int(Double(indexed) / fingerprintSeconds)) articles/s; loading \(indexed) stored fingerprints into the index: \(format(loadSeconds)) s")
        report("index memory: \(index.memoryBytes) bytes, \(index.memoryBytes / index.count) bytes per article; stored fingerprint: \(storedBytes / indexed) bytes per article on average")

        // Where the time goes, per step.
        var clock2 = threadCPUSeconds()
        let normalizer = TextNormalizer()
        var normalizedBytes = 0
        for document in queryDocuments { normalizedBytes += normalizer.normalizeParagraphs(document).count }
        let normalizeTime = seconds(since: clock2) / Double(queries)
        clock2 = threadCPUSeconds()
        let queryFingerprints = queryDocuments.map { fingerprinter.fingerprint(title: nil, paragraphs: $0) }
        let fingerprintTime = seconds(since: clock2) / Double(queries)
        clock2 = threadCPUSeconds()
        let queryCandidates = queryFingerprints.map { index.candidates(for: $0, limit: DuplicateRule.maxVerifiedCandidates) }
        let candidateTime = seconds(since: clock2) / Double(queries)
        clock2 = threadCPUSeconds()
        var verified = 0
        for (fingerprint, candidates) in zip(queryFingerprints, queryCandidates)
        where DuplicateRule.firstMatch(for: fingerprint, among: candidates.map { (id: $0, fingerprint: fingerprints[Int($0)]) }) != nil {
            verified += 1
        }
        let verifyTime = seconds(since: clock2) / Double(queries)
        report("per article: normalise alone \(micro(normalizeTime)) µs; fingerprint (normalise included) \(micro(fingerprintTime)) µs; index query \(micro(candidateTime)) µs; verify \(micro(verifyTime)) µs (\(normalizedBytes + verified > 0 ? "" : " "))")

        // New articles inserted one by one, as the daemon does after each commit (into a copy).
        var grown = index
        clock2 = threadCPUSeconds()
        for (offset, fingerprint) in queryFingerprints.prefix(2000).enumerated() { grown.insert(id: Int64(indexed + offset), fingerprint) }
        report("inserting \(min(2000, queries)) more articles one by one: \(micro(seconds(since: clock2) / Double(min(2000, queries)))) µs each")

        // The timed runs, newsd and datasketch alternating so both see the same machine load.
        let datasketch = noDatasketch ? nil : try DatasketchSession(documents: documents, queries: queryDocuments, parameters: parameters)
        if let datasketch { report("datasketch: \(datasketch.greeting)") }
        var rates: [Double] = []
        var ratios: [Double] = []
        var pythonRates: [Double] = []
        var outcome = (duplicates: 0, candidates: 0)
        for _ in 0..<runs {
            clock = threadCPUSeconds()
            outcome = (0, 0)
            for document in queryDocuments {
                let fingerprint = fingerprinter.fingerprint(title: nil, paragraphs: document)
                let candidates = index.candidates(for: fingerprint, limit: DuplicateRule.maxVerifiedCandidates)
                outcome.candidates += candidates.count
                if DuplicateRule.firstMatch(for: fingerprint, among: candidates.map { (id: $0, fingerprint: fingerprints[Int($0)]) }) != nil {
                    outcome.duplicates += 1
                }
            }
            rates.append(Double(queries) / seconds(since: clock))
            if let datasketch {
                let python = try datasketch.run()
                pythonRates.append(python.rate)
                ratios.append(rates.last! / python.rate)
                if ratios.count == 1 { report("datasketch: \(python.summary)") }
            }
        }
        report("newsd: \(Int(median(rates))) articles/s per CPU-second (median of \(runs): \(rates.map { String(Int($0)) }.joined(separator: ", "))); \(outcome.duplicates) of \(queries) queries duplicates, \(format(Double(outcome.candidates) / Double(queries))) candidates per query")
        guard let datasketch else { return }
        datasketch.finish()
        report("datasketch: \(Int(median(pythonRates))) articles/s per CPU-second (median of \(runs): \(pythonRates.map { String(Int($0)) }.joined(separator: ", ")))")
        report("newsd / datasketch: \(format(median(ratios)))× (median of the runs' ratios: \(ratios.map(format).joined(separator: ", ")))")
    }

    /// CPU seconds this thread has used since `start` (a `threadCPUSeconds()` reading): the machine is
    /// shared, so wall time would count other processes' turns.
    private func seconds(since start: Double) -> Double { threadCPUSeconds() - start }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
    private func micro(_ value: Double) -> String { String(format: "%.1f", value * 1e6) }
    private func report(_ line: String) { print(line) }
}

/// Synthetic articles for the benchmark index: sentences walked along a word bigram chain
/// built from the corpora's articles of one language, so vocabulary, word frequencies and
/// common phrases are those of real news while every article is new (copying whole
/// sentences would give 100,000 articles sharing sentences dozens of times each).
struct ArticleSynthesis {
    private var successors: [String: [String: [String]]] = [:]
    private var starts: [String: [String]] = [:]
    private var titles: [String: [String]] = [:]
    private var paragraphs: [String: [String]] = [:]

    init(corpus: PairCorpus) {
        for article in corpus.articles where article.lang == "ar" || article.lang == "en" {
            titles[article.lang, default: []].append(article.title)
            paragraphs[article.lang, default: []] += article.paragraphs
            var chain = successors[article.lang] ?? [:]
            for paragraph in article.paragraphs {
                let words = paragraph.split(separator: " ").map(String.init)
                for (index, word) in words.enumerated() {
                    if index == 0 || Self.endsSentence(words[index - 1]) { starts[article.lang, default: []].append(word) }
                    if index + 1 < words.count { chain[word, default: []].append(words[index + 1]) }
                }
            }
            successors[article.lang] = chain
        }
    }

    static func endsSentence(_ word: String) -> Bool {
        guard let last = word.unicodeScalars.last else { return false }
        return last == "." || last == "!" || last == "?" || last == "\u{061F}"
    }

    /// A new article: 40% Arabic, 3 to 10 paragraphs of 1 to 3 sentences.
    func article(_ random: inout SeededRandom) -> [String] {
        let lang = random.chance(0.4) ? "ar" : "en"
        return (0..<Int.random(in: 3...10, using: &random)).map { _ in
            (0..<Int.random(in: 1...3, using: &random)).map { _ in sentence(lang, &random) }.joined(separator: " ")
        }
    }

    private func sentence(_ lang: String, _ random: inout SeededRandom) -> String {
        let chain = successors[lang]!
        var word = starts[lang]!.randomElement(using: &random)!
        var words = [word]
        while words.count < 40 {
            guard let next = chain[word]?.randomElement(using: &random) else { break }
            words.append(next)
            word = next
            if Self.endsSentence(next) && words.count >= 8 { break }
        }
        return words.joined(separator: " ")
    }

    /// A copy of `article` as another outlet prints it: furniture, promo lines, spelling
    /// variants and a few word edits.
    func syndicatedCopy(of article: [String], random: inout SeededRandom) -> [String] {
        let lang = article.joined().unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) } ? "ar" : "en"
        var mutations = PairMutations(
            random: SeededRandom(seed: random.next()), otherTitles: titles[lang] ?? [], otherParagraphs: paragraphs[lang] ?? [],
            lang: lang)
        return mutations.withFurniture(mutations.withPromoLines(mutations.withVariants(mutations.withWordEdits(article))))
    }
}
