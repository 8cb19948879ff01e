import Foundation
import Markup

/// Builds a ``Feed`` from the events of an ``XMLStreamParser`` run over an RSS, RDF, Atom or
/// CDF document.
///
/// It reads the way feed readers built on Python feedparser read, so feeds come out as their
/// users expect: every element is mapped to what it means whatever the format or namespace
/// (``FeedElement``); text is collected per element; inside a text construct (title,
/// description, summary, content, ...) child elements are markup and are written into the text
/// (which then counts as XHTML); when an element ends, its text is trimmed, decoded from base64
/// if marked so, resolved against `xml:base` if it is a URI, sanitised if it is HTML, repaired
/// (double-encoded UTF-8, windows-1252 C1 characters) and stored following feedparser's
/// precedence rules (an item's title set by a shallower element wins; other fields: the last at
/// the shallowest depth). A value type driven by ``XMLFeedEvents``: one reader per parse.
struct XMLFeedReader {
    /// Text being collected for one element.
    struct Capture {
        var element: FeedElement
        /// Whether the value is stored when the element ends (feedparser's `expectingText`).
        var expectingText: Bool
        var bytes: [UInt8] = []
        /// For text constructs: how the text is typed.
        var content: ContentParameters?
        /// For XHTML content: where a lone top-level `<div>`'s inside begins and ends, so Atom
        /// 1.0's wrapper div can be removed.
        var wrapper = WrapperDiv()
    }

    /// How a text construct is typed (`type`, `mode`), and where it is.
    struct ContentParameters {
        var type: String
        var isBase64: Bool
        var base: String?
    }

    /// Tracks whether XHTML content is exactly one `<div>` (whitespace around it aside).
    struct WrapperDiv {
        var topLevelElements = 0
        var hasTopLevelText = false
        var divInnerStart: Int?
        var divInnerEnd: Int?
        var depth = 0
    }

    /// One open element.
    struct Frame {
        var element: FeedElement
        /// Whether it pushed a capture (popped when it ends).
        var captures = false
        /// Written into a text construct as markup: its end tag is written too.
        var serializedName: String?
        /// Whether the element set a base URL (`xml:base`) or a language (`xml:lang`), pushed
        /// on ``XMLFeedReader/bases`` / ``XMLFeedReader/languages`` and popped at its end.
        var setsBase = false
        var setsLanguage = false
        /// An `svg` element written as markup.
        var svg = false
    }

    let documentURL: String?
    var frames: [Frame] = []
    var bases: [String?] = []
    var languages: [String?] = []
    var captures: [Capture] = []
    /// Capture buffers to reuse (fewer allocations on large feeds).
    var spareBuffers: [[UInt8]] = []
    /// Elements by name id (``XMLStreamName/id``), classified once.
    var elementsByName: [FeedElement?] = []
    /// Attribute keys by name id, computed once.
    var attributeKeys: [String?] = []

    // What is being built.
    var rootName: XMLStreamName?
    var feed = FeedDraft()
    var entries: [EntryDraft] = []
    var version = ""
    var feedHasImage = false
    var feedHasSummary = false

    // feedparser's context flags.
    var inFeed = false
    var inEntry = false
    var inImage = 0
    var inTextInput = 0
    var inSource = 0
    var inAuthor = false
    var inContributor = false
    var inPublisher = false
    var contentDepth = 0
    var contentType: String?
    var titleDepth = -1
    var hasContent = false
    var guidIsLink = false
    var descriptionIsContent = false
    var svgDepth = 0

    /// Text beyond this many bytes per element is dropped (bounded memory on any input).
    static let maxCaptureBytes = 16 << 20

    init(documentURL: String?, contentLocation: String?, contentLanguage: String?) {
        self.documentURL = documentURL
        let base = contentLocation.flatMap { location in
            Self.safeAbsoluteURI(base: documentURL ?? "", reference: location)
                ?? Self.safeAbsoluteURI(base: location, reference: nil)
        } ?? documentURL
        let language = contentLanguage.flatMap { FeedTextRendering.pythonStrip($0).isEmpty ? nil : $0 }
        if let language { feed.language = language.replacingOccurrences(of: "_", with: "-") }
        frames.append(Frame(element: .unknown))
        bases.append(base)
        languages.append(language)
    }

    /// The base URL and language in effect.
    var currentBase: String? { bases.last ?? nil }
    var currentLanguage: String? { languages.last ?? nil }
    var depth: Int { frames.count - 1 }

