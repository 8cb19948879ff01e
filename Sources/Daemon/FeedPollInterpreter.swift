import Control
import Feeds
import Fetch
import Foundation
import Store

/// Turns the result of fetching a feed into what the store records: new items, validators,
/// health, and when to poll next. Pure: no I/O.
///
/// When to poll next: the feed's own interval, else the interval learnt from how often it
/// publishes (half the median gap between its items), else the default; never shorter than the
/// feed's `<ttl>` or a server's `Cache-Control: max-age` or `Expires` asks; within
/// `[minInterval, maxInterval]`; with ±5 % jitter so feeds added together do not poll in lockstep. Failures back off beyond
/// the interval (up to 6 h); 429 and 503 honour `Retry-After`; 410 Gone pauses the feed.
struct FeedPollInterpreter: Sendable {
    var defaultInterval: TimeInterval
    var minInterval: TimeInterval
    var maxInterval: TimeInterval
    var retryPolicy = RetryPolicy.feedPolls
    /// The jitter factor, drawn per poll; tests fix it.
    var jitter: @Sendable () -> Double = { Double.random(in: 0.95...1.05) }

    /// What a poll came to, with a one-line summary for the diagnostics.
    struct Interpretation {
        var outcome: PollOutcome
        var summary: String
        var itemsInFeed: Int
        /// When the server asked not to be called before (429 or 503 with `Retry-After`).
        var retryAfter: Date?
    }

    func interpret(feed: FeedRecord, result: Result<FetchResponse, FetchError>, now: Date) -> Interpretation {
        let response: FetchResponse
        switch result {
        case .failure(let error): return failed(feed, error.description, now: now)
        case .success(let success): response = success
        }
        let redirect = response.isPermanentlyRedirected && response.effectiveURL != feed.url ? response.effectiveURL : nil
        if response.isNotModified {
            return succeeded(feed, .notModified, response: response, now: now, redirect: redirect, summary: "not modified", timeToLive: feed.timeToLive)
        }
        switch response.status {
        case 200..<300:
            break
        case 410:
            var gone = failed(feed, "\(response.effectiveURL): HTTP 410 Gone: the feed was removed; it is paused (newsctl feed resume to try again)", now: now)
            gone.outcome.pauseReason = "410 Gone"
            return gone
        case 429, 503:
            return throttled(feed, response: response, now: now)
        default:
            return failed(feed, "\(response.effectiveURL): HTTP \(response.status)", now: now)
        }
        let bodyHash = Self.hash(response.body)
        if bodyHash == feed.bodyHash {
            var unchanged = succeeded(feed, .notModified, response: response, now: now, redirect: redirect, summary: "unchanged body", timeToLive: feed.timeToLive)
            unchanged.outcome.bodyHash = bodyHash
            return unchanged
        }
        let parsed: Feed
        do {
            parsed = try FeedParser.parse(
                response.body, url: response.effectiveURL, contentType: response.contentType,
                contentLocation: response.headers["Content-Location"], contentLanguage: response.headers["Content-Language"])
        } catch {
            return failed(feed, "\(response.effectiveURL): \(error)", now: now)
        }
        let items = parsed.items.compactMap { item -> NewItem? in
            guard let identity = item.identity, let link = item.link ?? item.guid.flatMap(Self.httpURL) else { return nil }
            return NewItem(identity: identity, url: link, title: item.title, published: item.published ?? item.updated)
        }
        let learnt = Self.adaptiveInterval(publishedDates: parsed.items.compactMap { $0.published ?? $0.updated })
        var interpretation = succeeded(
            feed,
            .fetched(etag: response.etag, lastModified: response.lastModified, title: parsed.title, siteURL: parsed.siteURL, items: items),
            response: response, now: now, redirect: redirect, summary: "HTTP \(response.status)", timeToLive: parsed.timeToLive,
            learnt: learnt)
        interpretation.outcome.bodyHash = bodyHash
        interpretation.outcome.adaptiveInterval = learnt
        interpretation.outcome.timeToLive = parsed.timeToLive
        interpretation.itemsInFeed = items.count
        return interpretation
    }

