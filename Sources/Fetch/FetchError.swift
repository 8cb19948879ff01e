/// A transfer that did not produce an HTTP response: what kind of failure, on which URL, and
/// an operator-readable message that already names the URL.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New kinds may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        public var description: String { name }

        /// The URL could not be parsed.
        public static let invalidURL = Code("invalidURL")
        /// The URL, or a redirect, uses a scheme other than http and https.
        public static let unsupportedScheme = Code("unsupportedScheme")
        /// The private-network guard refused the address the host resolved to.
        public static let refusedAddress = Code("refusedAddress")
        /// The host (or proxy) name could not be resolved.
        public static let dnsFailure = Code("dnsFailure")
        /// No connection could be made.
        public static let connectionFailed = Code("connectionFailed")
        /// The connect or total time-out passed.
        public static let timedOut = Code("timedOut")
        /// The body is larger than the configured limit.
        public static let tooLarge = Code("tooLarge")
        /// More redirects than the configured limit.
        public static let tooManyRedirects = Code("tooManyRedirects")
        /// TLS failed: handshake, certificate or its verification.
        public static let tls = Code("tls")
        /// The connection broke or the server answered something that is not HTTP.
        public static let transfer = Code("transfer")
        /// The fetcher shut down before the transfer finished.
        public static let cancelled = Code("cancelled")
        /// The fetcher could not start: bad configuration or libcurl could not initialise.
        public static let setup = Code("setup")
    }

    /// The kind of failure.
    public var code: Code
    /// The URL as requested.
    public var url: String
    /// What went wrong, for an operator, starting with the URL.
    public var message: String

    public init(code: Code, url: String, message: String) {
        self.code = code
        self.url = url
        self.message = message
    }

    public var description: String { message }
}
