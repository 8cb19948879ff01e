import Foundation

/// A Swift value sent as a statement parameter, in PostgreSQL's text format (the server casts
/// it to the parameter's type, as it would a quoted literal).
public protocol PostgresEncodable {
    /// The value as PostgreSQL reads it in a literal of the parameter's type.
    var postgresText: String { get }
}

/// A Swift value read from a result column in PostgreSQL's text format.
public protocol PostgresDecodable {
    /// Reads the text PostgreSQL sent for a non-NULL value.
    /// - Throws: `PostgresError` with code `.decoding` when the text is not such a value.
    init(postgresText: String) throws(PostgresError)
    /// The value for SQL NULL; only optionals have one.
    static func postgresNull(column: String) throws(PostgresError) -> Self
}

extension PostgresDecodable {
    public static func postgresNull(column: String) throws(PostgresError) -> Self {
        throw PostgresError(.decoding, "column \(column) is NULL, a \(Self.self) was expected")
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText: String) throws(PostgresError) {
        self = .some(try Wrapped(postgresText: postgresText))
    }

    public static func postgresNull(column: String) throws(PostgresError) -> Self { nil }
}

/// PostgreSQL text cannot hold NUL (U+0000), and libpq takes parameters as C strings, which
/// would end at one: a NUL is sent as U+FFFD, the replacement character, rather than cutting the
/// value short. (SQLite keeps it.)
extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String {
        utf8.contains(0) ? replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : self
    }

    public init(postgresText: String) { self = postgresText }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public init(postgresText: String) throws(PostgresError) {
        guard let value = Int64(postgresText) else { throw PostgresError(.decoding, "\"\(postgresText)\" is not a 64-bit integer") }
        self = value
    }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public init(postgresText: String) throws(PostgresError) {
        guard let value = Int(postgresText) else { throw PostgresError(.decoding, "\"\(postgresText)\" is not an integer") }
        self = value
    }
}

extension Double: PostgresEncodable, PostgresDecodable {
    /// Swift prints the shortest text that reads back as the same double, and PostgreSQL
    /// (`extra_float_digits` ≥ 1, the default since 12) answers the same way: values round-trip
    /// exactly, which times stored as seconds rely on.
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return "\(self)"
    }

    public init(postgresText: String) throws(PostgresError) {
        switch postgresText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(postgresText) else { throw PostgresError(.decoding, "\"\(postgresText)\" is not a number") }
            self = value
        }
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self ? "t" : "f" }
    public init(postgresText: String) throws(PostgresError) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresError(.decoding, "\"\(postgresText)\" is not a boolean")
        }
    }
}

/// `bytea` values, in the hex format (`\x0a1b…`) PostgreSQL uses by default since 9.0.
extension Data: PostgresEncodable, PostgresDecodable {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    public var postgresText: String {
        var text = [UInt8](repeating: 0, count: 2 + count * 2)
        text[0] = UInt8(ascii: "\\")
        text[1] = UInt8(ascii: "x")
        let digits = Self.hexDigits
        withUnsafeBytes { input in
            text.withUnsafeMutableBufferPointer { output in
                for (index, byte) in input.enumerated() {
                    output[2 + index * 2] = digits[Int(byte >> 4)]
                    output[3 + index * 2] = digits[Int(byte & 0x0f)]
                }
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes into a byte array first: appending to `Data` a byte at a time costs more than
    /// the rest of reading a fingerprint (the deduplicator reads many per article).
    public init(postgresText: String) throws(PostgresError) {
        let text = Array(postgresText.utf8)
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"), text.count % 2 == 0 else {
            throw PostgresError(.decoding, "a bytea value in hex format was expected (bytea_output = 'hex')")
        }
        /// The digit's value, or 0xFF for a byte that is not a hex digit.
        @inline(__always) func nibble(_ digit: UInt8) -> UInt8 {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit &- UInt8(ascii: "A") &+ 10
            default: 0xFF
            }
        }
        var bytes = [UInt8](repeating: 0, count: (text.count - 2) / 2)
        let valid = text.withUnsafeBufferPointer { input in
            bytes.withUnsafeMutableBufferPointer { output in
                var invalid: UInt8 = 0
                for index in output.indices {
                    let high = nibble(input[2 + 2 * index])
                    let low = nibble(input[3 + 2 * index])
                    invalid |= (high | low) & 0xF0
                    output[index] = high << 4 | low
                }
                return invalid == 0
            }
        }
        guard valid else { throw PostgresError(.decoding, "bytea value has a byte that is not a hex digit") }
        self = Data(bytes)
    }
}
