/// A PostgreSQL operation that failed: connecting, running a statement or reading a value.
///
/// Errors the server reports carry their SQLSTATE (`sqlState`), so callers can tell a unique
/// violation or a serialisation failure from everything else without parsing messages.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The server could not be reached or refused the connection.
        public static let connection = Code("connection")
        /// The server rejected a statement (see `sqlState`), or the connection broke while running it.
        public static let statement = Code("statement")
        /// A value in a result was NULL where one was needed, not in the form expected, or its
        /// column does not exist.
        public static let decoding = Code("decoding")
    }

    public let code: Code
    /// The five-character SQLSTATE the server sent, when it sent one.
    public let sqlState: String?
    public let message: String

    public init(_ code: Code, sqlState: String? = nil, _ message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String {
        sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message
    }

    /// Another transaction committed a row with the same key first (23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// The transaction lost a race and can simply be run again: serialisation failure (40001) or
    /// deadlock (40P01).
    public var isTransient: Bool { sqlState == "40001" || sqlState == "40P01" }
}
