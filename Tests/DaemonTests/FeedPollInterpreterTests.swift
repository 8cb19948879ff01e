@testable import Daemon
import Fetch
import Foundation
import Store
import Testing

@Suite struct FeedPollInterpreterTests {
    let interpreter = FeedPollInterpreter(defaultInterval: 900, minInterval: 60, maxInterval: 86_400, jitter: { 1 })
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func feed(interval: TimeInterval? = nil, failures: Int = 0, bodyHash: String? = nil) -> FeedRecord {
        FeedRecord(
            id: 1, url: "https://news.example/rss", title: nil, siteURL: nil, tags: [], interval: interval,
            adaptiveInterval: nil, origin: .socket, isPaused: false, pausedReason: nil, etag: nil, lastModified: nil,
            bodyHash: bodyHash, nextPollAt: now, lastPolledAt: nil, lastSuccessAt: nil,
            lastError: nil, consecutiveFailures: failures, itemCount: 0, createdAt: now)
    }

    func response(_ status: Int, _ body: String = "", headers: [(name: String, value: String)] = []) -> FetchResponse {
        FetchResponse(
            requestedURL: "https://news.example/rss", effectiveURL: "https://news.example/rss", status: status,
            headers: HTTPHeaders(headers), body: Data(body.utf8), elapsed: 0.01, redirectCount: 0)
    }

    @Test func parsedFeedGivesItemsByGuidElseLinkAndKeepsValidators() throws {
        let rss = """
            <rss version="2.0"><channel><title>أخبار</title><link>https://news.example/</link>
            <item><title>مع معرّف</title><guid isPermaLink="false">id-1</guid><link>https://news.example/1</link></item>
            <item><title>Link only</title><link>https://news.example/2</link></item>
            <item><title>Nothing to follow</title></item>
            </channel></rss>
            """
        let result = interpreter.interpret(
            feed: feed(interval: 600), result: .success(response(200, rss, headers: [("ETag", "\"v1\""), ("Content-Type", "application/rss+xml")])),
            now: now)
        guard case .fetched(let etag, _, let title, _, let items) = result.outcome.result else {
            Issue.record("expected a fetched outcome, got \(result.outcome.result)")
            return
        }
        #expect(etag == "\"v1\"")
        #expect(title == "أخبار")
        #expect(items.map(\.identity) == ["id-1", "https://news.example/2"])
        #expect(items.first?.title == "مع معرّف")
        #expect(result.outcome.nextPollAt == now + 600)
    }

    @Test func notModifiedKeepsTheInterval() {
        let result = interpreter.interpret(feed: feed(), result: .success(response(304)), now: now)
        guard case .notModified = result.outcome.result else {
            Issue.record("expected notModified")
            return
        }
        #expect(result.outcome.nextPollAt == now + 900)
    }

    @Test func intervalBelowTheMinimumIsRaised() {
        let result = interpreter.interpret(feed: feed(interval: 5), result: .success(response(304)), now: now)
        #expect(result.outcome.nextPollAt == now + 60)
    }

    @Test func failuresBackOffBeyondTheIntervalUpToSixHours() {
        let quick = FeedPollInterpreter(defaultInterval: 60, minInterval: 1, maxInterval: 86_400, jitter: { 1 })
        var delays: [TimeInterval] = []
        for failures in [0, 2, 4, 20] {
            let result = quick.interpret(feed: feed(failures: failures), result: .success(response(503)), now: now)
            guard case .failed(let message) = result.outcome.result else {
                Issue.record("expected a failure")
                return
            }
            #expect(message.contains("HTTP 503"))
            delays.append(result.outcome.nextPollAt.timeIntervalSince(now))
        }
        #expect(delays == delays.sorted())
        #expect(delays[0] >= 60)
        #expect(delays[3] <= 6 * 3600 * 1.1)
        #expect(delays[3] >= 6 * 3600 * 0.9)
    }

    @Test func aPageThatIsNotAFeedIsAFailureNamingTheURL() {
        let result = interpreter.interpret(
            feed: feed(), result: .success(response(200, "<html><body>hello</body></html>", headers: [("Content-Type", "text/html")])),
            now: now)
        guard case .failed(let message) = result.outcome.result else {
            Issue.record("expected a failure")
            return
        }
        #expect(message.contains("https://news.example/rss"))
    }

    @Test func transportErrorIsAFailure() {
        let error = FetchError(code: .connectionFailed, url: "https://news.example/rss", message: "https://news.example/rss: connection refused")
        let result = interpreter.interpret(feed: feed(), result: .failure(error), now: now)
        guard case .failed(let message) = result.outcome.result else {
            Issue.record("expected a failure")
            return
        }
        #expect(message.contains("connection refused"))
    }
}

@Suite struct FeedPollSchedulingTests {
    let interpreter = FeedPollInterpreter(defaultInterval: 900, minInterval: 60, maxInterval: 86_400, jitter: { 1 })
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let base = FeedPollInterpreterTests()