    // MARK: Events

    mutating func startElement(_ name: XMLStreamName, attributes: [XMLStreamAttribute], namespaces: [(prefix: String?, uri: String)]) {
        if rootName == nil { rootName = name }
        for (prefix, uri) in namespaces { trackNamespace(prefix: prefix, uri: uri) }
        let table = AttributeList(attributes) { attributeKey($0) }
        var frame = Frame(element: .unknown)
        if !table.isEmpty {
            if let base = table["xml:base"] ?? table["base"] {
                frame.setsBase = true
                if let current = currentBase {
                    bases.append(Self.safeAbsoluteURI(base: current, reference: base) ?? current)
                } else {
                    bases.append(base)
                }
            }
            if let language = table["xml:lang"] ?? table["lang"] {
                frame.setsLanguage = true
                languages.append(language.isEmpty ? nil : language)
            }
        }
        if let language = currentLanguage, name.localName.utf8.count <= 4 {
            let local = name.localName.lowercased()
            if local == "feed" || local == "rss" { feed.language = language.replacingOccurrences(of: "_", with: "-") }
        }

        if contentDepth > 0, startInContent(name, attributes: attributes, namespaces: namespaces, frame: &frame) {
            frames.append(frame)
            return
        }
        let element = classify(name)
        frame.element = element
        frames.append(frame)
        start(element, attributes: table)
    }

