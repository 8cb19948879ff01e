internal import CCurl
import Foundation

/// Turning a finished transfer into what the caller gets: a response, or an error that says
/// what failed, with libcurl's own words and the limit that was hit.
extension Transfer {
    /// Seconds since the transfer was created.
    var elapsed: TimeInterval {
        Double(DispatchTime.now().uptimeNanoseconds - startedAt.uptimeNanoseconds) / 1e9
    }

    /// The response or error for libcurl's final code.
    func result(for code: CURLcode) -> Result<FetchResponse, FetchError> {
        guard code == CURLE_OK else { return .failure(error(for: code)) }
        var response = FetchResponse(
            requestedURL: request.url,
            effectiveURL: easy.info(string: CURLINFO_EFFECTIVE_URL) ?? request.url,
            status: easy.info(long: CURLINFO_RESPONSE_CODE) ?? 0,
            headers: headers,
            body: body,
            elapsed: elapsed,
            redirectCount: easy.info(long: CURLINFO_REDIRECT_COUNT) ?? 0)
        response.connectionsOpened = easy.info(long: CURLINFO_NUM_CONNECTS) ?? 0
        response.redirectStatuses = Array(statuses.dropLast().suffix(response.redirectCount))
        return .success(response)
    }

    /// The error for a failed transfer, with libcurl's words and what the caller configured.
    func error(for code: CURLcode) -> FetchError {
        let url = request.url
        let detail = curlDetail(code)
        func make(_ kind: FetchError.Code, _ summary: String) -> FetchError {
            FetchError(code: kind, url: url, message: "\(url): \(summary)\(detail)")
        }
        if bodyLimitExceeded || code == CURLE_FILESIZE_EXCEEDED {
            var summary = "body larger than \(ByteCount.describe(configuration.maxBodyBytes)) limit"
            if code == CURLE_FILESIZE_EXCEEDED, let length = headers["Content-Length"] {
                summary += " (Content-Length \(length))"
            } else if let encoding = headers["Content-Encoding"] {
                summary += " (after \(encoding) decoding)"
            }
            return FetchError(code: .tooLarge, url: url, message: "\(url): \(summary)")
        }
        if let refusal, code == CURLE_COULDNT_CONNECT {
            return FetchError(
                code: .refusedAddress, url: url,
                message: "\(url): refused to connect to \(refusal.address) (\(refusal.kind)); "
                    + "set [fetch] allow_private_networks = true to allow")
        }
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL:
            return make(.unsupportedScheme, "redirected to a scheme other than http or https")
        case CURLE_URL_MALFORMAT:
            return make(.invalidURL, "not a valid URL")
        case CURLE_COULDNT_RESOLVE_HOST:
            return make(.dnsFailure, "host name not found")
        case CURLE_COULDNT_RESOLVE_PROXY:
            return make(.dnsFailure, "proxy host name not found (check the *_proxy environment variables)")
        case CURLE_COULDNT_CONNECT:
            return make(.connectionFailed, "could not connect")
        case CURLE_OPERATION_TIMEDOUT:
            return make(
                .timedOut,
                "timed out (limits: \(Self.seconds(configuration.connectTimeout)) to connect, "
                    + "\(Self.seconds(configuration.timeout)) in all)")
        case CURLE_TOO_MANY_REDIRECTS:
            return make(.tooManyRedirects, "more than \(configuration.maxRedirects) redirects")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return make(.tls, "TLS failed (the server's certificate must verify against the system CA store)")
        case CURLE_ABORTED_BY_CALLBACK:
            return make(.cancelled, "cancelled")
        default:
            return make(.transfer, "transfer failed")
        }
    }

    /// `": <libcurl's detailed message> (curl error N: <curl_easy_strerror>)"`.
    private func curlDetail(_ code: CURLcode) -> String {
        let summary = String(cString: curl_easy_strerror(code))
        let specific = easy.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
        let lead = specific.isEmpty ? "" : ": \(specific)"
        return "\(lead) (curl error \(code.rawValue): \(summary))"
    }

    private static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// Sizes in the units an operator reads: `"16 MiB"`, `"1 KiB"`, `"1500 bytes"`.
enum ByteCount {
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
