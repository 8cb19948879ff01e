internal import CCurl
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request on its way through libcurl: the easy handle and everything the callbacks fill in.
///
/// Confined to the fetcher thread. libcurl's callbacks reach it through an unretained pointer
/// (`CURLOPT_WRITEDATA`, `HEADERDATA`, `OPENSOCKETDATA`); that stays valid because the loop holds
/// the transfer until the easy handle has left the multi handle.
final class Transfer {
    typealias Completion = @Sendable (Result<FetchResponse, FetchError>) -> Void

    let request: FetchRequest
    let completion: Completion
    /// `request.url` with what may not go on the wire raw percent-encoded.
    private let wireURL: String
    let easy: CurlEasy
    let configuration: FetchConfiguration
    private let policy: AddressPolicy
    let startedAt = DispatchTime.now()

    /// The current response's header fields; reset by every status line.
    private(set) var headers = HTTPHeaders()
    /// The status of every response received, redirects first (interim 1xx left out).
    private(set) var statuses: [Int] = []
    /// The current response's body, decompressed.
    private(set) var body = Data()
    /// Set when the body outgrew `maxBodyBytes` and the write callback aborted the transfer.
    private(set) var bodyLimitExceeded = false
    /// The last address the guard refused, and why.
    private(set) var refusal: (address: IPAddress, kind: IPAddressClass)?

    /// Configures an easy handle for `request`.
    ///
    /// - Throws: `FetchError` for a malformed URL or a scheme other than http and https, before
    ///   anything touches the network, or when libcurl rejects an option.
    init(request: FetchRequest, configuration: FetchConfiguration, policy: AddressPolicy, completion: @escaping Completion)
        throws(FetchError)
    {
        self.request = request
        self.configuration = configuration
        self.policy = policy
        self.completion = completion
        wireURL = RequestURL.encoded(request.url)
        try Self.validate(wireURL, as: request.url)
        do {
            easy = try CurlEasy()
        } catch {
            throw FetchError(code: .setup, url: request.url, message: "\(request.url): cannot start a transfer: \(error)")
        }
        do {
            try configure()
        } catch {
            throw FetchError(code: .setup, url: request.url, message: "\(request.url): libcurl refused an option: \(error)")
        }
    }

    private static func validate(_ wireURL: String, as url: String) throws(FetchError) {
        guard let parsed = CurlURL(wireURL), let scheme = parsed.scheme else {
            throw FetchError(code: .invalidURL, url: url, message: "\(url): not a valid absolute URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw FetchError(
                code: .unsupportedScheme, url: url,
                message: "\(url): unsupported scheme \"\(scheme)\"; only http and https are fetched")
        }
        guard let host = parsed.host, !host.isEmpty else {
            throw FetchError(code: .invalidURL, url: url, message: "\(url): URL has no host")
        }
    }

    private func configure() throws(CurlError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_NOSIGNAL, true)
        try easy.set(CURLOPT_URL, wireURL)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, true)
        try easy.set(CURLOPT_MAXREDIRS, configuration.maxRedirects)
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")  // every decoding libcurl has: gzip, deflate, br, zstd
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        try easy.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.timeout))
        try easy.set(CURLOPT_USERAGENT, configuration.userAgent)
        try easy.set(CURLOPT_SSL_VERIFYPEER, true)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        try easy.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        try easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(configuration.maxBodyBytes))
        try easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, true)  // a proxy's CONNECT reply is not ours

        let lines = CurlHeaderList()
        if let etag = Self.headerValue(request.etag) { try lines.append("If-None-Match: \(etag)") }
        if let date = Self.headerValue(request.lastModified) { try lines.append("If-Modified-Since: \(date)") }
        if let accept = Self.headerValue(request.accept) { try lines.append("Accept: \(accept)") }
        if !lines.isEmpty { try easy.set(CURLOPT_HTTPHEADER, lines) }

        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.set(CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        try easy.set(CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        try easy.set(CURLOPT_OPENSOCKETDATA, pointer: context)
        try easy.setOpenSocketFunction { context, _, address in
            guard let context, let address else { return CURL_SOCKET_BAD }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.openSocket(address)
        }
    }

    /// A header value to send, or nil when absent, empty or not a single line (never inject).
    private static func headerValue(_ value: String?) -> String? {
        guard let value, !value.isEmpty, !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
            return nil
        }
        return value
    }

    private static func milliseconds(_ seconds: TimeInterval) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }

    // MARK: Callbacks (fetcher thread, inside curl_multi_perform)

    /// Appends body bytes; returns fewer than given (so libcurl aborts) past the size limit.
    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= configuration.maxBodyBytes else {
            bodyLimitExceeded = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Takes one header line. A status line starts a new response (a redirect's target, or the
    /// real answer after `100 Continue`), so only the final response's fields remain.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = bytes[...]
        while let last = line.last, last == 13 || last == 10 { line = line.dropLast() }
        guard !line.isEmpty else { return }
        if line.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()
            body.removeAll(keepingCapacity: true)
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
            if fields.count >= 2, let status = Int(String(decoding: fields[1], as: UTF8.self)), status >= 200 {
                statuses.append(status)
            }
            return
        }
        // Split and trimmed as bytes (Foundation's trimming was 3% of the daemon's CPU in a
        // cycle of 304s); whitespace around names and values is HTTP's: spaces and tabs.
        if let first = line.first, first == 32 || first == 9 {
            headers.appendToLast(Self.text(Self.trimmed(line)))
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        headers.append(name: Self.text(Self.trimmed(line[..<colon])), value: Self.text(Self.trimmed(line[(colon + 1)...])))
    }

    /// Bytes without the spaces and tabs around them.
    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        let start = bytes.firstIndex { $0 != 32 && $0 != 9 } ?? bytes.endIndex
        let end = bytes[start...].lastIndex { $0 != 32 && $0 != 9 }.map { $0 + 1 } ?? start
        return bytes[start..<end]
    }

    /// Header bytes as text: UTF-8, or Latin-1 when they are not valid UTF-8.
    private static func text(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// Creates the socket for a connection libcurl is about to make, unless the address policy
    /// refuses its address; then records why and returns `CURL_SOCKET_BAD`.
    private func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let family = address.pointee.family
        let socketAddress = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \.addr)!
        if !policy.allowPrivateNetworks {
            guard let ip = IPAddress(family: family, socketAddress: socketAddress) else {
                return CURL_SOCKET_BAD  // not IP (a Unix socket): never for a feed URL
            }
            if let kind = policy.refusal(for: ip) {
                refusal = (ip, kind)
                return CURL_SOCKET_BAD
            }
            refusal = nil  // a later connect failure is then not blamed on an earlier refusal
        }
        let descriptor = socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
        return descriptor >= 0 ? descriptor : CURL_SOCKET_BAD
    }
}
