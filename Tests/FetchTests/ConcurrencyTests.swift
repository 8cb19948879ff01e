import FeedFarm
import Foundation
import Synchronization
import Testing

@testable import Fetch

@Suite struct ConcurrencyTests {
    @Test func fiftyConcurrentFetchesAllCompleteCorrectly() throws {
        let server = try HTTPServer { request in
            Thread.sleep(forTimeInterval: 0.02)
            return .ok("body of \(request.path)", contentType: "text/plain")
        }
        let fetcher = try HTTPFetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let results = Mutex<[String: Result<FetchResponse, FetchError>]>([:])
        let group = DispatchGroup()
        for index in 0..<50 {
            group.enter()
            let url = server.baseURL + "/feed/\(index)"
            fetcher.fetch(FetchRequest(url: url)) { result in
                results.withLock { $0[url] = result }
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 10) == .success)
        let collected = results.withLock { $0 }
        #expect(collected.count == 50)
        for index in 0..<50 {
            let url = server.baseURL + "/feed/\(index)"
            let response = try #require(collected[url]?.response())
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "body of /feed/\(index)")
        }
        #expect(fetcher.activeTransfers == 0)
        #expect(server.requests.count == 50)
    }

    @Test func transfersBeyondTheLimitWaitTheirTurn() throws {
        let server = try HTTPServer { _ in
            Thread.sleep(forTimeInterval: 0.5)
            return .ok("ok", contentType: "text/plain")
        }
        var configuration = testConfiguration()
        configuration.maxConcurrentTransfers = 2
        let fetcher = try HTTPFetcher(configuration: configuration)
        defer { fetcher.shutdown() }
        let group = DispatchGroup()
        let statuses = Mutex<[Int]>([])
        for index in 0..<5 {
            group.enter()
            fetcher.fetch(FetchRequest(url: server.baseURL + "/\(index)")) { result in
                statuses.withLock { $0.append((try? result.get().status) ?? -1) }
                group.leave()
            }
        }
        #expect(fetcher.activeTransfers == 5)
        #expect(waitUntil { server.requests.count >= 2 })
        Thread.sleep(forTimeInterval: 0.1)
        #expect(server.requests.count == 2)  // the first two are still being answered
        #expect(group.wait(timeout: .now() + 5) == .success)
        #expect(statuses.withLock { $0 } == [200, 200, 200, 200, 200])
        #expect(fetcher.activeTransfers == 0)
    }

    @Test func connectionsAreKeptAliveAndReused() throws {
        let server = try HTTPServer { _ in .ok("ok", contentType: "text/plain") }
        let fetcher = try HTTPFetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        var opened: [Int] = []
        for _ in 0..<3 {
            let response = try #require(fetcher.fetch(FetchRequest(url: server.baseURL + "/")).response())
            opened.append(response.connectionsOpened)
        }
        #expect(opened == [1, 0, 0])
        #expect(server.requests.count == 3)
    }
}
