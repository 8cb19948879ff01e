import FeedFarm
import Foundation
import Testing

@testable import Fetch

@Suite struct ConditionalGetTests {
    @Test func etagRoundTripGetsNotModified() throws {
        let etag = "\"v1-abc\""
        let server = try HTTPServer { request in
            request.header("If-None-Match") == etag
                ? .status(304, headers: [("ETag", etag)])
                : .ok("<feed/>", contentType: "application/atom+xml", headers: [("ETag", etag)])
        }
        let fetcher = try HTTPFetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }

        let first = try #require(fetcher.fetch(FetchRequest(url: server.baseURL + "/atom")).response())
        #expect(first.status == 200)
        #expect(first.etag == etag)
        #expect(first.body.count == 7)

        let second = try #require(
            fetcher.fetch(FetchRequest(url: server.baseURL + "/atom", etag: first.etag)).response())
        #expect(second.isNotModified)
        #expect(second.body.isEmpty)

        let seen = server.requests
        #expect(seen.count == 2)
        #expect(seen.first?.header("If-None-Match") == nil)
        #expect(seen.last?.header("If-None-Match") == etag)
        #expect(seen.last?.header("If-Modified-Since") == nil)
    }

    @Test func lastModifiedRoundTripGetsNotModified() throws {
        let stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
        let server = try HTTPServer { request in
            request.header("If-Modified-Since") == stamp
                ? .status(304)
                : .ok("<rss/>", contentType: "application/rss+xml", headers: [("Last-Modified", stamp)])
        }
        let fetcher = try HTTPFetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }

        let first = try #require(fetcher.fetch(FetchRequest(url: server.baseURL + "/rss")).response())
        #expect(first.status == 200)
        #expect(first.lastModified == stamp)

        let second = try #require(
            fetcher.fetch(FetchRequest(url: server.baseURL + "/rss", lastModified: first.lastModified)).response())
        #expect(second.status == 304)
        #expect(second.isNotModified)
        #expect(server.requests.last?.header("If-Modified-Since") == stamp)
        #expect(server.requests.last?.header("If-None-Match") == nil)
    }

    @Test func validatorWithLineBreakIsNotSent() throws {
        let server = try HTTPServer { _ in .ok("x", contentType: "text/plain") }
        let fetcher = try HTTPFetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let request = FetchRequest(url: server.baseURL + "/", etag: "\"a\"\r\nX-Injected: yes")
        #expect(fetcher.fetch(request).response()?.status == 200)
        #expect(server.requests.last?.header("X-Injected") == nil)
        #expect(server.requests.last?.header("If-None-Match") == nil)
    }
}
