import FeedFarm
import Foundation
import Synchronization
import Testing

@testable import Fetch

@Suite struct PerHostLimitTests {
    /// Counts requests being answered at once.
    final class Concurrency: Sendable {
        let counts = Mutex((now: 0, peak: 0))

        func enter() { counts.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
        var peak: Int { counts.withLock { $0.peak } }
    }

    @Test func requestsWaitingForABusyHostDoNotTimeOutBeforeTheyStart() throws {
        let concurrency = Concurrency()
        let server = try HTTPServer { _ in
            concurrency.enter()
            defer { concurrency.leave() }
            Thread.sleep(forTimeInterval: 0.2)
            return .ok("done", contentType: "text/plain")
        }
        defer { server.stop() }
        var configuration = testConfiguration(timeout: 1)
        configuration.maxConnectionsPerHost = 2
        let fetcher = try HTTPFetcher(configuration: configuration)
        defer { fetcher.shutdown() }

        // 12 requests of 0.2 s over 2 connections take 1.2 s in all: longer than the 1 s time-out
        // of each, which must count only from when a request is really sent.
        let results = Mutex([Result<FetchResponse, FetchError>]())
        let group = DispatchGroup()
        for n in 0..<12 {
            group.enter()
            fetcher.fetch(FetchRequest(url: "\(server.baseURL)/\(n)")) { result in
                results.withLock { $0.append(result) }
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 10) == .success)
        let finished = results.withLock { $0 }
        #expect(finished.count == 12)
        for result in finished { #expect(result.response()?.status == 200) }
        #expect(concurrency.peak <= 2)
        #expect(concurrency.peak == 2)
    }

    @Test func aBusyHostDoesNotHoldBackAnother() throws {
        let slow = try HTTPServer { _ in
            Thread.sleep(forTimeInterval: 0.5)
            return .ok("slow", contentType: "text/plain")
        }
        defer { slow.stop() }
        let fast = try HTTPServer { _ in .ok("fast", contentType: "text/plain") }
        defer { fast.stop() }
        var configuration = testConfiguration()
        configuration.maxConnectionsPerHost = 1
        let fetcher = try HTTPFetcher(configuration: configuration)
        defer { fetcher.shutdown() }
        for n in 0..<4 { fetcher.fetch(FetchRequest(url: "\(slow.baseURL)/\(n)")) { _ in } }
        let started = Date()
        #expect(fetcher.fetch(FetchRequest(url: fast.baseURL)).response()?.status == 200)
        #expect(Date().timeIntervalSince(started) < 0.4)
    }

    @Test func hostKeysIncludeThePort() {
        #expect(TransferLoop.hostKey("http://Example.org:8080/a") == "example.org:8080")
        #expect(TransferLoop.hostKey("https://example.org/a?b") == "example.org")
        #expect(TransferLoop.hostKey("https://example.org/أخبار") == "example.org")
    }
}
