import FeedFarm
import Foundation
import Synchronization
import Testing

@testable import Fetch

@Suite struct PolitenessAndRedirectHistoryTests {
    @Test func requestsToOneHostAreSpacedByItsRate() throws {
        let server = try HTTPServer { _ in .ok("ok", contentType: "text/plain") }
        defer { server.stop() }
        var configuration = testConfiguration()
        configuration.maxRequestsPerSecondPerHost = 4  // bursts of 8
        let fetcher = try HTTPFetcher(configuration: configuration)
        defer { fetcher.shutdown() }
        let group = DispatchGroup()
        let started = ContinuousClock.now
        for n in 0..<12 {
            group.enter()
            fetcher.fetch(FetchRequest(url: "\(server.baseURL)/\(n)")) { _ in group.leave() }
        }
        #expect(group.wait(timeout: .now() + 10) == .success)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(900), "4 requests beyond the burst of 8 at 4 per second")
        #expect(elapsed < .seconds(3))
        #expect(server.requests.count == 12)
    }

    @Test func permanentAndTemporaryRedirectsAreTold() throws {
        let server = try HTTPServer { request in
            switch request.path {
            case "/old": .status(301, headers: [("Location", "/older")])
            case "/older": .status(308, headers: [("Location", "/new")])
            case "/moved-for-now": .status(302, headers: [("Location", "/old")])
            default: .ok("<rss/>", contentType: "application/rss+xml")
            }
        }
        defer { server.stop() }
        let permanent = try #require(try fetchOnce("\(server.baseURL)/old").response())
        #expect(permanent.redirectStatuses == [301, 308])
        #expect(permanent.isPermanentlyRedirected)
        #expect(permanent.effectiveURL == "\(server.baseURL)/new")
        let mixed = try #require(try fetchOnce("\(server.baseURL)/moved-for-now").response())
        #expect(mixed.redirectStatuses == [302, 301, 308])
        #expect(!mixed.isPermanentlyRedirected)
        let direct = try #require(try fetchOnce("\(server.baseURL)/new").response())
        #expect(direct.redirectStatuses.isEmpty)
        #expect(!direct.isPermanentlyRedirected)
    }

    @Test func allowListedNetworksPassTheGuard() throws {
        let server = try HTTPServer { _ in .ok("inside", contentType: "text/plain") }
        defer { server.stop() }
        var configuration = testConfiguration(allowPrivateNetworks: false)
        configuration.allowedNetworks = [try #require(IPNetwork("127.0.0.0/8"))]
        #expect(try fetchOnce(server.baseURL, configuration: configuration).response()?.status == 200)
        configuration.allowedNetworks = [try #require(IPNetwork("10.0.0.0/8"))]
        #expect(try fetchOnce(server.baseURL, configuration: configuration).error()?.code == .refusedAddress)
    }

    @Test func networksParseAndContain() throws {
        let private10 = try #require(IPNetwork("10.0.0.0/8"))
        #expect(private10.contains(try #require(IPAddress("10.200.1.1"))))
        #expect(!private10.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(!private10.contains(try #require(IPAddress("::1"))))
        let single = try #require(IPNetwork("192.168.1.5"))
        #expect(single.prefixLength == 32)
        #expect(single.contains(try #require(IPAddress("192.168.1.5"))))
        #expect(!single.contains(try #require(IPAddress("192.168.1.6"))))
        let ula = try #require(IPNetwork("fd00::/8"))
        #expect(ula.contains(try #require(IPAddress("fd12:3456::1"))))
        #expect(!ula.contains(try #require(IPAddress("fe80::1"))))
        let deep = try #require(IPNetwork("2001:db8::/96"))
        #expect(deep.contains(try #require(IPAddress("2001:db8::1:2"))))
        #expect(!deep.contains(try #require(IPAddress("2001:db8::1:0:0:1"))))
        for bad in ["10.0.0.0/33", "nonsense", "10.0.0.0/-1", "::1/129", ""] { #expect(IPNetwork(bad) == nil, "\(bad)") }
    }

    @Test func rateLimiterRefillsOverTime() {
        var limiter = HostRateLimiter(rate: 2, burst: 2)
        let start = ContinuousClock.now
        #expect(limiter.take("a", now: start) == nil)
        #expect(limiter.take("a", now: start) == nil)
        let wait = limiter.take("a", now: start)
        #expect(wait == .milliseconds(500))
        #expect(limiter.take("b", now: start) == nil)  // other hosts are not held back
        #expect(limiter.take("a", now: start + .milliseconds(500)) == nil)
    }
}
