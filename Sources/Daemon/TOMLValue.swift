/// One TOML value together with the line it starts on.
///
/// Date-times are kept as written (`dateTime("1979-05-27T07:32:00Z")`) after the parser has checked
/// that they are valid; nothing in newsd needs them as dates.
public struct TOMLValue: Sendable, Equatable {
    /// What the value is, with its payload.
    public enum Kind: Sendable, Equatable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case bool(Bool)
        /// An offset date-time, local date-time, local date or local time, as written in the file.
        case dateTime(String)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    /// The value itself.
    public let kind: Kind
    /// The 1-based line the value starts on: for a table defined with a `[header]`, the header's line.
    public let line: Int

    /// Creates a value that starts on `line`.
    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// The TOML name of the value's type, for messages: "string", "integer", "float", "boolean",
    /// "date-time", "array" or "table".
    public var typeName: String {
        switch kind {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .bool: "boolean"
        case .dateTime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The type name with its article, for messages: "a string", "an integer", "an inline table"…
    var describedType: String {
        switch kind {
        case .integer: "an integer"
        case .array: "an array"
        case .table: "an inline table"
        default: "a \(typeName)"
        }
    }

    /// The string, if the value is a string.
    public var stringValue: String? {
        if case .string(let value) = kind { value } else { nil }
    }

    /// The integer, if the value is an integer.
    public var integerValue: Int64? {
        if case .integer(let value) = kind { value } else { nil }
    }

    /// The float, if the value is a float.
    public var floatValue: Double? {
        if case .float(let value) = kind { value } else { nil }
    }

    /// The boolean, if the value is a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = kind { value } else { nil }
    }

    /// The elements, if the value is an array (an array of tables included).
    public var arrayValue: [TOMLValue]? {
        if case .array(let value) = kind { value } else { nil }
    }

    /// The table, if the value is a table.
    public var tableValue: TOMLTable? {
        if case .table(let value) = kind { value } else { nil }
    }

    /// A short rendering of the value for error messages: strings quoted (and cut after 60
    /// characters), numbers, booleans and date-times as written, "an array" or "a table" otherwise.
    public var summary: String {
        switch kind {
        case .string(let value): Self.quoted(value)
        case .integer(let value): String(value)
        case .float(let value): String(value)
        case .bool(let value): String(value)
        case .dateTime(let value): value
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// Quotes `text` the way an operator would write it, escaping quotes, backslashes and control
    /// characters and cutting it after `limit` characters.
    static func quoted(_ text: String, limit: Int = 60) -> String {
        var result = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16, uppercase: true)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
