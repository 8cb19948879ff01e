/// A store operation that failed, with what the operator or caller should know.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The database could not be opened or migrated.
        public static let open = Code("open")
        /// A feed with this URL already exists.
        public static let duplicateFeed = Code("duplicateFeed")
        /// The named feed or article does not exist.
        public static let notFound = Code("notFound")
        /// The database refused a read or write (I/O error, disk full, corruption).
        public static let database = Code("database")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
