import Dedupe
import Testing

@Suite struct FingerprintTests {
    let fingerprinter = Fingerprinter()

    @Test func roundTripsThroughBytes() throws {
        for body in [Fixtures.englishPort, Fixtures.arabicMarathon, ["One short line only"]] {
            let fingerprint = fingerprinter.fingerprint(title: nil, paragraphs: body)
            let decoded = try Fingerprint(bytes: fingerprint.bytes)
            #expect(decoded == fingerprint)
            #expect(decoded.bandKeys.count == FingerprintParameters.standard.bands)
        }
    }

    @Test func storedFormIsCompact() {
        let fingerprint = fingerprinter.fingerprint(title: nil, paragraphs: Fixtures.englishPort)
        let bytes = fingerprint.bytes
        #expect(bytes[0] == Fingerprint.formatVersion)
        // Header, the shingles in under 4.5 bytes each, the signature.
        #expect(bytes.count < 12 + 3 + fingerprint.shingles.count * 9 / 2 + fingerprint.signature.count * 4)
    }

    @Test func emptyArticleRoundTripsAndIsEmpty() throws {
        let fingerprint = fingerprinter.fingerprint(title: nil, paragraphs: ["", "  ", "—"])
        #expect(fingerprint.isEmpty)
        #expect(fingerprint.exactHash == 0)
        #expect(fingerprint.signature.isEmpty && fingerprint.bandKeys.isEmpty)
        #expect(try Fingerprint(bytes: fingerprint.bytes) == fingerprint)
    }

    @Test func oneNormalisationPassGivesTheSameFingerprintAndMatchingForm() {
        let normalizer = TextNormalizer()
        for (title, paragraphs) in [
            ("Port", Fixtures.englishPort), ("ماراثون", Fixtures.arabicMarathon.map(Fixtures.arabicVariant)),
            ("عنوان فقط", []), ("Title only", ["Read more: elsewhere"]),
        ] {
            let (fingerprint, matching) = fingerprinter.fingerprintAndMatchingParagraphs(title: title, paragraphs: paragraphs)
            #expect(fingerprint == fingerprinter.fingerprint(title: title, paragraphs: paragraphs))
            #expect(matching == normalizer.normalizeParagraphs(paragraphs))
        }
    }

    @Test func titleCountsOnlyWithoutABody() {
        let body = fingerprinter.fingerprint(title: "Port reopens", paragraphs: Fixtures.englishPort)
        let edited = fingerprinter.fingerprint(title: "UPDATE: Aden port reopens after four months", paragraphs: Fixtures.englishPort)
        #expect(body == edited)
        let titleOnly = fingerprinter.fingerprint(title: "Aden port reopens after four months", paragraphs: [])
        #expect(!titleOnly.isEmpty)
    }

    @Test(arguments: [
        ([UInt8](), "end early"),
        ([9, 3, 16, 2], "version 9"),
        ([1, 0, 16, 2], "invalid"),
        ([1, 3, 16, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7], "trailing"),
        ([1, 3, 16, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 0], "ascending"),
        ([1, 3, 16, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 5, 1, 2], "end early"),
    ])
    func refusesDamagedBytes(bytes: [UInt8], reason: String) {
        #expect {
            try Fingerprint(bytes: bytes)
        } throws: { error in
            (error as? Fingerprint.DecodingError)?.description.contains(reason) == true
        }
    }

    @Test func exactHashIgnoresSpellingButNotWords() {
        let plain = fingerprinter.fingerprint(title: nil, paragraphs: Fixtures.arabicMarathon)
        let variant = fingerprinter.fingerprint(title: nil, paragraphs: Fixtures.arabicMarathon.map(Fixtures.arabicVariant))
        #expect(plain.exactHash == variant.exactHash)
        #expect(plain.shingles == variant.shingles)
        var edited = Fixtures.arabicMarathon
        edited[2] = edited[2].replacingOccurrences(of: "كيني", with: "إثيوبي")
        #expect(fingerprinter.fingerprint(title: nil, paragraphs: edited).exactHash != plain.exactHash)
    }

    @Test func shinglesAreSortedUniqueAndStayWithinParagraphs() {
        let fingerprint = fingerprinter.fingerprint(title: nil, paragraphs: ["one two three four", "five six seven eight"])
        #expect(fingerprint.shingles == fingerprint.shingles.sorted())
        #expect(Set(fingerprint.shingles).count == fingerprint.shingles.count)
        // Two shingles per paragraph, none across the paragraph break (that would make six).
        #expect(fingerprint.shingles.count == 4)
    }

    @Test func signatureLengthFollowsTheParameters() {
        let parameters = FingerprintParameters(shingleSize: 4, bands: 8, rows: 3)
        let fingerprint = Fingerprinter(parameters: parameters).fingerprint(title: nil, paragraphs: Fixtures.englishPort)
        #expect(fingerprint.signature.count == 24)
        #expect(fingerprint.bandKeys.count == 8)
        #expect(fingerprint.parameters == parameters)
    }
}
