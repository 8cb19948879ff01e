import Foundation

/// What the server answered: any HTTP status, 4xx and 5xx included (the caller decides what
/// they mean); transport failures are `FetchError`s instead.
public struct FetchResponse: Sendable {
    /// The URL as requested.
    public var requestedURL: String
    /// The URL that gave this response, after redirects.
    public var effectiveURL: String
    /// The final response's status code.
    public var status: Int
    /// The final response's headers (not those of the redirects before it).
    public var headers: HTTPHeaders
    /// The body, decompressed.
    public var body: Data
    /// Time from the transfer's start to its end, redirects included, in seconds.
    public var elapsed: TimeInterval
    /// How many redirects were followed.
    public var redirectCount: Int
    /// The status of each redirect followed, in order (301, 302, 303, 307 or 308).
    public var redirectStatuses: [Int] = []
    /// Connections opened for this transfer; 0 when a kept-alive one was reused.
    var connectionsOpened = 0

    public init(
        requestedURL: String, effectiveURL: String, status: Int, headers: HTTPHeaders, body: Data,
        elapsed: TimeInterval, redirectCount: Int
    ) {
        self.requestedURL = requestedURL
        self.effectiveURL = effectiveURL
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed
        self.redirectCount = redirectCount
    }

    /// The `ETag` validator, to send back as `FetchRequest.etag`.
    public var etag: String? { headers["ETag"] }
    /// The `Last-Modified` validator, to send back as `FetchRequest.lastModified`.
    public var lastModified: String? { headers["Last-Modified"] }
    /// The `Content-Type`, e.g. `"application/rss+xml; charset=windows-1256"`.
    public var contentType: String? { headers["Content-Type"] }
    /// Whether the server said the cached copy is still current (304).
    public var isNotModified: Bool { status == 304 }
    /// Whether the URL was redirected, and only permanently (301 and 308): the resource has moved.
    public var isPermanentlyRedirected: Bool {
        !redirectStatuses.isEmpty && redirectStatuses.allSatisfy { $0 == 301 || $0 == 308 }
    }

    /// When the server asks to be tried again (`Retry-After`, as seconds or an HTTP date), or nil.
    ///
    /// - Parameter now: the time the response arrived; seconds count from it.
    public func retryAfter(relativeTo now: Date) -> Date? {
        guard let value = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        if let seconds = Int(value) { return seconds >= 0 ? now.addingTimeInterval(TimeInterval(seconds)) : nil }
        return HTTPDate.parse(value)
    }
}
