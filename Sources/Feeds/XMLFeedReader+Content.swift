import Foundation
import Markup

/// Text constructs: markup inside them, and what happens to an element's text when it ends.
extension XMLFeedReader {
    /// An element's text, finished: kept as the `String` or the UTF-8 bytes it was made as,
    /// converted only if asked for the other form.
    struct FinishedText {
        /// What the capture was for (a description read as content says `.content`).
        var element: FeedElement
        /// The text trimmed, before decoding, resolving and sanitising (for guids).
        var raw: String
        private var string: String?
        private var utf8: [UInt8]?
        /// Whether the value is HTML (the content type is HTML or XHTML).
        var kind: FeedText.Kind
        /// The content type at the end (text constructs only).
        var type: String?
        /// Whether feedparser stores this value (`expectingText`).
        var stored: Bool

        init(element: FeedElement, raw: String, value: String, kind: FeedText.Kind, type: String?, stored: Bool) {
            (self.element, self.raw, self.string, self.kind, self.type, self.stored) = (element, raw, value, kind, type, stored)
        }

        init(element: FeedElement, utf8: [UInt8], kind: FeedText.Kind, type: String?) {
            (self.element, self.raw, self.utf8, self.kind, self.type, self.stored) = (element, "", utf8, kind, type, true)
        }

        /// The value after every step (for elements whose text is stored), else trimmed only.
        var value: String { string ?? String(decoding: utf8 ?? [], as: UTF8.self) }
        /// The value typed: HTML when the content type is HTML or XHTML.
        var text: FeedText { utf8.map { FeedText(validUTF8: $0, kind: kind) } ?? FeedText(string ?? "", kind: kind) }
        /// Whether the value is empty.
        var isEmpty: Bool { utf8.map(\.isEmpty) ?? string?.isEmpty ?? true }
    }

