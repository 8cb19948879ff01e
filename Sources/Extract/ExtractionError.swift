/// Why no article could be extracted from a page.
public struct ExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The response body was empty.
        public static let emptyDocument = Code("emptyDocument")
        /// The bytes are not an HTML page (binary data, no markup at all).
        public static let notHTML = Code("notHTML")
        /// The page parsed, but it holds no body text (a video page, an index, a login wall).
        public static let noContent = Code("noContent")

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
