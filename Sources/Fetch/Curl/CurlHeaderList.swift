internal import CCurl

/// A `curl_slist` of request header lines, freed in `deinit`.
///
/// Hand it to `CurlEasy.set(_:_:)`, which keeps it alive as long as the transfer needs it.
final class CurlHeaderList {
    /// The list's first node, or nil while it is empty.
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit {
        curl_slist_free_all(head)
    }

    /// Whether no line has been added.
    var isEmpty: Bool { head == nil }

    /// Appends one `Name: value` line; libcurl copies the text.
    func append(_ line: String) throws(CurlError) {
        guard let newHead = curl_slist_append(head, line) else {
            throw CurlError(call: "curl_slist_append", subject: line, code: CURLE_OUT_OF_MEMORY)
        }
        head = newHead
    }
}
