import Dedupe
import Testing

@Suite struct NearDuplicateIndexTests {
    let fingerprinter = Fingerprinter()

    /// Distinct articles of pseudo-random words (a fixed sequence per number), so each has its
    /// own shingles.
    func article(_ number: Int) -> Fingerprint {
        var state = UInt64(number) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let paragraphs = (0..<4).map { _ in
            (0..<12).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return "w\(state >> 44)"
            }.joined(separator: " ")
        }
        return fingerprinter.fingerprint(title: nil, paragraphs: paragraphs)
    }

    @Test func findsTheCopyAndNotTheOthers() {
        var index = NearDuplicateIndex()
        index.insert(id: 10, fingerprinter.fingerprint(title: nil, paragraphs: Fixtures.englishPort))
        index.insert(id: 11, fingerprinter.fingerprint(title: nil, paragraphs: Fixtures.arabicMarathon))
        index.insert(id: 12, fingerprinter.fingerprint(title: nil, paragraphs: Fixtures.englishPortOther))
        let copy = fingerprinter.fingerprint(title: nil, paragraphs: ["Advertisement"] + Fixtures.englishPort.dropLast() + ["Read more: Storm warning"])
        #expect(index.candidates(for: copy) == [10])
        let arabicCopy = fingerprinter.fingerprint(title: nil, paragraphs: Fixtures.arabicMarathon.map(Fixtures.arabicVariant))
        #expect(index.candidates(for: arabicCopy) == [11])
        #expect(index.candidates(for: fingerprinter.fingerprint(title: nil, paragraphs: Fixtures.arabicMarathonOther)).isEmpty)
        #expect(index.count == 3)
    }

    @Test func candidatesAcrossMergesAndBulkLoading() {
        // Enough single inserts to merge the pending buffers several times.
        var index = NearDuplicateIndex()
        for number in 0..<2500 { index.insert(id: Int64(number) + 5000, article(number)) }
        var bulk = NearDuplicateIndex()
        let inserted = bulk.insert(contentsOf: (0..<2500).map { (id: Int64($0) + 5000, fingerprint: article($0)) })
        #expect(inserted == 2500)
        for number in [0, 1, 500, 1023, 1024, 2047, 2048, 2499] {
            #expect(index.candidates(for: article(number)) == [Int64(number) + 5000])
            #expect(bulk.candidates(for: article(number)) == [Int64(number) + 5000])
        }
    }

    @Test func aLimitKeepsTheCandidatesSharingTheMostBandsInIndexOrder() {
        // Copies of one text with none to seven of its eight paragraphs rewritten: the closer
        // ones share more bands.
        let base = (0..<8).map { paragraph in (0..<14).map { "p\(paragraph)w\($0)" }.joined(separator: " ") }
        var index = NearDuplicateIndex()
        for variant in 0..<40 {
            var paragraphs = base
            for changed in 0..<(variant % 8) {
                paragraphs[changed] = (0..<14).map { "v\(variant)c\(changed)w\($0)" }.joined(separator: " ")
            }
            index.insert(id: Int64(100 + variant), fingerprinter.fingerprint(title: nil, paragraphs: paragraphs))
        }
        let query = fingerprinter.fingerprint(title: nil, paragraphs: base)
        let all = index.candidates(for: query)
        #expect(all.count > 20)  // the most rewritten ones may share no band at all
        #expect(all == all.sorted())
        let best = index.candidates(for: query, limit: 5)
        #expect(best.count == 5)
        #expect(best == best.sorted())
        // The unchanged copies (variants 0, 8, 16, 24, 32) share every band.
        #expect(best == [100, 108, 116, 124, 132])
        #expect(index.candidates(for: query, limit: 0).isEmpty)
        // Ranked by bands shared, then index order: every limit keeps what a smaller one kept.
        var previous: [Int64] = []
        for limit in 1...all.count {
            let kept = index.candidates(for: query, limit: limit)
            #expect(kept.count == limit)
            #expect(kept == kept.sorted())
            #expect(Set(previous).isSubset(of: kept), "limit \(limit)")
            previous = kept
        }
        #expect(previous == all)
    }

    @Test func crowdedKeysArePassedOverUnlessTheQueryHasNoOther() {
        // Five articles print the same boilerplate text; another (id 20) carries it beside a
        // story of its own, and shares some of its band keys with the five.
        let boilerplate = (0..<4).map { paragraph in (0..<14).map { "b\(paragraph)w\($0)" }.joined(separator: " ") }
        let story = (0..<4).map { paragraph in (0..<14).map { "s\(paragraph)w\($0)" }.joined(separator: " ") }
        var crowded = NearDuplicateIndex(crowdedKey: 3)
        var open = NearDuplicateIndex()
        for id in 1...5 {
            crowded.insert(id: Int64(id), fingerprinter.fingerprint(title: nil, paragraphs: boilerplate))
            open.insert(id: Int64(id), fingerprinter.fingerprint(title: nil, paragraphs: boilerplate))
        }
        let both = fingerprinter.fingerprint(title: nil, paragraphs: boilerplate + story)
        crowded.insert(id: 20, both)
        open.insert(id: 20, both)
        #expect(crowded.crowdedKey == 3 && open.crowdedKey == 1000)
        #expect(open.candidates(for: both) == [1, 2, 3, 4, 5, 20])
        // Its own keys find it; the boilerplate's, held by six articles, are passed over.
        #expect(crowded.candidates(for: both) == [20])
        // A query whose every key is crowded gathers them all.
        let copy = fingerprinter.fingerprint(title: nil, paragraphs: boilerplate)
        #expect(crowded.candidates(for: copy).starts(with: [1, 2, 3, 4, 5]))
        #expect(crowded.candidates(for: copy) == open.candidates(for: copy))
    }

    @Test func memoryPerArticleStaysSmall() {
        var index = NearDuplicateIndex()
        let inserted = index.insert(contentsOf: (0..<2000).map { (id: Int64($0), fingerprint: article($0)) })
        #expect(inserted == 2000)
        let perArticle = index.memoryBytes / index.count
        // 16 bands × 8 bytes, the id, the directory, pending buffers' fixed capacity.
        #expect(perArticle >= 16 * 8 && perArticle <= 220, "\(perArticle) bytes per article")
    }

    @Test func removeTakesAnArticleOutAndCompacts() {
        var index = NearDuplicateIndex()
        for number in 0..<100 { index.insert(id: Int64(number), article(number)) }
        let removed = index.remove(id: 7, fingerprint: article(7))
        let removedAgain = index.remove(id: 7, fingerprint: article(7))
        let removedWithWrongFingerprint = index.remove(id: 8, fingerprint: article(9))
        #expect(removed && !removedAgain && !removedWithWrongFingerprint)
        #expect(index.candidates(for: article(7)).isEmpty)
        let removedMany = (20..<60).filter { index.remove(id: Int64($0), fingerprint: article($0)) }
        #expect(removedMany.count == 40)
        #expect(index.count == 59)
        // After compaction the remaining articles are still found under their ids.
        for number in [0, 8, 19, 60, 99] { #expect(index.candidates(for: article(number)) == [Int64(number)]) }
    }

    @Test func emptyAndForeignFingerprintsAreNotIndexed() {
        var index = NearDuplicateIndex()
        let insertedEmpty = index.insert(id: 1, fingerprinter.fingerprint(title: nil, paragraphs: []))
        let other = Fingerprinter(parameters: FingerprintParameters(shingleSize: 3, bands: 8, rows: 2))
        let insertedForeign = index.insert(id: 2, other.fingerprint(title: nil, paragraphs: Fixtures.englishPort))
        #expect(!insertedEmpty && !insertedForeign)
        #expect(index.count == 0)
        #expect(index.candidates(for: other.fingerprint(title: nil, paragraphs: Fixtures.englishPort)).isEmpty)
    }
}
