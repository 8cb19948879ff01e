import FeedFarm
import Foundation
import Testing

@testable import Fetch

/// A configuration for tests against the loopback server: the guard off, short limits.
func testConfiguration(
    allowPrivateNetworks: Bool = true, timeout: TimeInterval = 5, maxBodyBytes: Int = 1 << 20, maxRedirects: Int = 5
) -> FetchConfiguration {
    FetchConfiguration(
        userAgent: "newsd-tests/1.0", allowPrivateNetworks: allowPrivateNetworks, connectTimeout: 2,
        timeout: timeout, maxBodyBytes: maxBodyBytes, maxRedirects: maxRedirects)
}

/// Fetches `url` with a fresh fetcher and waits for the result.
func fetchOnce(_ url: String, configuration: FetchConfiguration = testConfiguration()) throws -> Result<FetchResponse, FetchError> {
    let fetcher = try HTTPFetcher(configuration: configuration)
    defer { fetcher.shutdown() }
    return fetcher.fetch(FetchRequest(url: url))
}

extension Result where Failure == FetchError {
    /// The response, or a recorded test failure and nil.
    func response(sourceLocation: SourceLocation = #_sourceLocation) -> Success? {
        switch self {
        case .success(let value): return value
        case .failure(let error):
            Issue.record("expected a response, got \(error.code): \(error.message)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The error, or a recorded test failure and nil.
    func error(sourceLocation: SourceLocation = #_sourceLocation) -> FetchError? {
        switch self {
        case .success(let value):
            Issue.record("expected an error, got a response: \(value)", sourceLocation: sourceLocation)
            return nil
        case .failure(let error): return error
        }
    }
}

/// A port on 127.0.0.1 with nothing listening: bound by a server that is then stopped.
func closedPort() throws -> Int {
    let server = try HTTPServer { _ in .status(200) }
    let port = server.port
    server.stop()
    return port
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
func waitUntil(seconds: TimeInterval = 3, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        if Date() > deadline { return false }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return true
}
