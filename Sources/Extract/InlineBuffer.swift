import Foundation
import Markup

/// The running text of one block while it is collected: plain text plus the links inside it,
/// so the block comes out both as plain text and as inline HTML with the same whitespace.
struct InlineBuffer {
    private enum Piece {
        case text(String)
        case linkStart(String?)
        case linkEnd
    }

    private var pieces: [Piece] = []

    mutating func append(_ text: String) {
        guard !text.isEmpty else { return }
        pieces.append(.text(text))
    }

    /// Opens a link to `href` (unresolved, as written); text until ``endLink()`` is inside it.
    mutating func startLink(_ href: String?) { pieces.append(.linkStart(href)) }

    mutating func endLink() { pieces.append(.linkEnd) }

    mutating func removeAll() {
        pieces.removeAll(keepingCapacity: true)
    }

    /// The whitespace-collapsed plain text (as ``PlainText/collapsingWhitespace(_:)`` gives it).
    var plainText: String {
        var joined = ""
        for case .text(let text) in pieces { joined += text }
        return PlainText.collapsingWhitespace(joined)
    }

    /// The same text as inline HTML: escaped, links as `<a href>` with an absolute http(s) or
    /// mailto address (other links become plain text), whitespace collapsed as in ``plainText``.
    func html(base: String?) -> String {
        var result = ""
        var pendingSpace = false
        var started = false
        var openLinks: [Bool] = []  // for each open link: whether an <a> tag was written
        var unwrittenLink: String?  // an <a> waiting for its first visible character
        for piece in pieces {
            switch piece {
            case .text(let raw):
                let collapsed = PlainText.collapsingWhitespace(raw)
                let leading = raw.unicodeScalars.first?.properties.isWhitespace ?? false
                let trailing = raw.unicodeScalars.last?.properties.isWhitespace ?? false
                if collapsed.isEmpty {
                    if started, !raw.isEmpty { pendingSpace = true }
                    continue
                }
                if started, pendingSpace || leading { result += " " }
                pendingSpace = trailing
                if let href = unwrittenLink {
                    result += "<a href=\"" + HTMLEscaping.attribute(href) + "\">"
                    unwrittenLink = nil
                    if let last = openLinks.indices.last { openLinks[last] = true }
                }
                result += HTMLEscaping.text(collapsed)
                started = true
            case .linkStart(let href):
                let resolved = openLinks.isEmpty ? href.flatMap { SafeURL.link($0, base: base) } : nil
                unwrittenLink = resolved
                openLinks.append(false)
            case .linkEnd:
                guard let written = openLinks.popLast() else { continue }
                unwrittenLink = nil
                if written { result += "</a>" }
            }
        }
        for written in openLinks where written { result += "</a>" }
        return result
    }
}

/// Escaping for HTML text and double-quoted attribute values.
enum HTMLEscaping {
    static func text(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else { return value }
        var result = ""
        result.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func attribute(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return value }
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// URLs allowed in the sanitised HTML: absolute, and http(s) (or mailto for links) only.
enum SafeURL {
    /// A link target: resolved against `base`; `javascript:`, `data:`, fragments-only and
    /// other schemes are refused.
    static func link(_ reference: String, base: String?) -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        if trimmed.lowercased().hasPrefix("mailto:") {
            return trimmed.count > 7 && !trimmed.contains(where: { $0 == "<" || $0 == ">" || $0 == "\"" }) ? trimmed : nil
        }
        return image(trimmed, base: base)
    }

    /// An image source: resolved against `base`, http(s) only.
    static func image(_ reference: String, base: String?) -> String? {
        // Control characters and whitespace inside a scheme ("java\tscript:") are what browsers
        // ignore; a reference holding any is refused outright.
        guard !reference.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        guard let resolved = URLResolver.resolve(reference, against: base), URLResolver.isHTTP(resolved) else { return nil }
        return resolved
    }
}
