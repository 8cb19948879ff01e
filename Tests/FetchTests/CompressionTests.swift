import FeedFarm
import Foundation
import Testing

@testable import Fetch

@Suite struct CompressionTests {
    private func gzip(_ bytes: [UInt8]) throws -> [UInt8] { Array(try SystemGzip.compress(Data(bytes))) }

    @Test func gzipBodyIsDecoded() throws {
        let plain = Array(String(repeating: "<item><title>خبر عاجل</title></item>\n", count: 500).utf8)
        let compressed = try gzip(plain)
        #expect(compressed.count < plain.count / 10)
        #expect(compressed.starts(with: [0x1F, 0x8B]))
        let server = try HTTPServer { request in
            guard request.header("Accept-Encoding")?.contains("gzip") == true else {
                return .ok(plain, contentType: "application/rss+xml")
            }
            return .ok(compressed, contentType: "application/rss+xml", headers: [("Content-Encoding", "gzip")])
        }
        let response = try #require(try fetchOnce(server.baseURL + "/rss").response())
        #expect(response.headers["Content-Encoding"] == "gzip")
        #expect(Array(response.body) == plain)
    }

    @Test func bodyLimitCountsDecompressedBytes() throws {
        let plain = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024)
        let compressed = try gzip(plain)
        #expect(compressed.count < 1024)
        let server = try HTTPServer { _ in
            .ok(compressed, contentType: "text/plain", headers: [("Content-Encoding", "gzip")])
        }
        let error = try #require(try fetchOnce(server.baseURL + "/bomb", configuration: testConfiguration(maxBodyBytes: 4096)).error())
        #expect(error.code == .tooLarge)
        #expect(error.message == "\(server.baseURL)/bomb: body larger than 4 KiB limit (after gzip decoding)")
    }
}
