import Foundation
import Testing

@testable import Feeds

/// A synthetic Arabic feed from `../shared/tools/gen_big_feed.py` written in windows-1256 and
/// in ISO-8859-6 reads to exactly the text of the same feed written in UTF-8.
@Suite(
    "Arabic legacy-charset round trip",
    .enabled(if: FileManager.default.fileExists(atPath: Corpus.tools.appendingPathComponent("gen_big_feed.py").path)
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs ../shared/tools/gen_big_feed.py and python3"))
struct ArabicRoundTripTests {
    static func generate(_ encoding: String, in directory: URL) throws -> Data {
        let output = directory.appendingPathComponent("ar-\(encoding).xml")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            Corpus.tools.appendingPathComponent("gen_big_feed.py").path, output.path, "--items", "60", "--seed", "7", "--lang", "ar",
            "--encoding", encoding,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try Data(contentsOf: output)
    }

    @Test("windows-1256 and ISO-8859-6 read to the same text as UTF-8", arguments: ["windows-1256", "iso-8859-6"])
    func roundTrip(_ encoding: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-ar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let legacyBytes = try Self.generate(encoding, in: directory)
        let utf8Bytes = try Self.generate("utf-8", in: directory)
        #expect(String(data: legacyBytes, encoding: .utf8) == nil, "the file must really be \(encoding)")

        let legacy = try FeedParser.parse(legacyBytes, url: nil, contentType: nil)
        let utf8 = try FeedParser.parse(utf8Bytes, url: nil, contentType: nil)
        #expect(legacy.isWellFormed && utf8.isWellFormed)
        #expect(legacy.charset == (encoding == "windows-1256" ? "WINDOWS-1256" : "ISO-8859-6"))
        #expect(legacy.items.count == 60)
        #expect(legacy.title == utf8.title)
        #expect(legacy.items.map(\.title) == utf8.items.map(\.title))
        #expect(legacy.items.map(\.summaryText) == utf8.items.map(\.summaryText))
        #expect(legacy.items.map(\.content) == utf8.items.map(\.content))
        #expect(legacy.items.map(\.authors) == utf8.items.map(\.authors))
        #expect(legacy.items.map(\.categories) == utf8.items.map(\.categories))
        #expect(legacy.items.map(\.published) == utf8.items.map(\.published))
        let letters = legacy.items.compactMap(\.title).joined().unicodeScalars.filter { (0x0621...0x064A).contains($0.value) }
        #expect(letters.count > 1000, "the titles are Arabic")
        #expect(FeedJSON.encode(legacy).count > 0)
    }
}
