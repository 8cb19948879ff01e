/// A TOML document that cannot be parsed: what is wrong, and where.
public struct TOMLError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of problem. New kinds may be added; compare against the static constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case syntax = "syntax error"
            case duplicateKey = "duplicate key"
            case redefinedTable = "redefined table"
            case invalidValue = "invalid value"
            case tooDeep = "nesting too deep"
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The text does not follow TOML's grammar.
        public static let syntax = Code(.syntax)
        /// A key is given a value twice.
        public static let duplicateKey = Code(.duplicateKey)
        /// A table is defined twice, or a key is used both as a table and as something else.
        public static let redefinedTable = Code(.redefinedTable)
        /// A string, number or date-time is well formed but not valid (out of range, bad escape…).
        public static let invalidValue = Code(.invalidValue)
        /// Tables, arrays or inline tables nest deeper than `TOMLParser.maximumDepth`.
        public static let tooDeep = Code(.tooDeep)

        /// The kind's name, e.g. "duplicate key".
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// The 1-based line of the problem.
    public let line: Int
    /// The 1-based column of the problem, counted in Unicode scalars.
    public let column: Int
    /// What is wrong, for a human.
    public let message: String

    /// Creates an error.
    public init(code: Code, line: Int, column: Int, message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String {
        "line \(line), column \(column): \(message)"
    }
}