    private func succeeded(
        _ feed: FeedRecord, _ result: PollOutcome.Result, response: FetchResponse, now: Date, redirect: String?,
        summary: String, timeToLive: TimeInterval?, learnt: TimeInterval? = nil
    ) -> Interpretation {
        var interval = feed.interval ?? learnt ?? feed.adaptiveInterval ?? defaultInterval
        if let asked = Self.cacheLifetime(response, now: now) { interval = max(interval, asked) }
        if let timeToLive { interval = max(interval, timeToLive) }
        interval = min(maxInterval, max(minInterval, interval)) * jitter()
        return Interpretation(
            outcome: PollOutcome(feedID: feed.id, polledAt: now, nextPollAt: now + interval, result: result, permanentRedirect: redirect),
            summary: summary, itemsInFeed: 0)
    }

    private func failed(_ feed: FeedRecord, _ message: String, now: Date) -> Interpretation {
        // Back off beyond the interval, never poll faster than it.
        let interval = min(maxInterval, max(minInterval, feed.interval ?? feed.adaptiveInterval ?? defaultInterval))
        let delay = max(interval, retryPolicy.delay(afterFailure: feed.consecutiveFailures + 1) ?? interval)
        return Interpretation(
            outcome: PollOutcome(feedID: feed.id, polledAt: now, nextPollAt: now + delay, result: .failed(error: message)),
            summary: message, itemsInFeed: 0)
    }

    /// 429 and 503: wait as long as `Retry-After` asks (at most a day), else back off.
    private func throttled(_ feed: FeedRecord, response: FetchResponse, now: Date) -> Interpretation {
        guard let asked = response.retryAfter(relativeTo: now) else {
            return failed(feed, "\(response.effectiveURL): HTTP \(response.status)", now: now)
        }
        let until = min(now + 86_400, max(now + minInterval, asked))
        var interpretation = failed(
            feed, "\(response.effectiveURL): HTTP \(response.status), asked to retry after \(ControlCoding.timestamp(until))", now: now)
        interpretation.outcome.nextPollAt = until
        interpretation.retryAfter = until
        return interpretation
    }

    /// How long the server says the feed stays fresh: `Cache-Control: max-age` (or `s-maxage`),
    /// else `Expires` minus `Date`; nil when it says nothing or forbids caching.
    static func cacheLifetime(_ response: FetchResponse, now: Date) -> TimeInterval? {
        if let control = response.headers["Cache-Control"]?.lowercased() {
            for directive in control.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                for name in ["max-age=", "s-maxage="] where directive.hasPrefix(name) {
                    if let seconds = TimeInterval(directive.dropFirst(name.count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))),
                        seconds > 0
                    {
                        return seconds
                    }
                }
            }
        }
        guard let expires = response.headers["Expires"].flatMap(HTTPDate.parse) else { return nil }
        let served = response.headers["Date"].flatMap(HTTPDate.parse) ?? now
        let lifetime = expires.timeIntervalSince(served)
        return lifetime > 0 ? lifetime : nil
    }

    /// Half the median gap between the latest items' dates: a feed that publishes hourly is polled
    /// every 30 minutes. Nil when fewer than three items are dated.
    static func adaptiveInterval(publishedDates: [Date]) -> TimeInterval? {
        let latest = publishedDates.sorted(by: >).prefix(20)
        guard latest.count >= 3 else { return nil }
        let gaps = zip(latest, latest.dropFirst()).map { $0.timeIntervalSince($1) }.filter { $0 > 0 }.sorted()
        guard !gaps.isEmpty else { return nil }
        return gaps[gaps.count / 2] / 2
    }

    /// A guid that is itself a web address can stand in for a missing link.
    static func httpURL(_ text: String) -> String? {
        text.hasPrefix("http://") || text.hasPrefix("https://") ? text : nil
    }

    /// FNV-1a, 64 bits, in hex: enough to tell a body from the previous one of the same feed.
    static func hash(_ body: Data) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in body {
            hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
        }
        return String(hash, radix: 16) + "-" + String(body.count)
    }
}