    func rss(itemsEvery gap: TimeInterval, count: Int = 6) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let items = (0..<count).map { n in
            "<item><guid>g\(n)</guid><link>https://news.example/\(n)</link><pubDate>\(formatter.string(from: now - Double(n) * gap))</pubDate></item>"
        }
        return "<rss version=\"2.0\"><channel><title>T</title>\(items.joined())</channel></rss>"
    }

    @Test func aBodyIdenticalToTheLastOneCountsAsNotModified() {
        let body = rss(itemsEvery: 3600)
        let first = interpreter.interpret(feed: base.feed(), result: .success(base.response(200, body)), now: now)
        let hash = first.outcome.bodyHash
        #expect(hash != nil)
        let again = interpreter.interpret(feed: base.feed(bodyHash: hash), result: .success(base.response(200, body)), now: now)
        guard case .notModified = again.outcome.result else {
            Issue.record("expected notModified, got \(again.outcome.result)")
            return
        }
        #expect(again.summary == "unchanged body")
    }

    @Test func feedsWithoutAnIntervalAdaptToHowOftenTheyPublish() {
        let hourly = interpreter.interpret(feed: base.feed(), result: .success(base.response(200, rss(itemsEvery: 3600))), now: now)
        #expect(hourly.outcome.adaptiveInterval == 1800)
        #expect(hourly.outcome.nextPollAt == now + 1800)
        let rare = interpreter.interpret(feed: base.feed(), result: .success(base.response(200, rss(itemsEvery: 7 * 86_400))), now: now)
        #expect(rare.outcome.nextPollAt == now + 86_400)  // the maximum
        let busy = interpreter.interpret(feed: base.feed(), result: .success(base.response(200, rss(itemsEvery: 30))), now: now)
        #expect(busy.outcome.nextPollAt == now + 60)  // the minimum
        let explicit = interpreter.interpret(feed: base.feed(interval: 600), result: .success(base.response(200, rss(itemsEvery: 3600))), now: now)
        #expect(explicit.outcome.nextPollAt == now + 600)
    }

    @Test func serversAskingForLongerCachingAreHonoured() {
        let maxAge = interpreter.interpret(
            feed: base.feed(interval: 300), result: .success(base.response(304, headers: [("Cache-Control", "public, max-age=7200")])), now: now)
        #expect(maxAge.outcome.nextPollAt == now + 7200)
        let expires = interpreter.interpret(
            feed: base.feed(interval: 300),
            result: .success(base.response(304, headers: [
                ("Date", "Wed, 15 Jan 2027 08:00:00 GMT"), ("Expires", "Wed, 15 Jan 2027 09:00:00 GMT"),
            ])),
            now: now)
        #expect(expires.outcome.nextPollAt == now + 3600)
        let absurd = interpreter.interpret(
            feed: base.feed(interval: 300), result: .success(base.response(304, headers: [("Cache-Control", "max-age=99999999")])), now: now)
        #expect(absurd.outcome.nextPollAt == now + 86_400)
    }

    @Test func aFeedsOwnTTLIsAFloorAndIsRememberedForNotModifiedPolls() {
        let rss = """
            <rss version="2.0"><channel><title>Hourly</title><ttl>120</ttl>
            <item><guid>a</guid><link>https://news.example/a</link></item></channel></rss>
            """
        let fetched = interpreter.interpret(feed: base.feed(interval: 300), result: .success(base.response(200, rss)), now: now)
        #expect(fetched.outcome.timeToLive == 7200)
        #expect(fetched.outcome.nextPollAt == now + 7200)
        var remembered = base.feed(interval: 300)
        remembered.timeToLive = 7200
        let notModified = interpreter.interpret(feed: remembered, result: .success(base.response(304)), now: now)
        #expect(notModified.outcome.nextPollAt == now + 7200)
        let dropped = interpreter.interpret(
            feed: remembered, result: .success(base.response(200, rss.replacingOccurrences(of: "<ttl>120</ttl>", with: ""))), now: now)
        #expect(dropped.outcome.timeToLive == nil)
        #expect(dropped.outcome.nextPollAt == now + 300)
    }

    @Test func goneFeedsArePaused() {
        let gone = interpreter.interpret(feed: base.feed(), result: .success(base.response(410)), now: now)
        #expect(gone.outcome.pauseReason == "410 Gone")
        guard case .failed(let message) = gone.outcome.result else {
            Issue.record("expected a failure")
            return
        }
        #expect(message.contains("paused"))
    }

    @Test func retryAfterDelaysTheFeed() {
        let seconds = interpreter.interpret(
            feed: base.feed(), result: .success(base.response(429, headers: [("Retry-After", "7200")])), now: now)
        #expect(seconds.retryAfter == now + 7200)
        #expect(seconds.outcome.nextPollAt == now + 7200)
        let soon = interpreter.interpret(feed: base.feed(), result: .success(base.response(503, headers: [("Retry-After", "1")])), now: now)
        #expect(soon.outcome.nextPollAt == now + 60)  // never sooner than the minimum interval
        let none = interpreter.interpret(feed: base.feed(), result: .success(base.response(503)), now: now)
        #expect(none.retryAfter == nil)
    }

    @Test func onlyPermanentRedirectsAreReportedForMoving() {
        var moved = base.response(200, rss(itemsEvery: 3600))
        moved.effectiveURL = "https://news.example/new-rss"
        moved.redirectCount = 2
        moved.redirectStatuses = [301, 308]
        #expect(interpreter.interpret(feed: base.feed(), result: .success(moved), now: now).outcome.permanentRedirect
            == "https://news.example/new-rss")
        moved.redirectStatuses = [301, 302]
        #expect(interpreter.interpret(feed: base.feed(), result: .success(moved), now: now).outcome.permanentRedirect == nil)
    }
}
