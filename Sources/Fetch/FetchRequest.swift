import Foundation

/// One GET to perform, with the validators of the copy the caller already has.
public struct FetchRequest: Sendable, Hashable {
    /// An absolute `http` or `https` URL.
    public var url: String
    /// The `ETag` of the cached copy; sent as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` of the cached copy; sent as `If-Modified-Since`.
    public var lastModified: String?
    /// The `Accept` header, e.g. `"application/rss+xml, application/atom+xml, */*;q=0.5"`.
    public var accept: String?

    public init(url: String, etag: String? = nil, lastModified: String? = nil, accept: String? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.accept = accept
    }
}

extension FetchRequest {
    /// The host a URL's requests count against for politeness: its host name, lowercased, with
    /// the port when one is given (`news.example.org`, `127.0.0.1:8088`); "" when it has none.
    public static func host(of url: String) -> String {
        guard let components = URLComponents(string: RequestURL.encoded(url)), let host = components.host else { return "" }
        return host.lowercased() + (components.port.map { ":\($0)" } ?? "")
    }
}
