import Foundation
import Markup

/// What ``HTMLSanitizer`` writes for a tag: allowed elements and attributes only, values escaped,
/// links made safe and absolute.
extension HTMLSanitizer {
    /// Writes a start tag if the element is allowed, with its allowed attributes.
    mutating func startTag(_ name: String, attributes given: [(String, AttributeValue)]) {
        var tag = name
        var attributes = given
        var allowed = HTMLSanitizerPolicy.acceptableAttributes
        var svgNames = false
        if !HTMLSanitizerPolicy.acceptableElements.contains(tag) || svgDepth > 0 {
            if HTMLSanitizerPolicy.droppedWithContent.contains(tag) { droppedDepth += 1 }
            if !isXHTML, attributes.last(where: { $0.0 == "xmlns" }).map({ isEmpty($0.1) }) ?? true {
                if tag == "svg" { attributes.append(("xmlns", .text(Self.svgNamespace))) }
                if tag == "math" { attributes.append(("xmlns", .text(Self.mathMLNamespace))) }
            }
            if tag == "math", attributes.contains(where: { $0.0 == "xmlns" && text($0.1) == Self.mathMLNamespace }) { mathDepth += 1 }
            if tag == "svg", attributes.contains(where: { $0.0 == "xmlns" && text($0.1) == Self.svgNamespace }) { svgDepth += 1 }
            if mathDepth > 0, HTMLSanitizerPolicy.mathMLElements.contains(tag) {
                allowed = HTMLSanitizerPolicy.mathMLAttributes
            } else if svgDepth > 0, HTMLSanitizerPolicy.svgElements.contains(tag) {
                allowed = HTMLSanitizerPolicy.svgAttributes
                tag = HTMLSanitizerPolicy.svgCase[tag] ?? tag
                svgNames = true
            } else if !HTMLSanitizerPolicy.acceptableElements.contains(tag) {
                return
            }
        }
        if mathDepth > 0 || svgDepth > 0, attributes.contains(where: { $0.0.hasPrefix("xlink:") }),
            !attributes.contains(where: { $0.0 == "xmlns:xlink" && text($0.1) == Self.xlinkNamespace })
        {
            attributes.append(("xmlns:xlink", .text(Self.xlinkNamespace)))
        }
        write("<")
        write(tag)
        for (key, value) in normalized(attributes) {
            var key = key
            var value = value
            if key == "style" {
                guard allowed.contains("style") else { continue }
                let style = CSSSanitizer.sanitize(text(value), inSVG: svgDepth > 0)
                if style.isEmpty { continue }
                value = .text(style)
            } else {
                guard allowed.contains(key) else { continue }
                if svgNames { key = HTMLSanitizerPolicy.svgCase[key] ?? key }
                if let baseURL, Self.mayHoldURI(key), HTMLSanitizerPolicy.uriAttributes.contains(name + " " + key) {
                    value = .text(Self.resolved(text(value), against: baseURL))
                }
                if key == "href", !isSafeURI(value) { value = .text("") }
            }
            write(" ")
            write(key)
            write("=\"")
            writeAttributeValue(value)
            write("\"")
        }
        write(HTMLSanitizerPolicy.voidElements.contains(tag) ? " />" : ">")
    }

    /// Writes an end tag if the element is allowed (never for void elements).
    mutating func endTag(_ name: String) {
        var tag = name
        if !HTMLSanitizerPolicy.acceptableElements.contains(tag) {
            if HTMLSanitizerPolicy.droppedWithContent.contains(tag) { droppedDepth -= 1 }
            if mathDepth > 0, HTMLSanitizerPolicy.mathMLElements.contains(tag) {
                if tag == "math" { mathDepth -= 1 }
            } else if svgDepth > 0, HTMLSanitizerPolicy.svgElements.contains(tag) {
                tag = HTMLSanitizerPolicy.svgCase[tag] ?? tag
                if tag == "svg" { svgDepth -= 1 }
            } else {
                return
            }
        }
        guard !HTMLSanitizerPolicy.voidElements.contains(tag) else { return }
        write("</")
        write(tag)
        write(">")
    }

