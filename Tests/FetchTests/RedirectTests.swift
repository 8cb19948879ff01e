import FeedFarm
import Foundation
import Testing

@testable import Fetch

@Suite struct RedirectTests {
    @Test func redirectIsFollowedAndOnlyFinalHeadersRemain() throws {
        let server = try HTTPServer { request in
            switch request.path {
            case "/old": .status(301, headers: [("Location", "/middle"), ("X-Hop", "old")])
            case "/middle": .status(302, headers: [("Location", "/new"), ("X-Hop", "middle")])
            default: .ok("final", contentType: "text/plain", headers: [("X-Final", "yes")])
            }
        }
        let response = try #require(try fetchOnce(server.baseURL + "/old").response())
        #expect(response.status == 200)
        #expect(response.requestedURL == server.baseURL + "/old")
        #expect(response.effectiveURL == server.baseURL + "/new")
        #expect(response.redirectCount == 2)
        #expect(String(decoding: response.body, as: UTF8.self) == "final")
        #expect(response.headers["X-Final"] == "yes")
        #expect(response.headers["X-Hop"] == nil)
        #expect(response.headers["Location"] == nil)
        #expect(server.requests.map(\.target) == ["/old", "/middle", "/new"])
    }

    @Test func redirectLoopIsTooManyRedirects() throws {
        let server = try HTTPServer { request in
            .status(302, headers: [("Location", request.path == "/a" ? "/b" : "/a")])
        }
        let error = try #require(try fetchOnce(server.baseURL + "/a", configuration: testConfiguration(maxRedirects: 3)).error())
        #expect(error.code == .tooManyRedirects)
        #expect(error.message.hasPrefix("\(server.baseURL)/a: more than 3 redirects"))
        #expect(server.requests.count == 4)
    }

    @Test func redirectToAnotherSchemeIsRefused() throws {
        let server = try HTTPServer { _ in .status(302, headers: [("Location", "ftp://127.0.0.1/feed.xml")]) }
        let error = try #require(try fetchOnce(server.baseURL + "/feed").error())
        #expect(error.code == .unsupportedScheme)
        #expect(error.message.contains("redirected to a scheme other than http or https"))
    }
}
