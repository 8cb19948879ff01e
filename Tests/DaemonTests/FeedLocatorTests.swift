import Control
@testable import Daemon
import Fetch
import Foundation
import Synchronization
import Testing

/// `feed.add`'s search for a feed, against a fake web.
@Suite struct FeedLocatorTests {
    /// Pages by URL; anything else is a 404. Records the URLs fetched.
    final class FakeWeb: Sendable {
        let pages: [String: (type: String, body: String)]
        let fetched = Mutex<[String]>([])
        let failing: Set<String>

        init(_ pages: [String: (type: String, body: String)], failing: Set<String> = []) {
            self.pages = pages
            self.failing = failing
        }

        var locator: FeedLocator {
            FeedLocator(fetch: { request in self.fetch(request) })
        }

        func fetch(_ request: FetchRequest) -> Result<FetchResponse, FetchError> {
            fetched.withLock { $0.append(request.url) }
            if failing.contains(request.url) {
                return .failure(FetchError(code: .connectionFailed, url: request.url, message: "\(request.url): connection refused"))
            }
            let page = pages[request.url]
            return .success(FetchResponse(
                requestedURL: request.url, effectiveURL: request.url, status: page == nil ? 404 : 200,
                headers: HTTPHeaders([(name: "Content-Type", value: page?.type ?? "text/html")]), body: Data((page?.body ?? "").utf8),
                elapsed: 0.01, redirectCount: 0))
        }
    }

    static let rss = "<rss version=\"2.0\"><channel><title>أخبار المثال</title><item><title>خبر</title><guid>1</guid></item></channel></rss>"

    @Test func aFeedURLIsTakenAsItIs() throws {
        let web = FakeWeb(["https://news.example/rss.xml": ("application/rss+xml", Self.rss)])
        let location = try web.locator.locate("https://news.example/rss.xml")
        #expect(location == FeedLocator.Location(url: "https://news.example/rss.xml", discoveredFrom: nil, title: "أخبار المثال"))
        #expect(web.fetched.withLock { $0 } == ["https://news.example/rss.xml"])
    }

    @Test func aPageLeadsToTheFeedItLinks() throws {
        let page = """
            <html><head><link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml">
            <link rel="alternate" type="application/atom+xml" href="/broken.xml"><link rel="alternate" type="application/rss+xml" href="/ar/rss.xml"></head></html>
            """
        let web = FakeWeb([
            "https://news.example/": ("text/html", page), "https://news.example/broken.xml": ("text/html", "<html>gone</html>"),
            "https://news.example/ar/rss.xml": ("application/rss+xml", Self.rss),
            "https://news.example/comments.xml": ("application/rss+xml", Self.rss),
        ])
        let location = try web.locator.locate("https://news.example/")
        #expect(location.url == "https://news.example/ar/rss.xml", "the first linked candidate that is a feed; comment feeds last")
        #expect(location.discoveredFrom == "https://news.example/")
    }

    @Test func aPageWithoutLinksLeadsToACommonPath() throws {
        let web = FakeWeb([
            "https://blog.example/": ("text/html", "<html><body>Welcome</body></html>"),
            "https://blog.example/feed.json": ("application/feed+json", "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Blog\", \"items\": []}"),
        ])
        let location = try web.locator.locate("https://blog.example/")
        #expect(location.url == "https://blog.example/feed.json")
        #expect(location.title == "Blog")
        #expect(web.fetched.withLock { $0 }.prefix(4) == ["https://blog.example/", "https://blog.example/feed", "https://blog.example/rss.xml", "https://blog.example/atom.xml"])
    }

    @Test func nothingFoundAndUnreachableAreClearErrors() {
        let web = FakeWeb(["https://plain.example/": ("text/html", "<html><body>No feed here</body></html>")], failing: ["https://down.example/"])
        do {
            _ = try web.locator.locate("https://plain.example/")
            Issue.record("found a feed")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.contains("no feed at https://plain.example/"))
            #expect(error.message.contains("HTML page"))
        }
        do {
            _ = try web.locator.locate("https://down.example/")
            Issue.record("fetched")
        } catch {
            #expect(error.code == .invalidParams)
            #expect(error.message.contains("connection refused"))
            #expect(error.message.contains("--no-check"))
        }
        do {
            _ = try web.locator.locate("https://plain.example/missing.xml")
            Issue.record("fetched")
        } catch {
            #expect(error.message.contains("HTTP 404"))
        }
    }
}
