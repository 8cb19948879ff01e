/// A failure to turn bytes into a document tree.
public struct MarkupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The input held no bytes (or only whitespace).
        public static let emptyDocument = Code("emptyDocument")
        /// libxml2 produced no tree at all, even in recovery mode.
        public static let parseFailed = Code("parseFailed")
        /// The input is larger than libxml2 can take in one buffer.
        public static let tooLarge = Code("tooLarge")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence for logs and operators.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
