import Foundation

/// Why a control-socket line is not a request: the error to answer with, and the request's id
/// when the line was read far enough to know it.
public struct RPCRejection: Error, Sendable, Equatable {
    public var id: RPCID?
    public var error: RPCError

    public init(id: RPCID?, error: RPCError) {
        self.id = id
        self.error = error
    }

    /// The response the server sends for this line.
    public var response: RPCResponse { RPCResponse(id: id, error: error) }
}

extension RPCRequest {
    /// Reads one line of the control protocol as a JSON-RPC 2.0 request: a JSON object with
    /// `"jsonrpc": "2.0"`, a string `method`, an id that is a string or an integer (or absent or
    /// null: a notification) and, if present, structured `params`; unknown members are ignored.
    public static func read(line bytes: [UInt8]) throws(RPCRejection) -> RPCRequest {
        guard nestingDepth(of: bytes, upTo: maxNesting) <= maxNesting else {
            throw RPCRejection(id: nil, error: RPCError(.invalidRequest, "a request nested more than \(maxNesting) deep"))
        }
        let value: JSONValue
        do {
            value = try ControlCoding.decode(JSONValue.self, from: bytes)
        } catch {
            throw RPCRejection(id: nil, error: RPCError(.parseError, "not valid JSON"))
        }
        guard case .object(let object) = value else {
            throw RPCRejection(id: nil, error: RPCError(.invalidRequest, "a request must be a JSON object"))
        }
        let id: RPCID?
        switch object["id"] {
        case nil, .null: id = nil
        case .string(let string): id = .string(string)
        case .number(let number) where number == number.rounded() && abs(number) < 9.0e15: id = .number(Int64(number))
        default: throw RPCRejection(id: nil, error: RPCError(.invalidRequest, "\"id\" must be a string or an integer"))
        }
        guard object["jsonrpc"] == .string("2.0"), case .string(let method) = object["method"] else {
            throw RPCRejection(id: id, error: RPCError(.invalidRequest, "a request needs \"jsonrpc\": \"2.0\" and a string \"method\""))
        }
        switch object["params"] {
        case nil, .object, .array: break
        default: throw RPCRejection(id: id, error: RPCError(.invalidRequest, "\"params\" must be an object"))
        }
        return RPCRequest(id: id, method: method, params: object["params"])
    }

    /// The deepest nesting a request may have; real ones need three or four levels.
    static let maxNesting = 32

    /// How deep arrays and objects nest in `bytes` (strings skipped), counting no further than
    /// `limit + 1`. Checked before Foundation's decoder sees a line: it traps (rather than
    /// throws) on a document that reaches its own limit of 512 levels exactly at its last byte.
    static func nestingDepth(of bytes: [UInt8], upTo limit: Int) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > limit { return deepest }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
