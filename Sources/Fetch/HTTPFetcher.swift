import Dispatch
import Foundation
import Synchronization

/// Fetches URLs over HTTP and HTTPS with libcurl: one dedicated thread drives a curl multi
/// handle that runs many transfers at once and keeps connections alive between them.
///
/// Any thread may call `fetch`; requests are queued under a lock and the fetcher thread is woken
/// with `curl_multi_wakeup`. Only the fetcher thread touches libcurl handles.
public final class HTTPFetcher: Sendable {
    private let core: FetcherCore

    /// Starts the fetcher thread.
    ///
    /// Proxy host names from the environment (`http_proxy`, `https_proxy`, `all_proxy`) are
    /// resolved here, once, so the private-network guard lets connections to them through.
    ///
    /// - Throws: `FetchError` with code `.setup` when the configuration is out of range or
    ///   libcurl cannot initialise.
    public convenience init(configuration: FetchConfiguration) throws(FetchError) {
        try CurlGlobal.initialize()
        let proxies = AddressPolicy.proxyAddresses(environment: ProcessInfo.processInfo.environment)
        let policy = AddressPolicy(
            allowPrivateNetworks: configuration.allowPrivateNetworks, exemptAddresses: proxies,
            allowedNetworks: configuration.allowedNetworks)
        try self.init(configuration: configuration, addressPolicy: policy)
    }

    /// Starts the fetcher thread with an explicit address policy (tests use it to exempt one
    /// loopback address).
    init(configuration: FetchConfiguration, addressPolicy: AddressPolicy) throws(FetchError) {
        try configuration.validate()
        try CurlGlobal.initialize()
        core = FetcherCore(configuration: configuration, policy: addressPolicy)
        try core.start()
    }

    deinit {
        core.shutdown()
    }

    /// Queues a GET and returns at once.
    ///
    /// - Parameters:
    ///   - request: what to fetch.
    ///   - completion: called exactly once with the response or the failure. It runs on the
    ///     fetcher thread and must return quickly (hand the result to your own queue). After
    ///     `shutdown()` it is called at once, on the caller's thread, with `.cancelled`.
    public func fetch(_ request: FetchRequest, completion: @escaping @Sendable (Result<FetchResponse, FetchError>) -> Void) {
        core.enqueue(request, completion: completion)
    }

    /// Fetches and waits for the result: for tools and tests. Never call it from a completion.
    public func fetch(_ request: FetchRequest) -> Result<FetchResponse, FetchError> {
        precondition(!core.isFetcherThread, "HTTPFetcher.fetch(_:) would wait for its own thread; call it from another")
        let slot = ResultSlot()
        core.enqueue(request) { result in slot.fill(result) }
        return slot.wait()
    }

    /// Cancels queued and running transfers (their completions get `.cancelled`), waits for the
    /// fetcher thread to finish and frees libcurl's handles. Safe to call more than once and from
    /// any thread; from a completion it does not wait.
    public func shutdown() {
        core.shutdown()
    }

    /// Transfers accepted and not yet completed: running plus waiting for a free slot.
    public var activeTransfers: Int { core.activeTransfers }
}

/// Hands one result from the fetcher thread to a thread waiting for it.
private final class ResultSlot: Sendable {
    private let value = Mutex<Result<FetchResponse, FetchError>?>(nil)
    private let filled = DispatchSemaphore(value: 0)

    func fill(_ result: Result<FetchResponse, FetchError>) {
        value.withLock { $0 = result }
        filled.signal()
    }

    func wait() -> Result<FetchResponse, FetchError> {
        filled.wait()
        return value.withLock { $0! }
    }
}
