@testable import Daemon
import Fetch
import Foundation
import Store
import Testing

@Suite struct FeedPollInterpreterTests {
    let interpreter = FeedPollInterpreter(defaultInterval: 900, minInterval: 60)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func feed(interval: TimeInterval? = nil, failures: Int = 0) -> FeedRecord {
        FeedRecord(
            id: 1, url: "https://news.example/rss", title: nil, siteURL: nil, tags: [], interval: interval, origin: .socket,
            isPaused: false, etag: nil, lastModified: nil, nextPollAt: now, lastPolledAt: nil, lastSuccessAt: nil,
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
        let quick = FeedPollInterpreter(defaultInterval: 60, minInterval: 1)
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
