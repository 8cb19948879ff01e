import Foundation
import Posix
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for tests, benchmarks and the demo: real sockets, real
/// keep-alive, one thread per connection. It is test and bench infrastructure, never part of the
/// daemon.
public final class HTTPServer: Sendable {
    /// Answers one request; runs on the connection's thread, so it may sleep to play a slow server.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    private let listener: ListeningSocket
    private let handler: Handler
    private let recordsRequests: Bool
    private let state = Mutex(State())

    private struct State {
        var requests: [HTTPRequest] = []
        var served = 0
        var connections: [ObjectIdentifier: Socket] = [:]
        var stopped = false
    }

    /// The port the server listens on.
    public var port: Int { listener.port ?? 0 }
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts listening at once; port 0 picks a free one.
    ///
    /// - Parameters:
    ///   - recordingRequests: whether to keep every request for ``requests``; a benchmark
    ///     serving hundreds of thousands of pages turns it off and reads ``requestsServed``.
    public init(port: Int = 0, recordingRequests: Bool = true, handler: @escaping Handler) throws {
        self.listener = try ListeningSocket.tcpLoopback(port: port)
        self.handler = handler
        self.recordsRequests = recordingRequests
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "http-server-accept"
        thread.start()
    }

    deinit {
        stop()
    }

    /// Every request served so far, in arrival order (empty when not recording).
    public var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// How many requests have been read so far, recorded or not.
    public var requestsServed: Int { state.withLock { $0.served } }

    /// Connections open now.
    public var openConnections: Int { state.withLock { $0.connections.count } }

    /// Stops accepting and closes every open connection.
    public func stop() {
        let open = state.withLock { state -> [Socket] in
            state.stopped = true
            return Array(state.connections.values)
        }
        listener.close()
        for connection in open { connection.shutdown() }
    }

    private func acceptLoop() {
        while true {
            guard let connection = try? listener.accept() else {
                if state.withLock({ $0.stopped }) { return }
                continue
            }
            let registered = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections[ObjectIdentifier(connection)] = connection
                return true
            }
            guard registered else { return }
            let thread = Thread { [self] in
                serve(connection)
                _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(connection)) }
                connection.close()
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    private func serve(_ connection: Socket) {
        var reader = RequestReader(socket: connection)
        while let request = try? reader.next() {
            state.withLock { state in
                state.served += 1
                if recordsRequests { state.requests.append(request) }
            }
            let response = handler(request)
            let keepAlive = request.header("Connection")?.lowercased() != "close"
            guard (try? send(response, to: connection, keepAlive: keepAlive, isHead: request.method == "HEAD")) == true,
                keepAlive
            else { return }
        }
    }

    /// Sends a response; returns whether the connection may carry another request.
    private func send(_ response: HTTPResponse, to connection: Socket, keepAlive: Bool, isHead: Bool) throws -> Bool {
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(for: response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        switch response.body {
        case .bytes(let bytes):
            head += "Content-Length: \(bytes.count)\r\n"
            head += keepAlive ? "\r\n" : "Connection: close\r\n\r\n"
            try connection.write(Array(head.utf8) + (isHead ? [] : bytes))
            return keepAlive
        case .stream(let produce):
            head += "Connection: close\r\n\r\n"
            try connection.write(Array(head.utf8))
            produce { chunk in try connection.write(chunk) }
            return false
        case .raw(let bytes):
            try connection.write(bytes)
            return false
        case .reset:
            connection.reset()
            return false
        }
    }
}

/// Reads HTTP/1.1 requests (headers and a `Content-Length` body) off one connection.
private struct RequestReader {
    let socket: Socket
    var buffer: [UInt8] = []
    static let maxHeaderBytes = 64 * 1024

    init(socket: Socket) {
        self.socket = socket
    }

    mutating func next() throws -> HTTPRequest? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            if let end = Self.headEnd(in: buffer) {
                headerEnd = end
                break
            }
            guard buffer.count < Self.maxHeaderBytes else { return nil }
            let chunk = try socket.read()
            if chunk.isEmpty { return nil }
            buffer.append(contentsOf: chunk)
        }
        // Split and trimmed as bytes: Foundation's string splitting and trimming were a third of
        // the farm server's CPU in a poll cycle of 304s.
        var lines = Self.lines(buffer[..<headerEnd!])
        buffer.removeSubrange(..<(headerEnd! + separator.count))
        let requestLine = lines.removeFirst().split(separator: UInt8(ascii: " "))
        guard requestLine.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let value = line[(colon + 1)...].drop { $0 == 32 || $0 == 9 }
            let end = value.lastIndex { $0 != 32 && $0 != 9 }.map { $0 + 1 } ?? value.startIndex
            headers.append((String(decoding: line[..<colon], as: UTF8.self), String(decoding: value[..<end], as: UTF8.self)))
        }
        var request = HTTPRequest(
            method: String(decoding: requestLine[0], as: UTF8.self), target: String(decoding: requestLine[1], as: UTF8.self),
            headers: headers, body: [])
        let length = Int(request.header("Content-Length") ?? "") ?? 0
        while buffer.count < length {
            let chunk = try socket.read()
            if chunk.isEmpty { return nil }
            buffer.append(contentsOf: chunk)
        }
        request.body = Array(buffer[..<length])
        buffer.removeSubrange(..<length)
        return request
    }

    /// Where the first blank line (CRLF CRLF) starts, found by a plain loop: Foundation's
    /// generic `firstRange(of:)` was a quarter of the farm server's CPU.
    private static func headEnd(in buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// The lines of a request head, split at each CRLF.
    private static func lines(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            if head[index] == 13, index + 1 < head.endIndex, head[index + 1] == 10 {
                lines.append(head[start..<index])
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        lines.append(head[start..<head.endIndex])
        return lines
    }
}
