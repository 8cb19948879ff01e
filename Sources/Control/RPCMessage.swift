import Foundation

/// A JSON-RPC 2.0 request id: a number or a string.
public enum RPCID: Sendable, Equatable, Codable {
    case number(Int64)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }
}

/// A request (with an id) or notification (without) as it travels on the control socket.
public struct RPCRequest: Sendable, Codable {
    public var jsonrpc: String
    public var id: RPCID?
    public var method: String
    public var params: JSONValue?

    public init(id: RPCID?, method: String, params: JSONValue? = nil) {
        self.jsonrpc = "2.0"
        self.id = id
        self.method = method
        self.params = params
    }

    /// A request whose params are any encodable value.
    public init(id: RPCID?, method: ControlMethod, params: some Encodable) throws {
        self.init(id: id, method: method.rawValue, params: try ControlCoding.value(of: params))
    }

    /// Decodes the params as `T`; absent params decode as an empty object.
    public func decodeParams<T: Decodable>(_ type: T.Type) throws(RPCError) -> T {
        do {
            return try ControlCoding.decode(T.self, from: params ?? .object([:]))
        } catch {
            throw RPCError(.invalidParams, "invalid params for \(method): \(ControlCoding.describe(error))")
        }
    }
}

/// A response: exactly one of `result` and `error`.
public struct RPCResponse: Sendable, Codable {
    public var jsonrpc: String
    /// Null when the request could not be read far enough to know its id.
    public var id: RPCID?
    public var result: JSONValue?
    public var error: RPCError?

    public init(id: RPCID?, result: JSONValue) {
        self.jsonrpc = "2.0"
        self.id = id
        self.result = result
    }

    public init(id: RPCID?, error: RPCError) {
        self.jsonrpc = "2.0"
        self.id = id
        self.error = error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jsonrpc, forKey: .jsonrpc)
        try container.encode(id, forKey: .id)  // JSON-RPC wants "id": null, not a missing id
        if let error {
            try container.encode(error, forKey: .error)
        } else {
            try container.encode(result ?? .null, forKey: .result)
        }
    }

    /// Decodes the result as `T`, or throws the response's error.
    public func decodeResult<T: Decodable>(_ type: T.Type) throws(RPCError) -> T {
        if let error { throw error }
        do {
            return try ControlCoding.decode(T.self, from: result ?? .null)
        } catch {
            throw RPCError(.internalError, "unexpected result from daemon: \(ControlCoding.describe(error))")
        }
    }
}

/// A JSON-RPC error object. Codes below -32000 are JSON-RPC's own; -32001… are newsd's.
public struct RPCError: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    /// The error code, with named constants for every code newsd sends.
    public struct Code: RawRepresentable, Sendable, Codable, Hashable {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let parseError = Code(rawValue: -32700)
        public static let invalidRequest = Code(rawValue: -32600)
        public static let methodNotFound = Code(rawValue: -32601)
        public static let invalidParams = Code(rawValue: -32602)
        public static let internalError = Code(rawValue: -32603)
        /// The feed, article or job named does not exist.
        public static let notFound = Code(rawValue: -32001)
        /// The thing to create exists already.
        public static let conflict = Code(rawValue: -32002)
        /// The peer may not call this method.
        public static let forbidden = Code(rawValue: -32003)
        /// The daemon cannot do it now (shutting down, database unavailable).
        public static let unavailable = Code(rawValue: -32004)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
