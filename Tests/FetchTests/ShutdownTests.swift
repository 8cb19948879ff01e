import FeedFarm
import Foundation
import Synchronization
import Testing

@testable import Fetch

@Suite struct ShutdownTests {
    @Test func shutdownCancelsRunningAndQueuedTransfersPromptly() throws {
        let server = try HTTPServer { _ in
            Thread.sleep(forTimeInterval: 3)
            return .ok("late", contentType: "text/plain")
        }
        var configuration = testConfiguration(timeout: 10)
        configuration.maxConcurrentTransfers = 3
        let fetcher = try HTTPFetcher(configuration: configuration)
        let codes = Mutex<[FetchError.Code]>([])
        let group = DispatchGroup()
        for index in 0..<6 {
            group.enter()
            fetcher.fetch(FetchRequest(url: server.baseURL + "/\(index)")) { result in
                if case .failure(let error) = result { codes.withLock { $0.append(error.code) } }
                group.leave()
            }
        }
        #expect(waitUntil { server.requests.count == 3 })
        #expect(fetcher.activeTransfers == 6)
        let started = Date()
        fetcher.shutdown()
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(group.wait(timeout: .now()) == .success)
        #expect(codes.withLock { $0 } == Array(repeating: .cancelled, count: 6))
        #expect(fetcher.activeTransfers == 0)

        fetcher.shutdown()  // idempotent
        let late = fetcher.fetch(FetchRequest(url: server.baseURL + "/after"))
        #expect(late.error()?.code == .cancelled)
    }

    @Test func droppingTheFetcherShutsItDown() throws {
        let server = try HTTPServer { _ in
            Thread.sleep(forTimeInterval: 3)
            return .ok("late", contentType: "text/plain")
        }
        let outcome = Mutex<FetchError.Code?>(nil)
        let done = DispatchSemaphore(value: 0)
        do {
            let fetcher = try HTTPFetcher(configuration: testConfiguration(timeout: 10))
            fetcher.fetch(FetchRequest(url: server.baseURL + "/")) { result in
                if case .failure(let error) = result { outcome.withLock { $0 = error.code } }
                done.signal()
            }
            #expect(waitUntil { server.requests.count == 1 })
        }
        #expect(done.wait(timeout: .now() + 1) == .success)
        #expect(outcome.withLock { $0 } == .cancelled)
    }

    @Test func shutdownFromACompletionDoesNotDeadlock() throws {
        let server = try HTTPServer { _ in .ok("ok", contentType: "text/plain") }
        let fetcher = try HTTPFetcher(configuration: testConfiguration())
        let done = DispatchSemaphore(value: 0)
        fetcher.fetch(FetchRequest(url: server.baseURL + "/")) { _ in
            fetcher.shutdown()
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 2) == .success)
        #expect(fetcher.fetch(FetchRequest(url: server.baseURL + "/")).error()?.code == .cancelled)
    }
}
