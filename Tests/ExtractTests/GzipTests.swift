import FeedFarm
import Foundation
import Markup
import Testing

@Suite("gzip decompression")
struct GzipTests {
    func gzip(_ data: Data) throws -> Data { try SystemGzip.compress(data) }

    @Test("round trip of an Arabic page, and of two concatenated members")
    func roundTrip() throws {
        let page = Data("<html><body><p>قَالَ الوزير إن المحادثات ستُستأنف</p></body></html>".utf8)
        let compressed = try gzip(page)
        #expect(Gzip.isCompressed(compressed))
        #expect(!Gzip.isCompressed(page))
        #expect(try Gzip.decompress(compressed) == page)
        #expect(try Gzip.decompress(compressed + compressed) == page + page)
    }

    @Test("truncated or corrupt streams and bombs past the limit are errors")
    func failures() throws {
        let compressed = try gzip(Data(repeating: 0x41, count: 1 << 20))
        #expect(throws: MarkupError.self) { try Gzip.decompress(compressed.prefix(compressed.count / 2)) }
        var corrupt = compressed
        corrupt[20] ^= 0xFF
        corrupt[21] ^= 0xFF
        #expect(throws: MarkupError.self) { try Gzip.decompress(corrupt) }
        #expect(throws: MarkupError.self) { try Gzip.decompress(compressed, limit: 4096) }
        #expect(try Gzip.decompress(compressed).count == 1 << 20)
    }
}
