/// A TOML 1.0 parser that keeps the line of every key and value, so that configuration errors can
/// say where they are.
///
/// It accepts the whole of TOML 1.0 and refuses what TOML forbids (duplicate keys, tables defined
/// twice, values that are out of range). It is written for hostile input: it never traps, and
/// tables, arrays and inline tables may nest at most `maximumDepth` levels.
public enum TOMLParser {
    /// How deeply tables, arrays and inline tables may nest, counted together.
    public static let maximumDepth = 64

    /// Parses a TOML document.
    /// - Parameter text: the whole document. A leading byte order mark is ignored.
    /// - Returns: the root table.
    /// - Throws: `TOMLError` at the first problem, with its line and column.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLDocumentParser(text)
        return try parser.parseDocument()
    }
}
