import Control
import Feeds
import Fetch
import Foundation

/// Finds what to subscribe to for a URL given to `feed.add`: the URL itself when it serves a
/// feed, else the first feed its page leads to (``FeedDiscovery``: the page's
/// `<link rel="alternate">` feeds, then common paths such as `/feed` and `/rss.xml`).
///
/// Fetches with the blocking `HTTPFetcher.fetch(_:)`, so it runs on the control connection's
/// own thread, never on the fetcher's.
struct FeedLocator: Sendable {
    /// What was found.
    struct Location: Equatable {
        /// The feed's URL: the one given, or a discovered one.
        var url: String
        /// The page the feed was discovered from, when the URL given was not a feed.
        var discoveredFrom: String?
        /// The feed's title, as parsed.
        var title: String?
    }

    /// Performs one GET (the daemon's `HTTPFetcher.fetch(_:)`).
    var fetch: @Sendable (FetchRequest) -> Result<FetchResponse, FetchError>
    /// At most this many candidates are tried after the page itself.
    var maxCandidates = 12

    static let accept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"

    /// The feed to subscribe to for `url`.
    ///
    /// - Throws: ``RPCError`` `.invalidParams` when the URL cannot be fetched (it says why, and
    ///   that `--no-check` subscribes anyway), `.notFound` when it is not a feed and none of the
    ///   candidates its page leads to is one.
    func locate(_ url: String) throws(RPCError) -> Location {
        let response: FetchResponse
        switch fetch(FetchRequest(url: url, accept: Self.accept)) {
        case .failure(let error):
            throw RPCError(.invalidParams, "cannot fetch \(url): \(error) (add it with --no-check to subscribe without checking)")
        case .success(let success):
            response = success
        }
        guard (200..<300).contains(response.status) else {
            throw RPCError(
                .invalidParams, "cannot fetch \(url): HTTP \(response.status) (add it with --no-check to subscribe without checking)")
        }
        let notAFeed: FeedError
        do {
            let feed = try parse(response)
            return Location(url: url, discoveredFrom: nil, title: feed.title)
        } catch {
            notAFeed = error
        }
        let candidates = FeedDiscovery.candidates(inPage: response.body, url: response.effectiveURL, contentType: response.contentType)
        var tried = 0
        for candidate in candidates.prefix(maxCandidates) where candidate.url != url && candidate.url != response.effectiveURL {
            tried += 1
            guard case .success(let found) = fetch(FetchRequest(url: candidate.url, accept: Self.accept)),
                (200..<300).contains(found.status), let feed = try? parse(found)
            else { continue }
            return Location(url: candidate.url, discoveredFrom: url, title: feed.title)
        }
        let linked = candidates.filter { $0.source == .link }.count
        throw RPCError(
            .notFound,
            "no feed at \(url): \(notAFeed.message); tried \(tried) candidate(s) (\(linked) linked from the page, the rest common paths such as /feed and /rss.xml), none is a feed"
        )
    }

    private func parse(_ response: FetchResponse) throws(FeedError) -> Feed {
        try FeedParser.parse(response.body, url: response.effectiveURL, contentType: response.contentType)
    }
}
