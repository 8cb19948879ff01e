internal import CCurl

/// A URL parsed by libcurl's own parser (`CURLU`), so what we check is what libcurl will fetch.
final class CurlURL {
    private let handle: OpaquePointer

    /// Parses an absolute URL with any scheme; nil if it is malformed or has no scheme.
    init?(_ string: String) {
        guard let handle = curl_url() else { return nil }
        self.handle = handle
        let flags = UInt32(CURLU_NON_SUPPORT_SCHEME)
        guard curl_url_set(handle, CURLUPART_URL, string, flags) == CURLUE_OK else { return nil }
    }

    deinit {
        curl_url_cleanup(handle)
    }

    /// The scheme in lower case, e.g. `"https"`.
    var scheme: String? { part(CURLUPART_SCHEME)?.lowercased() }
    /// The host name or address literal (IPv6 in brackets).
    var host: String? { part(CURLUPART_HOST) }

    private func part(_ which: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
