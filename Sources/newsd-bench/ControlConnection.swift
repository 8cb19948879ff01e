import Control
import Foundation
import Posix

/// One connection to the daemon's control socket, kept open for the whole run so sampling
/// `stats` costs one request, not a connection and a process each time.
struct ControlConnection {
    let path: String
    private let socket: Socket
    private var reader: LineReader
    private var nextID: Int64 = 1

    init(path: String) throws {
        self.path = path
        socket = try Socket.connectUnix(path: path)
        reader = LineReader(socket: socket, maxLineBytes: 256 << 20)
    }

    /// Sends a request and waits for its response, skipping notifications.
    mutating func call<Result: Decodable>(_ method: ControlMethod, _ params: some Encodable = [String: String](), as type: Result.Type) throws -> Result {
        let id = nextID
        nextID += 1
        try socket.write(ControlCoding.line(RPCRequest(id: .number(id), method: method, params: params)))
        while true {
            switch try reader.next() {
            case .end:
                throw BenchError("newsd closed the control connection (\(path))")
            case .tooLong:
                throw BenchError("newsd sent a control message too long to read")
            case .line(let bytes):
                guard let response = try? ControlCoding.decode(RPCResponse.self, from: bytes), response.id == .number(id) else { continue }
                return try response.decodeResult(Result.self)
            }
        }
    }

    func close() {
        socket.close()
    }
}

/// A failure of the benchmark itself, said plainly.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
