/// A configuration file that cannot be used: every problem found in it, each naming the file, the
/// line, and the key.
///
/// `description` lists the problems one per line, in line order, ready for stderr:
/// `config/newsd.toml:12: unknown key "fetch.allow_privat_networks" (did you mean "allow_private_networks"?)`.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// One problem in a configuration file.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The file, as it was named to `load` or `parse`.
        public let fileName: String
        /// The 1-based line, when the problem has one (a file that cannot be read has none).
        public let line: Int?
        /// The 1-based column, for TOML syntax errors.
        public let column: Int?
        /// What is wrong and, where possible, how to fix it.
        public let message: String

        /// Creates a problem.
        public init(fileName: String, line: Int?, column: Int? = nil, message: String) {
            self.fileName = fileName
            self.line = line
            self.column = column
            self.message = message
        }

        /// `file:line:column: message`, leaving out what is not known.
        public var description: String {
            var place = fileName
            if let line {
                place += ":\(line)"
                if let column { place += ":\(column)" }
            }
            return "\(place): \(message)"
        }
    }

    /// The problems, in line order (problems without a line first).
    public let problems: [Problem]

    /// Creates an error from problems, which it sorts by line.
    public init(problems: [Problem]) {
        self.problems = problems.enumerated().sorted { left, right in
            let leftLine = left.element.line ?? 0
            let rightLine = right.element.line ?? 0
            return leftLine != rightLine ? leftLine < rightLine : left.offset < right.offset
        }.map(\.element)
    }

    /// The problems, one per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
