import Control
import Foundation
import Posix

/// One connection to the daemon's control socket.
struct ControlClient {
    /// Why a command failed, with the exit status it maps to.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        var exitCode: Int32

        /// The daemon is not running or the socket is not reachable (EX_UNAVAILABLE).
        static func unreachable(_ path: String, _ error: any Error) -> Failure {
            Failure(
                description: "cannot reach newsd at \(path): \(error)\n(is the daemon running? set --socket or NEWSD_SOCKET)",
                exitCode: 69)
        }

        /// The daemon answered with an error.
        static func refused(_ error: RPCError) -> Failure {
            Failure(description: error.message, exitCode: error.code == .notFound ? 3 : 1)
        }
    }

    let path: String
    private let socket: Socket
    private var reader: LineReader
    private var nextID: Int64 = 1

    init(path: String) throws(Failure) {
        self.path = path
        do {
            socket = try Socket.connectUnix(path: path)
        } catch {
            throw .unreachable(path, error)
        }
        reader = LineReader(socket: socket, maxLineBytes: 64 << 20)
    }

    /// Sends a request and waits for its response.
    mutating func call<Result: Decodable>(_ method: ControlMethod, _ params: some Encodable, as type: Result.Type) throws(Failure) -> Result {
        let id = try send(method, params)
        while true {
            switch try receive() {
            case .response(let response) where response.id == .number(id) || response.id == nil:
                do {
                    return try response.decodeResult(Result.self)
                } catch {
                    throw .refused(error)
                }
            default:
                continue
            }
        }
    }

    /// Sends a request and returns its id.
    mutating func send(_ method: ControlMethod, _ params: some Encodable) throws(Failure) -> Int64 {
        let id = nextID
        nextID += 1
        do {
            try socket.write(ControlCoding.line(RPCRequest(id: .number(id), method: method, params: params)))
        } catch {
            // The daemon may have said why before closing (a refused peer): show that instead.
            if case .response(let response)? = try? receive(), let refusal = response.error { throw .refused(refusal) }
            throw .unreachable(path, error)
        }
        return id
    }

    /// What came off the socket.
    enum Incoming {
        case response(RPCResponse)
        case notification(RPCRequest)
    }

    mutating func receive() throws(Failure) -> Incoming {
        while true {
            let line: LineReader.Line
            do {
                line = try reader.next()
            } catch {
                throw .unreachable(path, error)
            }
            switch line {
            case .end:
                throw Failure(description: "newsd closed the connection", exitCode: 69)
            case .tooLong:
                throw Failure(description: "newsd sent a message too long to read", exitCode: 1)
            case .line(let bytes):
                if let request = try? ControlCoding.decode(RPCRequest.self, from: bytes) {
                    return .notification(request)
                }
                if let response = try? ControlCoding.decode(RPCResponse.self, from: bytes) {
                    return .response(response)
                }
                throw Failure(description: "newsd sent something that is not JSON-RPC", exitCode: 1)
            }
        }
    }
}

/// An empty params object.
struct NoParams: Encodable {}