    /// A start tag inside a text construct: written as markup (and the construct becomes
    /// XHTML), or let through when the construct is typed as other XML. Returns whether the
    /// element was taken as markup.
    mutating func startInContent(_ name: XMLStreamName, attributes: [XMLStreamAttribute], namespaces: [(prefix: String?, uri: String)], frame: inout Frame) -> Bool {
        let local = name.localName.lowercased()
        let type = contentType ?? "xml"
        if !type.hasSuffix("xml") {
            if local == "div", name.namespaceURI == nil || name.namespaceURI == "http://www.w3.org/1999/xhtml" {
                frame.element = .transparent  // typepad wraps escaped HTML in a div: dropped, text kept
                return true
            }
            setContentType("application/xhtml+xml")
        }
        guard contentType == "application/xhtml+xml", !captures.isEmpty else { return false }
        var pairs: [(String, String)] = []
        for (prefix, uri) in namespaces where prefix != nil && uri == HTMLSanitizer.xlinkNamespace {
            pairs.append(("xmlns:" + prefix!, uri))
        }
        if local == "math", name.namespaceURI == HTMLSanitizer.mathMLNamespace { pairs.append(("xmlns", HTMLSanitizer.mathMLNamespace)) }
        if local == "svg", name.namespaceURI == HTMLSanitizer.svgNamespace {
            pairs.append(("xmlns", HTMLSanitizer.svgNamespace))
            svgDepth += 1
            frame.svg = true
        }
        for attribute in attributes { pairs.append((Self.attributeKey(attribute.name), attribute.value)) }
        let index = captures.count - 1
        var bytes: [UInt8] = Array("<\(local)".utf8)
        for (key, value) in pairs {
            bytes += Array(" \(key)=\"".utf8)
            bytes += Self.escapedAttribute(value)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: ">"))
        var wrapper = captures[index].wrapper
        if wrapper.depth == 0 { wrapper.topLevelElements += 1 }
        captures[index].bytes += bytes
        if wrapper.depth == 0, wrapper.topLevelElements == 1, local == "div" { wrapper.divInnerStart = captures[index].bytes.count }
        wrapper.depth += 1
        captures[index].wrapper = wrapper
        frame.serializedName = local
        return true
    }

    /// The end tag of an element written as markup.
    mutating func writeEndTag(_ local: String) {
        guard !captures.isEmpty else { return }
        let index = captures.count - 1
        captures[index].wrapper.depth -= 1
        if captures[index].wrapper.depth == 0, local == "div", captures[index].wrapper.topLevelElements == 1 {
            captures[index].wrapper.divInnerEnd = captures[index].bytes.count
        }
        captures[index].bytes += Array("</\(local)>".utf8)
    }

    mutating func setContentType(_ type: String) {
        contentType = type
        if let index = captures.indices.last(where: { captures[$0].content != nil }) {
            captures[index].content?.type = type
        }
    }

    /// An element's text when it ends, through feedparser's steps: trim; for stored values,
    /// base64, relative URIs, HTML detection in RSS, sanitising, encoding repairs.
    mutating func finish(_ capture: Capture, base: String?) -> FinishedText {
        var bytes = capture.bytes[...]
        if version == "atom10", capture.content?.type == "application/xhtml+xml" {
            let wrapper = capture.wrapper
            if wrapper.topLevelElements == 1, !wrapper.hasTopLevelText, let start = wrapper.divInnerStart,
                let end = wrapper.divInnerEnd, start <= end
            {
                bytes = capture.bytes[start..<end]
            }
        }
        // The common case, HTML content (RSS descriptions, content:encoded): sanitised straight
        // from the bytes.
        if capture.expectingText, let content = capture.content, !content.isBase64,
            content.type == "text/html" || content.type == "application/xhtml+xml",
            let trimmed = FeedTextRendering.asciiTrimmed(bytes)
        {
            let sanitized = trimmed.withUnsafeBufferPointer {
                HTMLSanitizer.sanitize(bytes: $0, isXHTML: content.type == "application/xhtml+xml", baseURL: base)
            }
            let output = FeedTextRendering.repairingMojibake(sanitized)
            return FinishedText(element: capture.element, utf8: output, kind: .html, type: content.type)
        }
        var output: String
        if let trimmed = FeedTextRendering.asciiTrimmed(bytes) {
            output = String(decoding: trimmed, as: UTF8.self)
        } else {
            output = FeedTextRendering.pythonStrip(String(decoding: bytes, as: UTF8.self))
        }
        let raw = output
        guard capture.expectingText else {
            return FinishedText(element: capture.element, raw: raw, value: output, kind: .plain, type: nil, stored: false)
        }
        var type = capture.content?.type
        if capture.content?.isBase64 == true,
            let data = Data(base64Encoded: output, options: .ignoreUnknownCharacters),
            let decoded = String(data: data, encoding: .utf8)
        {
            output = decoded
        }
        switch capture.element {
        case .link, .uri, .mediaThumbnail:
            if !output.isEmpty { output = Self.resolve(output, against: base) }
        case .guid where guidIsLink:
            if !output.isEmpty { output = Self.resolve(output, against: base) }
        default:
            break
        }
        if !version.hasPrefix("atom"), type == "text/plain", FeedHTMLDetection.looksLikeHTML(output) {
            type = "text/html"
            setContentType("text/html")
        }
        let isHTML = type == "text/html" || type == "application/xhtml+xml"
        if isHTML, capture.content != nil {
            output = HTMLSanitizer.sanitize(output, isXHTML: type == "application/xhtml+xml", baseURL: base)
        }
        output = FeedTextRendering.repairingMojibake(output)
        return FinishedText(element: capture.element, raw: raw, value: output, kind: isHTML ? .html : .plain, type: type, stored: true)
    }

    /// An attribute value escaped for a double-quoted attribute.
    static func escapedAttribute(_ value: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes += Array("&amp;".utf8)
            case UInt8(ascii: "<"): bytes += Array("&lt;".utf8)
            case UInt8(ascii: ">"): bytes += Array("&gt;".utf8)
            case UInt8(ascii: "\""): bytes += Array("&quot;".utf8)
            default: bytes.append(byte)
            }
        }
        return bytes
    }
}

/// feedparser's guess whether RSS text that should be plain is in fact HTML: it has an end tag
/// or a character reference, every tag is one the sanitiser allows and every entity is HTML's.
enum FeedHTMLDetection {
    static func looksLikeHTML(_ text: String) -> Bool {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else { return false }
        let bytes = Array(text.utf8)
        var hasEndTag = false
        var hasReference = false
        var index = 0
        func word(from start: Int) -> Int {
            var end = start
            while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
            return end
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                var start = index + 1
                let isEnd = start < bytes.count && bytes[start] == UInt8(ascii: "/")
                if isEnd { start += 1 }
                let end = word(from: start)
                if end > start {
                    let name = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
                    guard HTMLSanitizerPolicy.acceptableElements.contains(name) else { return false }
                    if isEnd, end < bytes.count, bytes[end] == UInt8(ascii: ">") { hasEndTag = true }
                }
            } else if byte == UInt8(ascii: "&") {
                var start = index + 1
                let numeric = start < bytes.count && bytes[start] == UInt8(ascii: "#")
                if numeric { start += 1 }
                let end = word(from: start)
                if end > start, end < bytes.count, bytes[end] == UInt8(ascii: ";") {
                    hasReference = true
                    if !numeric {
                        let name = String(decoding: bytes[start..<end], as: UTF8.self)
                        guard HTMLEntity.codePoint(named: name) != nil else { return false }
                    }
                }
            }
            index += 1
        }
        return hasEndTag || hasReference
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }
}