    /// An attribute value escaped for a double-quoted attribute; references kept, a bare `&`
    /// escaped.
    mutating func writeAttributeValue(_ value: AttributeValue) {
        switch value {
        case .input(let range):
            writeEscaped(UnsafeBufferPointer(rebasing: input[range]))
        case .text(let text):
            var text = text
            text.withUTF8 { writeEscaped($0) }
        }
    }

    private mutating func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<bytes.count {
            let replacement: StaticString
            switch bytes[index] {
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "&"):
                if Self.isReference(bytes, at: index) { continue }
                replacement = "&amp;"
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            start = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }

    /// The value as a string.
    func text(_ value: AttributeValue) -> String {
        switch value {
        case .input(let range): string(range)
        case .text(let text): text
        }
    }

    func isEmpty(_ value: AttributeValue) -> Bool {
        switch value {
        case .input(let range): range.isEmpty
        case .text(let text): text.isEmpty
        }
    }

    /// Attributes with duplicate names collapsed (first place, last value), `rel` and `type`
    /// values lowercased, sorted by name.
    func normalized(_ attributes: [(String, AttributeValue)]) -> [(String, AttributeValue)] {
        var result: [(String, AttributeValue)] = []
        result.reserveCapacity(attributes.count)
        for (key, value) in attributes {
            let value: AttributeValue = key == "rel" || key == "type" ? .text(text(value).lowercased()) : value
            if let existing = result.firstIndex(where: { $0.0 == key }) {
                result[existing].1 = value
            } else {
                result.append((key, value))
            }
        }
        if result.count > 1 { result.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) } }
        return result
    }

    /// `&#123;`, `&#xAB;` or `&name;` at `index` (anything else is a bare ampersand).
    static func isReference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var position = index + 1
        guard position < bytes.count else { return false }
        if bytes[position] == UInt8(ascii: "#") {
            position += 1
            let hex = position < bytes.count && bytes[position] == UInt8(ascii: "x")
            if hex { position += 1 }
            let start = position
            while position < bytes.count, isDigit(bytes[position]) || (hex && hexLetterValue(bytes[position]) != nil) {
                position += 1
            }
            return position > start && position < bytes.count && bytes[position] == UInt8(ascii: ";")
        }
        let start = position
        while position < bytes.count, isLetter(bytes[position]) || isDigit(bytes[position])
            || bytes[position] == UInt8(ascii: "_") || bytes[position] >= 0x80
        {
            position += 1
        }
        return position > start && position < bytes.count && bytes[position] == UInt8(ascii: ";")
    }

    /// Whether an `href` may stay: no scheme, or one on the allow-list (not `javascript:`).
    func isSafeURI(_ value: AttributeValue) -> Bool {
        let scheme: String?
        switch value {
        case .input(let range): scheme = Self.scheme(of: UnsafeBufferPointer(rebasing: input[range]))
        case .text(let text): scheme = Self.scheme(of: text.utf8)
        }
        guard let scheme else { return true }
        return HTMLSanitizerPolicy.safeSchemes.contains(scheme)
    }

    /// Attribute names that can hold a link to resolve.
    static func mayHoldURI(_ key: String) -> Bool {
        switch key {
        case "href", "src", "cite", "action", "longdesc", "usemap", "poster": true
        default: false
        }
    }

    /// A relative reference resolved against `base` (an absolute one as it is).
    static func resolved(_ value: String, against base: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, scheme(of: trimmed.utf8) == nil else { return value }
        return URLResolver.resolve(trimmed, against: base) ?? value
    }

    /// The lowercased scheme of a URI as Python's `urlsplit` finds it (after leading spaces and
    /// control characters, ignoring tabs and line breaks), or nil when it has none.
    static func scheme<Bytes: Sequence<UInt8>>(of value: Bytes) -> String? {
        var scheme: [UInt8] = []
        var started = false
        for byte in value {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if !started, byte <= 0x20 { continue }
            started = true
            if byte == UInt8(ascii: ":") {
                guard let first = scheme.first, isLetter(first) else { return nil }
                return String(decoding: scheme, as: UTF8.self).lowercased()
            }
            guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
            else { return nil }
            scheme.append(byte)
        }
        return nil
    }

}
