import FeedFarm
import Foundation
import Testing

@testable import Fetch

@Suite struct ResponseTests {
    @Test func okResponseCarriesBodyHeadersAndRequestHeaders() throws {
        let server = try HTTPServer { request in
            .ok("<rss/>", contentType: "application/rss+xml; charset=utf-8", headers: [("X-Feed", "one"), ("x-feed", "two")])
        }
        let fetcher = try HTTPFetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let result = fetcher.fetch(FetchRequest(url: server.baseURL + "/feed.xml", accept: "application/rss+xml"))
        let response = try #require(result.response())
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "<rss/>")
        #expect(response.contentType == "application/rss+xml; charset=utf-8")
        #expect(response.headers["content-type"] == "application/rss+xml; charset=utf-8")
        #expect(response.headers.values(for: "X-FEED") == ["one", "two"])
        #expect(response.headers["Content-Length"] == "6")
        #expect(response.requestedURL == server.baseURL + "/feed.xml")
        #expect(response.effectiveURL == server.baseURL + "/feed.xml")
        #expect(response.redirectCount == 0)
        #expect(response.elapsed > 0 && response.elapsed < 5)
        #expect(!response.isNotModified)

        let seen = try #require(server.requests.first)
        #expect(seen.method == "GET")
        #expect(seen.target == "/feed.xml")
        #expect(seen.header("User-Agent") == "newsd-tests/1.0")
        #expect(seen.header("Accept") == "application/rss+xml")
        #expect(seen.header("Accept-Encoding")?.contains("gzip") == true)
        #expect(seen.header("If-None-Match") == nil)
    }

    @Test func errorStatusesAreResponsesNotErrors() throws {
        let server = try HTTPServer { request in
            request.path == "/gone" ? .status(410) : .ok("busy", contentType: "text/plain").withStatus(503)
        }
        let fetcher = try HTTPFetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        #expect(fetcher.fetch(FetchRequest(url: server.baseURL + "/gone")).response()?.status == 410)
        let busy = try #require(fetcher.fetch(FetchRequest(url: server.baseURL + "/busy")).response())
        #expect(busy.status == 503)
        #expect(String(decoding: busy.body, as: UTF8.self) == "busy")
    }

    @Test func arabicBodyComesBackByteIdentical() throws {
        let text = "<title>أخبار اليوم: القدس — مُحَمَّد ـــ «إقرأ أيضاً:» ١٢٣</title>\n"
        let bytes = Array(String(repeating: text, count: 200).utf8)
        let server = try HTTPServer { _ in .ok(bytes, contentType: "text/html; charset=utf-8") }
        let response = try #require(try fetchOnce(server.baseURL + "/ar").response())
        #expect(Array(response.body) == bytes)
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("<title>أخبار اليوم"))
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        func response(_ value: String) -> FetchResponse {
            FetchResponse(
                requestedURL: "http://x/", effectiveURL: "http://x/", status: 429,
                headers: HTTPHeaders([(name: "Retry-After", value: value)]), body: Data(), elapsed: 0, redirectCount: 0)
        }
        #expect(response("120").retryAfter(relativeTo: now) == now.addingTimeInterval(120))
        #expect(response("Sun, 06 Nov 1994 08:49:37 GMT").retryAfter(relativeTo: now) == Date(timeIntervalSince1970: 784_111_777))
        #expect(response("soon").retryAfter(relativeTo: now) == nil)
        #expect(response("-5").retryAfter(relativeTo: now) == nil)
    }
}

extension HTTPResponse {
    func withStatus(_ status: Int) -> HTTPResponse {
        var copy = self
        copy.status = status
        return copy
    }
}
