import Foundation

/// How control messages and log lines become JSON and back: one JSON text per line, UTF-8,
/// slashes and non-ASCII left as they are so Arabic stays readable in logs, keys sorted so the
/// same value always gives the same text (Foundation's key order is otherwise random on Linux).
public enum ControlCoding {
    /// The longest line either side accepts.
    public static let maxLineBytes = 1 << 20

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    /// One message as a line, newline included.
    public static func line(_ value: some Encodable) throws -> [UInt8] {
        var bytes = [UInt8](try encoder().encode(value))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// The JSON text of a value, without a newline.
    public static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(bytes))
    }

    /// Any encodable value as a `JSONValue`.
    public static func value(of value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try encoder().encode(value))
    }

    /// Decodes `T` from a `JSONValue`.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONDecoder().decode(T.self, from: try encoder().encode(value))
    }

    /// A short, human description of a decoding error: which field and what was wrong.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "message" : keys.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), got null"
        case .keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// RFC 3339 in UTC with whole seconds, as every time in the protocol and the log is written.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Parses an RFC 3339 time as `timestamp` writes it.
    public static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
