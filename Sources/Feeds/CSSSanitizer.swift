import Foundation

/// Keeps the simple, known declarations of a `style` attribute (colours, fonts, alignment,
/// sizes) and drops the rest: anything with `url(...)`, expressions, comments or unknown
/// syntax empties the whole attribute. Follows feedparser's rules.
enum CSSSanitizer {
    private static let url = try! NSRegularExpression(pattern: #"url\s*\(\s*[^\s)]+?\s*\)\s*"#)
    private static let gauntlet = try! NSRegularExpression(
        pattern: #"^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$"#)
    private static let declarationsOnly = try! NSRegularExpression(pattern: #"\s*[-\w]+\s*:\s*[^:;]*;?"#)
    private static let declaration = try! NSRegularExpression(pattern: #"([-\w]+)\s*:\s*([^:;]*)"#)
    private static let validValue = try! NSRegularExpression(
        pattern: #"^(#[0-9a-f]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d{0,2}\.?\d{0,2}(cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$"#)

    /// The declarations of `style` that may stay, as `property: value;` joined by spaces, or
    /// "" when none may.
    static func sanitize(_ style: String, inSVG: Bool) -> String {
        let cleaned = url.stringByReplacingMatches(in: style, range: range(style), withTemplate: " ")
        guard gauntlet.firstMatch(in: cleaned, range: range(cleaned)) != nil else { return "" }
        let rest = declarationsOnly.stringByReplacingMatches(in: cleaned, range: range(cleaned), withTemplate: "")
        guard rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "" }
        var kept: [String] = []
        let text = cleaned as NSString
        for match in declaration.matches(in: cleaned, range: range(cleaned)) {
            let property = text.substring(with: match.range(at: 1))
            let value = text.substring(with: match.range(at: 2))
            guard !value.isEmpty else { continue }
            let lower = property.lowercased()
            if HTMLSanitizerPolicy.cssProperties.contains(lower) {
                kept.append(property + ": " + value + ";")
            } else if ["background", "border", "margin", "padding"].contains(lower.split(separator: "-").first.map(String.init) ?? "") {
                let keywords = value.split(whereSeparator: { $0.isWhitespace }).map(String.init)
                if keywords.allSatisfy({ HTMLSanitizerPolicy.cssKeywords.contains($0) || validValue.firstMatch(in: $0, range: range($0)) != nil }) {
                    kept.append(property + ": " + value + ";")
                }
            } else if inSVG, HTMLSanitizerPolicy.svgCSSProperties.contains(lower) {
                kept.append(property + ": " + value + ";")
            }
        }
        return kept.joined(separator: " ")
    }

    private static func range(_ text: String) -> NSRange { NSRange(text.startIndex..., in: text) }
}
