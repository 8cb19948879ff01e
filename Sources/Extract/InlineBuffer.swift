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

    /// Whether the buffer is one text and nothing else: its ``html(base:)`` is then its
    /// ``plainText`` escaped.
    var isSingleText: Bool {
        if pieces.count == 1, case .text = pieces[0] { true } else { false }
    }

    mutating func removeAll() {
        pieces.removeAll(keepingCapacity: true)
    }

    /// The whitespace-collapsed plain text (as ``PlainText/collapsingWhitespace(_:)`` gives it).
    var plainText: String {
        if pieces.count == 1, case .text(let text) = pieces[0] { return PlainText.collapsingWhitespace(text) }
        var joined = ""
        joined.reserveCapacity(pieces.reduce(0) { if case .text(let text) = $1 { $0 + text.utf8.count } else { $0 } })
        for case .text(let text) in pieces { joined += text }
        return PlainText.collapsingWhitespace(joined)
    }

    /// Unicode's `White_Space`, without a property lookup for ASCII.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) : scalar.properties.isWhitespace
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
                let leading = raw.unicodeScalars.first.map(Self.isWhitespace) ?? false
                let trailing = raw.unicodeScalars.last.map(Self.isWhitespace) ?? false
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

/// Escaping for HTML text and double-quoted attribute values, over UTF-8 bytes (every byte
/// escaped is ASCII, so multi-byte characters pass through untouched).
enum HTMLEscaping {
    static func text(_ value: String) -> String { escaped(value, quotes: false) }

    static func attribute(_ value: String) -> String { escaped(value, quotes: true) }

    private static func escaped(_ value: String, quotes: Bool) -> String {
        func needsEscape(_ byte: UInt8) -> Bool {
            byte == 0x26 || byte == 0x3C || byte == 0x3E || (quotes && (byte == 0x22 || byte == 0x27))
        }
        var source = value
        return source.withUTF8 { bytes in bytes.contains(where: needsEscape) ? escaping(bytes, quotes: quotes) : nil } ?? value
    }

    private static func escaping(_ bytes: UnsafeBufferPointer<UInt8>, quotes: Bool) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            switch byte {
            case 0x26: result.append(contentsOf: "&amp;".utf8)
            case 0x3C: result.append(contentsOf: "&lt;".utf8)
            case 0x3E: result.append(contentsOf: "&gt;".utf8)
            case 0x22 where quotes: result.append(contentsOf: "&quot;".utf8)
            case 0x27 where quotes: result.append(contentsOf: "&#39;".utf8)
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// URLs allowed in the sanitised HTML: absolute, and http(s) (or mailto for links) only.
enum SafeURL {
    /// A link target: resolved against `base`; `javascript:`, `data:`, fragments-only and
    /// other schemes are refused.
    static func link(_ reference: String, base: String?) -> String? {
        let trimmed = reference.trimmingWhitespace(.whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        if trimmed.utf8.prefix(7).map({ $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }).elementsEqual("mailto:".utf8) {
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
