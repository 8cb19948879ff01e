import Foundation
import Markup

/// Namespaces the feed readers look for.
enum Namespace {
    static let atom = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcTerms = "http://purl.org/dc/terms/"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rss20 = "http://backend.userland.com/rss2"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let xml = "http://www.w3.org/XML/1998/namespace"
}

/// Text helpers for the readers: trimmed, whitespace-collapsed, empty as nil.
enum FeedText {
    /// The element's text with whitespace collapsed; nil when empty.
    static func plain(_ node: MarkupNode?) -> String? {
        guard let node else { return nil }
        return nonEmpty(PlainText.collapsingWhitespace(node.textContent))
    }

    /// The element's text trimmed at both ends only; nil when empty.
    static func trimmed(_ node: MarkupNode?) -> String? {
        guard let node else { return nil }
        return nonEmpty(node.textContent.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A title: plain text, markup (if the feed put any in) dropped.
    static func title(_ node: MarkupNode?) -> String? {
        guard let text = trimmed(node) else { return nil }
        return nonEmpty(PlainText.looksLikeHTML(text) ? PlainText.collapsingWhitespace(PlainText.fromHTML(text))
            : PlainText.collapsingWhitespace(text))
    }

    /// HTML (as RSS carries it, escaped or in CDATA) turned into plain text.
    static func htmlAsText(_ node: MarkupNode?) -> String? {
        guard let text = trimmed(node) else { return nil }
        return nonEmpty(PlainText.fromHTML(text))
    }

    /// A date element parsed; nil when absent or unparsable.
    static func date(_ node: MarkupNode?) -> Date? {
        guard let text = trimmed(node) else { return nil }
        return DateParser.parse(text)
    }

    /// A reference resolved against the element's base (`xml:base`, then the document URL).
    static func link(_ reference: String?, at node: MarkupNode) -> String? {
        guard let reference = nonEmpty(reference?.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return node.resolve(reference) ?? reference
    }

    /// Plain text escaped for use as HTML.
    static func escapedHTML(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// Appends names not yet present (compared as written), keeping order.
    static func appendUnique(_ values: [String], to list: inout [String]) {
        for value in values where !value.isEmpty && !list.contains(value) { list.append(value) }
    }
}
