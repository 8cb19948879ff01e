import Feeds
import Fetch
import Foundation
import Store

/// Turns the result of fetching a feed into what the store records: new items, validators,
/// health, and when to poll next. Pure: no I/O.
struct FeedPollInterpreter: Sendable {
    var defaultInterval: TimeInterval
    var minInterval: TimeInterval
    var retryPolicy = RetryPolicy.feedPolls

    /// What a poll came to, with a one-line summary for the diagnostics.
    struct Interpretation {
        var outcome: PollOutcome
        var summary: String
        var itemsInFeed: Int
    }

    func interpret(feed: FeedRecord, result: Result<FetchResponse, FetchError>, now: Date) -> Interpretation {
        let interval = max(minInterval, feed.interval ?? defaultInterval)
        func failed(_ message: String) -> Interpretation {
            // Back off beyond the interval, never poll faster than it.
            let delay = max(interval, retryPolicy.delay(afterFailure: feed.consecutiveFailures + 1) ?? interval)
            return Interpretation(
                outcome: PollOutcome(feedID: feed.id, polledAt: now, nextPollAt: now + delay, result: .failed(error: message)),
                summary: message, itemsInFeed: 0)
        }
        let response: FetchResponse
        switch result {
        case .failure(let error): return failed(error.description)
        case .success(let success): response = success
        }
        if response.isNotModified {
            return Interpretation(
                outcome: PollOutcome(feedID: feed.id, polledAt: now, nextPollAt: now + interval, result: .notModified),
                summary: "not modified", itemsInFeed: 0)
        }
        guard (200..<300).contains(response.status) else {
            return failed("\(response.effectiveURL): HTTP \(response.status)")
        }
        let parsed: Feed
        do {
            parsed = try FeedParser.parse(
                response.body, url: response.effectiveURL, contentType: response.contentType,
                contentLocation: response.headers["Content-Location"], contentLanguage: response.headers["Content-Language"])
        } catch {
            return failed("\(response.effectiveURL): \(error)")
        }
        let items = parsed.items.compactMap { item -> NewItem? in
            guard let identity = item.identity, let link = item.link ?? item.guid.flatMap(Self.httpURL) else { return nil }
            return NewItem(identity: identity, url: link, title: item.title, published: item.published ?? item.updated)
        }
        return Interpretation(
            outcome: PollOutcome(
                feedID: feed.id, polledAt: now, nextPollAt: now + interval,
                result: .fetched(
                    etag: response.etag, lastModified: response.lastModified, title: parsed.title, siteURL: parsed.siteURL,
                    items: items)),
            summary: "HTTP \(response.status)", itemsInFeed: items.count)
    }

    /// A guid that is itself a web address can stand in for a missing link.
    static func httpURL(_ text: String) -> String? {
        text.hasPrefix("http://") || text.hasPrefix("https://") ? text : nil
    }
}
