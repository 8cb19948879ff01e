/// A request as the loopback server read it.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The request target as sent: path plus query.
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The path part of the target, without the query.
    public var path: String {
        String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { Self.equalIgnoringASCIICase($0.name, name) }?.value
    }

    private static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { x, y in x == y || x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A }
    }
}

/// A response for the loopback server to send.
public struct HTTPResponse: Sendable {
    /// What follows the headers.
    public enum Body: Sendable {
        /// A body of known length, sent with `Content-Length`.
        case bytes([UInt8])
        /// A body produced piece by piece and ended by closing the connection; `write` throws
        /// once the client has gone.
        case stream(@Sendable (_ write: ([UInt8]) throws -> Void) -> Void)
        /// Bytes sent as they are in place of the whole response (status line and headers
        /// included), then the connection is closed: for malformed answers.
        case raw([UInt8])
        /// No answer: the connection is reset (TCP RST) at once.
        case reset
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A 200 response with a body of the given type.
    public static func ok(_ body: [UInt8], contentType: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", contentType)] + headers, body: .bytes(body))
    }

    /// A 200 response with a UTF-8 text body.
    public static func ok(_ text: String, contentType: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        ok(Array(text.utf8), contentType: contentType, headers: headers)
    }

    /// A response with only a status line and headers.
    public static func status(_ status: Int, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers)
    }

    static func reason(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
