import Foundation

/// How an `HTTPFetcher` behaves: identity, limits and the private-network guard.
public struct FetchConfiguration: Sendable {
    /// The `User-Agent` sent with every request.
    public var userAgent: String
    /// Whether loopback, private, link-local and similar addresses may be fetched. Off by default:
    /// a feed URL (or a redirect) must not reach into the operator's own networks.
    public var allowPrivateNetworks: Bool
    /// Longest wait for a connection (DNS, TCP and TLS), in seconds.
    public var connectTimeout: TimeInterval
    /// Longest a whole transfer may take, redirects included, in seconds.
    public var timeout: TimeInterval
    /// Largest body accepted, counted after decompression.
    public var maxBodyBytes: Int
    /// Most redirects followed before giving up.
    public var maxRedirects: Int
    /// Most transfers running at once; further requests wait in order.
    public var maxConcurrentTransfers: Int
    /// Most connections open to one host at once (politeness); transfers beyond wait for one.
    public var maxConnectionsPerHost: Int
    /// Most requests started per second to one host (politeness), with bursts of twice that;
    /// nil for no limit.
    public var maxRequestsPerSecondPerHost: Double?
    /// Non-public networks the guard lets through although `allowPrivateNetworks` is off.
    public var allowedNetworks: [IPNetwork]

    public init(
        userAgent: String,
        allowPrivateNetworks: Bool = false,
        connectTimeout: TimeInterval = 10,
        timeout: TimeInterval = 30,
        maxBodyBytes: Int = 16 << 20,
        maxRedirects: Int = 5,
        maxConcurrentTransfers: Int = 64,
        maxConnectionsPerHost: Int = 6,
        maxRequestsPerSecondPerHost: Double? = nil,
        allowedNetworks: [IPNetwork] = []
    ) {
        self.userAgent = userAgent
        self.allowPrivateNetworks = allowPrivateNetworks
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.maxConcurrentTransfers = maxConcurrentTransfers
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxRequestsPerSecondPerHost = maxRequestsPerSecondPerHost
        self.allowedNetworks = allowedNetworks
    }

    /// Throws `FetchError.Code.setup` naming the first value out of range.
    func validate() throws(FetchError) {
        func fail(_ what: String) -> FetchError {
            FetchError(code: .setup, url: "", message: "fetch configuration: \(what)")
        }
        guard connectTimeout > 0 else { throw fail("connectTimeout must be positive, not \(connectTimeout)") }
        guard timeout > 0 else { throw fail("timeout must be positive, not \(timeout)") }
        guard maxBodyBytes > 0 else { throw fail("maxBodyBytes must be positive, not \(maxBodyBytes)") }
        guard maxRedirects >= 0 else { throw fail("maxRedirects must not be negative, not \(maxRedirects)") }
        guard maxConcurrentTransfers > 0 else {
            throw fail("maxConcurrentTransfers must be at least 1, not \(maxConcurrentTransfers)")
        }
        guard maxConnectionsPerHost > 0 else {
            throw fail("maxConnectionsPerHost must be at least 1, not \(maxConnectionsPerHost)")
        }
        if let rate = maxRequestsPerSecondPerHost, !(rate > 0) {
            throw fail("maxRequestsPerSecondPerHost must be positive, not \(rate)")
        }
        guard !userAgent.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
            throw fail("userAgent must be one line")
        }
    }
}
