import FeedFarm
import Foundation
import Testing

@testable import Fetch

/// Servers that answer badly: each gives a clear error, none hangs or crashes the fetcher.
@Suite struct MalformedResponseTests {
    @Test func connectionResetIsATransferError() throws {
        let server = try HTTPServer { _ in HTTPResponse(status: 200, body: .reset) }
        defer { server.stop() }
        let error = try #require(try fetchOnce(server.baseURL + "/feed").error())
        #expect([.transfer, .connectionFailed].contains(error.code), "\(error)")
        #expect(error.message.contains(server.baseURL))
    }

    @Test func bodyShorterThanItsContentLengthIsATransferError() throws {
        let raw = Array("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nContent-Type: text/xml\r\n\r\n<rss>".utf8)
        let server = try HTTPServer { _ in HTTPResponse(status: 200, body: .raw(raw)) }
        defer { server.stop() }
        let error = try #require(try fetchOnce(server.baseURL).error())
        #expect(error.code == .transfer, "\(error)")
    }

    @Test func bodyLongerThanItsContentLengthIsCutToIt() throws {
        let raw = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n<rss>and more".utf8)
        let server = try HTTPServer { _ in HTTPResponse(status: 200, body: .raw(raw)) }
        defer { server.stop() }
        let response = try #require(try fetchOnce(server.baseURL).response())
        #expect(response.body == Data("<rss>".utf8))
    }

    @Test func headerValuesLoseTheSpacesAndTabsAroundThemAndLatin1BytesAreKept() throws {
        let raw = Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Spaced: \t  padded \t value\t \r\nETag:\"v1\"\r\nX-Empty:  \r\n".utf8)
            + Array("X-Latin: caf".utf8) + [0xE9] + Array("\r\nConnection: close\r\n\r\n<rss>".utf8)
        let server = try HTTPServer { _ in HTTPResponse(status: 200, body: .raw(raw)) }
        defer { server.stop() }
        let response = try #require(try fetchOnce(server.baseURL).response())
        #expect(response.headers["x-spaced"] == "padded \t value")
        #expect(response.headers["ETag"] == "\"v1\"")
        #expect(response.headers["X-Empty"] == "")
        #expect(response.headers["X-Latin"] == "café")
        #expect(response.body == Data("<rss>".utf8))
    }

    @Test func garbageInsteadOfHTTPIsAnError() throws {
        let server = try HTTPServer { _ in HTTPResponse(status: 200, body: .raw(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8))) }
        defer { server.stop() }
        #expect(try fetchOnce(server.baseURL).error() != nil)
    }

    @Test func stalledBodyTimesOut() throws {
        let server = try HTTPServer { _ in
            HTTPResponse(status: 200, headers: [("Content-Type", "text/xml")], body: .stream { write in
                try? write(Array("<rss><channel>".utf8))
                Thread.sleep(forTimeInterval: 3)
            })
        }
        defer { server.stop() }
        let started = Date()
        let error = try #require(try fetchOnce(server.baseURL, configuration: testConfiguration(timeout: 1)).error())
        #expect(error.code == .timedOut)
        #expect(Date().timeIntervalSince(started) < 2.5)
    }
}