    mutating func endElement(_ name: XMLStreamName) {
        guard frames.count > 1 else { return }
        let frame = frames.removeLast()
        if let serialized = frame.serializedName {
            if frame.svg { svgDepth -= 1 }
            writeEndTag(serialized)
        } else {
            end(frame)
        }
        if frame.setsBase { bases.removeLast() }
        if frame.setsLanguage { languages.removeLast() }
    }

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard !captures.isEmpty else { return }
        let index = captures.count - 1
        guard captures[index].bytes.count + text.count <= Self.maxCaptureBytes else { return }
        if contentDepth > 0, contentType == "application/xhtml+xml" {
            Self.appendEscaped(text, to: &captures[index].bytes)
            if captures[index].wrapper.depth == 0, text.contains(where: { !Self.isXMLSpace($0) }) {
                captures[index].wrapper.hasTopLevelText = true
            }
        } else {
            captures[index].bytes.append(contentsOf: text)
            if captures[index].wrapper.depth == 0, contentDepth > 0, text.contains(where: { !Self.isXMLSpace($0) }) {
                captures[index].wrapper.hasTopLevelText = true
            }
        }
    }

    /// Ends the elements a document cut short left open, innermost first, so the text they
    /// hold is kept (libxml2 reports no end for them).
    mutating func endOpenElements() {
        while frames.count > 1 {
            let frame = frames.removeLast()
            if let serialized = frame.serializedName {
                writeEndTag(serialized)
            } else {
                end(frame)
            }
            if frame.setsBase { bases.removeLast() }
            if frame.setsLanguage { languages.removeLast() }
        }
    }

    /// The feed read so far; Atom entries without authors take the feed's.
    mutating func makeFeed() -> Feed {
        var result = Feed(format: version.hasPrefix("atom") ? .atom : .rss, version: version)
        result.titleText = feed.title
        result.siteURL = feed.link
        result.subtitle = feed.subtitle
        result.language = feed.language
        result.updated = feed.updated
        result.timeToLive = feed.timeToLive
        let feedAuthors = feed.authors.people
        result.items = entries.map { draft in
            var item = draft.item()
            if item.authorDetails.isEmpty, result.format == .atom { item.authorDetails = feedAuthors }
            return item
        }
        return result
    }

    // MARK: Captures

    /// Starts collecting text for an element.
    mutating func push(_ element: FeedElement, expectingText: Bool) {
        var capture = Capture(element: element, expectingText: expectingText)
        if let buffer = spareBuffers.popLast() { capture.bytes = buffer }
        captures.append(capture)
        frames[frames.count - 1].captures = true
    }

    /// Keeps a finished capture's buffer for the next one.
    mutating func recycle(_ buffer: [UInt8]) {
        guard spareBuffers.count < 16, buffer.capacity <= 1 << 20 else { return }
        var buffer = buffer
        buffer.removeAll(keepingCapacity: true)
        spareBuffers.append(buffer)
    }

    /// Starts collecting a text construct, typed by its `type` and `mode` attributes.
    mutating func pushContent(_ element: FeedElement, attributes: AttributeList, defaultType: String, expectingText: Bool) {
        contentDepth += 1
        let type = Self.mediaType(attributes["type"] ?? defaultType)
        let isBase64: Bool =
            if attributes["mode"] == "base64" {
                true
            } else if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") {
                false
            } else {
                true
            }
        contentType = type
        push(element, expectingText: expectingText)
        captures[captures.count - 1].content = ContentParameters(type: type, isBase64: isBase64, base: currentBase)
    }

    /// feedparser's names for content types (`html` → `text/html`).
    static func mediaType(_ type: String) -> String {
        // The defaults and the common spellings, without lowercasing.
        switch type {
        case "text/plain", "text/html", "application/xhtml+xml": return type
        case "text": return "text/plain"
        case "html": return "text/html"
        case "xhtml": return "application/xhtml+xml"
        default: break
        }
        return switch type.lowercased() {
        case "text", "plain": "text/plain"
        case "html": "text/html"
        case "xhtml": "application/xhtml+xml"
        case let other: other
        }
    }

    // MARK: Helpers

    /// ``attributeKey(_:)`` remembered by name id.
    mutating func attributeKey(_ name: XMLStreamName) -> String {
        if name.id < attributeKeys.count, let key = attributeKeys[name.id] { return key }
        let key = Self.attributeKey(name)
        guard name.id < 1 << 14 else { return key }
        if name.id >= attributeKeys.count { attributeKeys += Array(repeating: nil, count: name.id - attributeKeys.count + 1) }
        attributeKeys[name.id] = key
        return key
    }

    /// An attribute's name as feedparser keys it: lowercased, with the prefix it gives a known
    /// namespace (`xml:base`, `xml:lang`, `rdf:about`, `xlink:href`).
    static func attributeKey(_ name: XMLStreamName) -> String {
        let local = name.localName.lowercased()
        guard let namespace = name.namespaceURI?.lowercased() else { return local }
        if namespace == "http://www.w3.org/xml/1998/namespace" { return "xml:" + local }
        if let prefix = FeedElement.namespacePrefixes[namespace], !prefix.isEmpty { return prefix + ":" + local }
        return local
    }

    mutating func classify(_ name: XMLStreamName) -> FeedElement {
        if name.id < elementsByName.count, let known = elementsByName[name.id] { return known }
        let element = FeedElement.classify(namespaceURI: name.namespaceURI, prefix: name.prefix, localName: name.localName)
        guard name.id < 1 << 14 else { return element }  // a hostile number of names: not cached
        if name.id >= elementsByName.count { elementsByName += Array(repeating: nil, count: name.id - elementsByName.count + 1) }
        elementsByName[name.id] = element
        return element
    }

    /// Notes the feed version namespaces reveal (as feedparser does).
    mutating func trackNamespace(prefix: String?, uri: String) {
        guard version.isEmpty else { return }
        switch uri.lowercased() {
        case "http://my.netscape.com/rdf/simple/0.9/" where prefix == nil: version = "rss090"
        case "http://purl.org/rss/1.0/": version = "rss10"
        case "http://www.w3.org/2005/atom": version = "atom10"
        default: break
        }
    }

    static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var start = 0
        for (index, byte) in text.enumerated() {
            let replacement: StaticString
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            default: continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
            bytes.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            start = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<text.count]))
    }

    static func isXMLSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// feedparser's `make_safe_absolute_uri`: `reference` resolved against `base`; nil when the
    /// result's scheme is not one a feed may link to (`javascript:`).
    static func safeAbsoluteURI(base: String, reference: String?) -> String? {
        guard !base.isEmpty else { return reference }
        guard let reference, !reference.isEmpty else {
            guard let scheme = HTMLSanitizer.scheme(of: base.utf8) else { return base }
            return HTMLSanitizerPolicy.safeSchemes.contains(scheme) ? base : nil
        }
        let resolved = resolve(reference, against: base)
        guard let scheme = HTMLSanitizer.scheme(of: resolved.utf8), HTMLSanitizerPolicy.safeSchemes.contains(scheme) else {
            return nil
        }
        return resolved
    }

    /// A reference resolved against a base (feedparser's `_urljoin`); as it is without a base.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !base.isEmpty else { return reference }
        return URLResolver.resolve(reference, against: base) ?? reference
    }
}
