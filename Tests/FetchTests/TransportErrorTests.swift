import FeedFarm
import Foundation
import Testing

@testable import Fetch

@Suite struct TransportErrorTests {
    @Test func slowServerTimesOut() throws {
        let server = try HTTPServer { _ in
            Thread.sleep(forTimeInterval: 2)
            return .ok("late", contentType: "text/plain")
        }
        let started = Date()
        let error = try #require(try fetchOnce(server.baseURL + "/slow", configuration: testConfiguration(timeout: 1)).error())
        let waited = Date().timeIntervalSince(started)
        #expect(error.code == .timedOut)
        #expect(error.message.hasPrefix("\(server.baseURL)/slow: timed out (limits: 2 s to connect, 1 s in all)"))
        #expect(error.message.contains("curl error 28"))
        #expect(waited >= 0.9 && waited < 1.9)
    }

    @Test func nothingListeningIsConnectionFailed() throws {
        let url = "http://127.0.0.1:\(try closedPort())/feed"
        let error = try #require(try fetchOnce(url).error())
        #expect(error.code == .connectionFailed)
        #expect(error.url == url)
        #expect(error.message.hasPrefix("\(url): could not connect: "))
        #expect(error.message.contains("curl error 7"))
    }

    @Test(arguments: ["ftp://127.0.0.1/feed.xml", "file:///etc/passwd", "gopher://127.0.0.1/", "FILE:///etc/hosts"])
    func otherSchemesAreUnsupported(url: String) throws {
        let error = try #require(try fetchOnce(url).error())
        #expect(error.code == .unsupportedScheme)
        #expect(error.message.hasPrefix("\(url): unsupported scheme"))
        #expect(error.description == error.message)
    }

    @Test(arguments: ["not a url", "/relative/path", "http://", "http://exa mple.org/", ""])
    func malformedURLsAreInvalid(url: String) throws {
        let error = try #require(try fetchOnce(url).error())
        #expect(error.code == .invalidURL)
        #expect(error.message.hasPrefix("\(url): "))
    }

    @Test func serverHangingUpIsTransferError() throws {
        let server = try HTTPServer { _ in
            HTTPResponse(status: 200, headers: [("Content-Length", "1000")], body: .stream { write in try? write([65]) })
        }
        let error = try #require(try fetchOnce(server.baseURL + "/cut").error())
        #expect(error.code == .transfer)
        #expect(error.message.hasPrefix("\(server.baseURL)/cut: transfer failed"))
    }
}
