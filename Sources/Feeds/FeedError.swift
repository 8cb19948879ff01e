/// Why a document could not be read as a feed (or an OPML subscription list).
public struct FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The response body was empty or only whitespace.
        public static let emptyDocument = Code("emptyDocument")
        /// The document is something else: an HTML page, JSON, plain text, garbage, or XML
        /// whose root is not `rss`, `rdf:RDF` or `feed`.
        public static let notAFeed = Code("notAFeed")
        /// An OPML file that is not OPML (not XML, or a root other than `<opml>`).
        public static let notOPML = Code("notOPML")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence for logs and operators: what was found instead of a feed.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
