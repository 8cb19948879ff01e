import ArgumentParser
import Dedupe
import Foundation

/// `newsd-bench dedupe-pairs`: decides, for each pair of article texts on stdin, whether `b`
/// is a copy of `a`, with exactly the production path: normalise and fingerprint both,
/// insert `a` into a `NearDuplicateIndex`, look `b` up, verify the candidate with
/// `DuplicateRule`. Prints `1` or `0` per line.
struct DedupePairs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe-pairs",
        abstract: "Read JSON lines {\"id\", \"a\", \"b\", \"lang\"} on stdin; print 1 (duplicate) or 0 per line.",
        discussion: """
            Texts are article bodies, one paragraph per line. With --score, lines that also carry "label" and "kind" \
            (as dedupe-pairs-gen writes them) are scored: precision, recall and F1 overall, per language and per kind \
            go to stderr.
            """)

    @Flag(help: "Score against the lines' \"label\" and print the tables to stderr.") var score = false
    @Option(help: "Also write, per pair, id, lang, kind, label, candidate, exact, jaccard, containment, shingle counts, MinHash estimate as TSV.")
    var similarities: String?
    @Option(help: "Words per shingle (measurement only).") var shingleSize = FingerprintParameters.standard.shingleSize
    @Option(help: "LSH bands (measurement only).") var bands = FingerprintParameters.standard.bands
    @Option(help: "LSH rows per band (measurement only).") var rows = FingerprintParameters.standard.rows

    struct Line: Decodable {
        var id: String
        var a: String
        var b: String
        var lang: String?
        var kind: String?
        var label: Int?
    }

    func run() throws {
        let parameters = FingerprintParameters(shingleSize: shingleSize, bands: bands, rows: rows)
        let fingerprinter = Fingerprinter(parameters: parameters)
        let decoder = JSONDecoder()
        var scores = PairScores()
        var table = ""
        var output = ""
        while let raw = readLine(strippingNewline: true) {
            guard !raw.isEmpty else { continue }
            let line = try decoder.decode(Line.self, from: Data(raw.utf8))
            let a = fingerprinter.fingerprint(title: nil, paragraphs: Self.paragraphs(line.a))
            let b = fingerprinter.fingerprint(title: nil, paragraphs: Self.paragraphs(line.b))
            var index = NearDuplicateIndex(parameters: parameters)
            index.insert(id: 1, a)
            let candidates = index.candidates(for: b, limit: DuplicateRule.maxVerifiedCandidates)
            let candidate = candidates.contains(1)
            let duplicate = DuplicateRule.firstMatch(for: b, among: candidates.map { (id: $0, fingerprint: a) })?.id == 1
            output += duplicate ? "1\n" : "0\n"
            if output.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
            if let label = line.label, score {
                scores.add(predicted: duplicate, label: label == 1, lang: line.lang ?? "?", kind: line.kind ?? "?")
            }
            if similarities != nil {
                let s = DuplicateRule.similarity(stored: a, new: b)
                table += "\(line.id)\t\(line.lang ?? "")\t\(line.kind ?? "")\t\(line.label ?? -1)\t\(candidate ? 1 : 0)\t"
                table += "\(a.exactHash == b.exactHash && !a.isEmpty ? 1 : 0)\t\(s.jaccard)\t\(s.containment)\t\(s.sharedShingles)\t\(s.storedShingles)\t\(s.newShingles)\t"
                table += "\(Double(zip(a.signature, b.signature).filter { $0 == $1 }.count) / Double(max(1, a.signature.count)))\n"
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if let similarities {
            try ("id\tlang\tkind\tlabel\tcandidate\texact\tjaccard\tcontainment\tshared\tstored\tnew\tminhash\n" + table)
                .write(toFile: similarities, atomically: true, encoding: .utf8)
        }
        if score { FileHandle.standardError.write(Data(scores.report(parameters: parameters).utf8)) }
    }

    /// An article text's paragraphs: its non-empty lines.
    static func paragraphs(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map(String.init)
    }
}

/// Precision, recall and F1 of pair decisions, overall and per group.
struct PairScores {
    struct Counts {
        var truePositive = 0
        var falsePositive = 0
        var falseNegative = 0
        var trueNegative = 0

        var total: Int { truePositive + falsePositive + falseNegative + trueNegative }
        var precision: Double { truePositive + falsePositive == 0 ? 1 : Double(truePositive) / Double(truePositive + falsePositive) }
        var recall: Double { truePositive + falseNegative == 0 ? 1 : Double(truePositive) / Double(truePositive + falseNegative) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        var accuracy: Double { total == 0 ? 0 : Double(truePositive + trueNegative) / Double(total) }

        mutating func add(predicted: Bool, label: Bool) {
            switch (predicted, label) {
            case (true, true): truePositive += 1
            case (true, false): falsePositive += 1
            case (false, true): falseNegative += 1
            case (false, false): trueNegative += 1
            }
        }
    }

    var overall = Counts()
    var byLanguage: [String: Counts] = [:]
    var byKind: [String: Counts] = [:]

    mutating func add(predicted: Bool, label: Bool, lang: String, kind: String) {
        overall.add(predicted: predicted, label: label)
        byLanguage[lang, default: Counts()].add(predicted: predicted, label: label)
        byKind[kind, default: Counts()].add(predicted: predicted, label: label)
    }

    func report(parameters: FingerprintParameters) -> String {
        var out = "dedupe-pairs: \(parameters)\n"
        out += "| group | pairs | TP | FP | FN | TN | precision | recall | F1 | accuracy |\n|---|---|---|---|---|---|---|---|---|---|\n"
        func row(_ name: String, _ c: Counts) {
            out += "| \(name) | \(c.total) | \(c.truePositive) | \(c.falsePositive) | \(c.falseNegative) | \(c.trueNegative) | "
            out += "\(format(c.precision)) | \(format(c.recall)) | \(format(c.f1)) | \(format(c.accuracy)) |\n"
        }
        row("all", overall)
        for (lang, counts) in byLanguage.sorted(by: { $0.key < $1.key }) { row("lang \(lang)", counts) }
        for (kind, counts) in byKind.sorted(by: { $0.key < $1.key }) { row("kind \(kind)", counts) }
        return out
    }

    private func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
