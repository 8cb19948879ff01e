import FeedFarm
import Foundation
import Posix

/// The farm server's own cost: article pages fetched from it alone, over keep-alive connections
/// as the fetcher uses them, as fast as it serves them. Also checks that it serves the very bytes
/// the parse floor generates.
enum ServerProbe {
    struct Result: Codable, Sendable {
        var pages: Int
        var bytes: Int
        var connections: Int
        var seconds: Double
        var pagesPerSecond: Double
        var mebibytesPerSecond: Double
        /// CPU the server process used for them.
        var serverCPUSeconds: Double
        var serverCPUMillisecondsPerPage: Double
        /// Pages compared byte for byte with the benchmark's own generation of them.
        var pagesCompared: Int
    }

    /// Fetches `pages` (feed, item) over `connections` connections.
    static func run(server: FarmServerProcess, site: NewsSite, pages: [(feed: Int, item: Int)], connections: Int) throws -> Result {
        let port = server.port
        let baseURL = server.baseURL
        let before = server.sample()
        let started = ContinuousClock.now
        let outcomes = onThreads(connections, name: "probe") { index -> Swift.Result<(pages: Int, bytes: Int, compared: Int), BenchError> in
            do {
                var client = try PageClient(port: port)
                var fetched = 0
                var bytes = 0
                var compared = 0
                for position in stride(from: index, to: pages.count, by: connections) {
                    let (feed, item) = pages[position]
                    let body = try client.get("/articles/\(feed)/\(item).html")
                    if fetched < 3 {
                        guard body == site.articlePageBytes(feed: feed, item: item, baseURL: baseURL) else {
                            return .failure(BenchError("the farm server's page for feed \(feed) item \(item) differs from the benchmark's"))
                        }
                        compared += 1
                    }
                    fetched += 1
                    bytes += body.count
                }
                return .success((fetched, bytes, compared))
            } catch {
                return .failure(BenchError("fetching pages from the farm server failed: \(error)"))
            }
        }
        let elapsed = (ContinuousClock.now - started).seconds
        let after = server.sample()
        var total = (pages: 0, bytes: 0, compared: 0)
        for outcome in outcomes {
            let counts = try outcome.get()
            total = (total.pages + counts.pages, total.bytes + counts.bytes, total.compared + counts.compared)
        }
        let cpu = max(0, (after?.cpuSeconds ?? 0) - (before?.cpuSeconds ?? 0))
        return Result(
            pages: total.pages, bytes: total.bytes, connections: connections, seconds: elapsed,
            pagesPerSecond: Double(total.pages) / max(elapsed, 1e-9),
            mebibytesPerSecond: Double(total.bytes) / 1_048_576 / max(elapsed, 1e-9), serverCPUSeconds: cpu,
            serverCPUMillisecondsPerPage: cpu * 1000 / Double(max(1, total.pages)), pagesCompared: total.compared)
    }
}

/// A minimal HTTP/1.1 client on one keep-alive connection: GET, `Content-Length` bodies only.
private struct PageClient {
    let port: Int
    private let socket: Socket
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        self.port = port
        socket = try Socket.connectLoopback(port: port)
    }

    mutating func get(_ path: String) throws -> [UInt8] {
        try socket.write(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8))
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = buffer.firstRange(of: separator)?.lowerBound
            if headerEnd == nil { try fill() }
        }
        let head = String(decoding: buffer[..<headerEnd!], as: UTF8.self)
        buffer.removeSubrange(..<(headerEnd! + separator.count))
        guard head.hasPrefix("HTTP/1.1 200") else { throw BenchError("GET \(path): \(head.prefix(80))") }
        let lengthLine = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
        guard let lengthLine, let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else {
            throw BenchError("GET \(path): no Content-Length")
        }
        while buffer.count < length { try fill() }
        let body = Array(buffer[..<length])
        buffer.removeSubrange(..<length)
        return body
    }

    private mutating func fill() throws {
        let chunk = try socket.read(maxBytes: 256 * 1024)
        guard !chunk.isEmpty else { throw BenchError("the farm server closed the connection") }
        buffer.append(contentsOf: chunk)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
