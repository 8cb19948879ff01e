@preconcurrency import CLibXML2
import Foundation

/// A qualified XML name as ``XMLStreamParser`` reports it.
///
/// Names are interned for the length of one parse: the same (prefix, local name, namespace)
/// always comes with the same ``id`` (and the same object), so a delegate can classify a name
/// once and look the answer up by number afterwards.
public final class XMLStreamName: Sendable, Hashable {
    /// A small number naming this (prefix, local name, namespace) within one parse.
    public let id: Int
    /// The local name, as written (case kept).
    public let localName: String
    /// The prefix as written, if any.
    public let prefix: String?
    /// The namespace URI the name is in, if any.
    public let namespaceURI: String?

    /// The name as written: `prefix:local` or `local`.
    public var qualifiedName: String { prefix.map { $0 + ":" + localName } ?? localName }

    init(id: Int, localName: String, prefix: String?, namespaceURI: String?) {
        self.id = id
        self.localName = localName
        self.prefix = prefix
        self.namespaceURI = namespaceURI
    }

    public static func == (lhs: XMLStreamName, rhs: XMLStreamName) -> Bool {
        lhs.localName == rhs.localName && lhs.prefix == rhs.prefix && lhs.namespaceURI == rhs.namespaceURI
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(localName)
        hasher.combine(prefix)
        hasher.combine(namespaceURI)
    }
}

/// One attribute of a start tag (entity and character references already decoded).
public struct XMLStreamAttribute: Sendable {
    /// The attribute's name; `xml:base` and `xml:lang` are in the XML namespace.
    public let name: XMLStreamName
    /// The value, decoded.
    public let value: String
}

/// Receives the events of an ``XMLStreamParser`` run, in document order.
public protocol XMLStreamDelegate: AnyObject {
    /// A start tag, with its attributes and the namespaces it declares (`xmlns`, `xmlns:p`).
    func startElement(_ name: XMLStreamName, attributes: [XMLStreamAttribute], namespaces: [(prefix: String?, uri: String)])
    /// An end tag (also sent for an empty-element tag, and for elements closed by recovery).
    func endElement(_ name: XMLStreamName)
    /// A run of text or CDATA as UTF-8; the buffer is only valid during the call. One text
    /// may arrive in several calls.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// What a stream parse came to.
public struct XMLStreamResult: Sendable, Equatable {
    /// Whether the document was well-formed XML as written: no error, no namespace error, no
    /// HTML entity that XML does not define, no invalid UTF-8 replaced.
    public var isWellFormed: Bool
    /// The first problem found, with its line (`line 3: Opening and ending tag mismatch`), if any.
    public var firstError: String?
    /// Whether the parse was cut short because the text grew past the limit (an entity bomb).
    public var stoppedAtLimit: Bool
}

/// Streams an XML document through libxml2's SAX2 parser: no tree is built, so memory stays
/// small whatever the document's size, and the delegate sees each element as it is read.
///
/// Safe on hostile input: external entities and DTDs are never loaded (the entity loader
/// refuses everything and `XML_PARSE_NONET` is set), libxml2's entity amplification guard stays
/// on (no `XML_PARSE_HUGE`), nesting is limited by libxml2 (256 levels), and the text handed to
/// the delegate is capped (``parse(_:encoding:isValidUTF8:delegate:maxTextBytes:)``). Broken documents are
/// recovered as far as libxml2 can; the result says whether that was needed.
///
/// HTML entities XML does not define (`&nbsp;`, `&eacute;`), common in feeds, are read as the
/// characters they name; a reference to a name nobody defines (`&foo;`) is kept as the text
/// `&foo;`. Either makes the document count as not well-formed.
public enum XMLStreamParser {
    /// Parses a document and sends its events to `delegate`.
    ///
    /// - Parameters:
    ///   - data: the document's bytes.
    ///   - encoding: the charset to read the bytes with (overriding the XML declaration), or
    ///     `nil` to let libxml2 decide from a byte-order mark, the UTF-16/32 layout or the
    ///     declaration.
    ///   - isValidUTF8: with `encoding` UTF-8, the caller has checked the bytes are valid UTF-8
    ///     (they are not checked again).
    ///   - delegate: receives the events.
    ///   - maxTextBytes: stop once the delegate has been handed this much text (entity
    ///     expansion included); defaults to 16 times the input plus 1 MiB.
    /// - Returns: whether the document was well-formed, and its first error.
    public static func parse(
        _ data: Data, encoding: String?, isValidUTF8: Bool = false, delegate: any XMLStreamDelegate,
        maxTextBytes: Int? = nil
    ) -> XMLStreamResult {
        LibXML.ensureInitialized()
        guard !data.isEmpty, data.count < Int(Int32.max) else {
            return XMLStreamResult(
                isWellFormed: false, firstError: data.isEmpty ? "the document is empty" : "the document is too large",
                stoppedAtLimit: false)
        }
        // UTF-8 is libxml2's own encoding: naming it would run every byte through a UTF-8 to
        // UTF-8 converter; with the declaration ignored, libxml2 reads the bytes as they are.
        let isUTF8 = encoding.map { $0.uppercased() } == "UTF-8"
        let lifted = isUTF8 ? XMLCDATAExtraction.extract(from: data, isValidUTF8: isValidUTF8) : nil
        let entities = XMLEntityRepair.numericHTMLEntities(in: lifted?.data ?? data, escapingUnknown: true)
        let session = XMLStreamSession(delegate: delegate, maxTextBytes: maxTextBytes ?? (data.count * 16 + (1 << 20)))
        session.sections = lifted?.sections ?? []
        var handler = xmlSAXHandler()
        xmlSAXVersion(&handler, 2)
        handler.startElementNs = streamStartElement
        handler.endElementNs = streamEndElement
        handler.characters = streamCharacters
        handler.ignorableWhitespace = streamCharacters
        handler.cdataBlock = lifted == nil ? streamCharacters : streamLiftedCDATA
        handler.serror = streamError
        handler.comment = nil
        handler.processingInstruction = nil
        handler.reference = nil
        handler.startElement = nil
        handler.endElement = nil
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOENT.rawValue | (encoding != nil ? XML_PARSE_IGNORE_ENC.rawValue : 0)
        let parserEncoding = isUTF8 ? nil : encoding
        LibXML.silenceErrors()
        let unmanaged = Unmanaged.passRetained(session)
        defer { unmanaged.release() }
        var wellFormed = false
        let parsed: Bool = data.withUnsafeBytes { original in
            session.original = original
            defer { session.original = nil }
            return entities.data.withUnsafeBytes { raw in
                MemoryInput.parse(raw, handler: &handler, options: options, encoding: parserEncoding) { context in
                    session.context = context
                    context.pointee._private = unmanaged.toOpaque()
                } finished: { context in
                    wellFormed = context.pointee.wellFormed != 0 && context.pointee.nsWellFormed != 0
                }
            }
        }
        guard parsed else {
            return XMLStreamResult(isWellFormed: false, firstError: "libxml2 could not allocate a parser", stoppedAtLimit: false)
        }
        wellFormed = wellFormed && !entities.changed && !session.stoppedAtLimit
        var firstError = session.firstError
        if firstError == nil, entities.changed { firstError = "an HTML entity XML does not define (&nbsp;, &eacute;, ...)" }
        return XMLStreamResult(isWellFormed: wellFormed, firstError: firstError, stoppedAtLimit: session.stoppedAtLimit)
    }

    /// libxml2's own SAX parse of the bytes with no handlers at all, for benchmarks: the floor
    /// any parser built on libxml2 stands on (the charset from `encoding`, else the document's
    /// own declaration). Returns whether the document was well-formed.
    public static func bareParse(_ data: Data, encoding: String?) -> Bool {
        LibXML.ensureInitialized()
        guard !data.isEmpty, data.count < Int(Int32.max) else { return false }
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.characters = { _, _, _ in }
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | (encoding != nil ? XML_PARSE_IGNORE_ENC.rawValue : 0)
        LibXML.silenceErrors()
        var wellFormed = false
        _ = data.withUnsafeBytes { raw in
            MemoryInput.parse(raw, handler: &handler, options: options, encoding: encoding) { _ in } finished: { context in
                wellFormed = context.pointee.wellFormed != 0
            }
        }
        return wellFormed
    }
}

/// Feeds libxml2 a document held in memory through a read callback, a chunk at a time, so
/// libxml2 neither copies the whole document into a buffer of its own first
/// (`xmlCtxtReadMemory` does) nor keeps it: memory stays small on large feeds.
private final class MemoryInput {
    let base: UnsafeRawPointer
    let count: Int
    var offset = 0

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// Parses `bytes` with `handler`; `prepare` sees the context before parsing, `finished` after.
    ///
    /// A named `encoding` (a legacy multi-byte charset such as GB18030) goes through
    /// `xmlCtxtReadMemory`, which can switch to it; without one, libxml2 reads the bytes as
    /// UTF-8, or as what a byte-order mark or the XML declaration says.
    static func parse(
        _ bytes: UnsafeRawBufferPointer, handler: inout xmlSAXHandler, options: UInt32, encoding: String?,
        prepare: (xmlParserCtxtPtr) -> Void, finished: (xmlParserCtxtPtr) -> Void
    ) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let context: xmlParserCtxtPtr
        let input = MemoryInput(base: base, count: bytes.count)
        let unmanaged = Unmanaged.passRetained(input)
        defer { unmanaged.release() }
        if encoding == nil {
            guard let created = xmlCreateIOParserCtxt(&handler, nil, memoryRead, nil, unmanaged.toOpaque(), XML_CHAR_ENCODING_NONE)
            else { return false }
            context = created
        } else {
            guard let created = xmlNewParserCtxt() else { return false }
            context = created
            context.pointee.sax.pointee = handler
        }
        defer {
            if let doc = context.pointee.myDoc {
                xmlFreeDoc(doc)
                context.pointee.myDoc = nil
            }
            xmlFreeParserCtxt(context)
        }
        if let encoding {
            xmlCtxtReset(context)
            prepare(context)
            let doc = xmlCtxtReadMemory(
                context, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, encoding, Int32(bitPattern: options))
            if let doc { xmlFreeDoc(doc) }
        } else {
            _ = xmlCtxtUseOptions(context, Int32(bitPattern: options))
            prepare(context)
            _ = xmlParseDocument(context)
        }
        finished(context)
        return true
    }
}

/// libxml2's read callback for ``MemoryInput``: copies the next chunk.
private let memoryRead: xmlInputReadCallback = { context, buffer, length in
    guard let context, let buffer, length > 0 else { return 0 }
    let input = Unmanaged<MemoryInput>.fromOpaque(context).takeUnretainedValue()
    let chunk = min(Int(length), input.count - input.offset)
    guard chunk > 0 else { return 0 }
    UnsafeMutableRawPointer(buffer).copyMemory(from: input.base + input.offset, byteCount: chunk)
    input.offset += chunk
    return Int32(chunk)
}

/// The state of one stream parse, reached from libxml2's callbacks through the parser
/// context's `_private` pointer. Confined to the parsing thread.
final class XMLStreamSession {
    let delegate: any XMLStreamDelegate
    var context: xmlParserCtxtPtr?
    var firstError: String?
    var textBudget: Int
    var stoppedAtLimit = false
    /// The document as given, and where the CDATA sections lifted out of it are.
    var original: UnsafeRawBufferPointer?
    var sections: [Range<Int>] = []
    private var names: [NameKey: XMLStreamName] = [:]
    /// The last name seen in each of 256 slots, checked before the dictionary.
    private var recent = [(key: NameKey, name: XMLStreamName)?](repeating: nil, count: 256)

    private struct NameKey: Hashable {
        let local: UnsafeRawPointer?
        let prefix: UnsafeRawPointer?
        let uri: UnsafeRawPointer?
    }

    init(delegate: any XMLStreamDelegate, maxTextBytes: Int) {
        self.delegate = delegate
        self.textBudget = maxTextBytes
    }

    /// The interned name for libxml2's (dictionary-owned, hence pointer-stable) strings.
    func name(local: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?) -> XMLStreamName {
        let key = NameKey(local: UnsafeRawPointer(local), prefix: UnsafeRawPointer(prefix), uri: UnsafeRawPointer(uri))
        let slot = Int(truncatingIfNeeded: (UInt(bitPattern: local) >> 3) ^ (UInt(bitPattern: uri) >> 5)) & 255
        if let entry = recent[slot], entry.key == key { return entry.name }
        if let known = names[key] {
            recent[slot] = (key, known)
            return known
        }
        let name = XMLStreamName(
            id: names.count, localName: LibXML.string(local) ?? "", prefix: LibXML.string(prefix),
            namespaceURI: LibXML.string(uri))
        // Attribute names are not always dictionary strings: cache only while the table is small.
        if names.count < 4096 {
            names[key] = name
            recent[slot] = (key, name)
        }
        return name
    }

    /// Takes `count` bytes from the text budget; stops the parser when it runs out.
    func spend(_ count: Int) -> Bool {
        textBudget -= count
        guard textBudget >= 0 else {
            if !stoppedAtLimit, let context {
                stoppedAtLimit = true
                if firstError == nil { firstError = "the text grew past the parser's limit (an entity expansion bomb?)" }
                xmlStopParser(context)
            }
            return false
        }
        return true
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> XMLStreamSession? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let session = parser.pointee._private else { return nil }
        return Unmanaged<XMLStreamSession>.fromOpaque(session).takeUnretainedValue()
    }
}

private let streamStartElement: startElementNsSAX2Func = {
    context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
    guard let session = XMLStreamSession.from(context) else { return }
    let name = session.name(local: localName, prefix: prefix, uri: uri)
    var declared: [(prefix: String?, uri: String)] = []
    if namespaceCount > 0, let namespaces {
        declared.reserveCapacity(Int(namespaceCount))
        for index in 0..<Int(namespaceCount) {
            let declaredPrefix = LibXML.string(namespaces[2 * index])
            declared.append((declaredPrefix, LibXML.string(namespaces[2 * index + 1]) ?? ""))
        }
    }
    var values: [XMLStreamAttribute] = []
    if attributeCount > 0, let attributes {
        values.reserveCapacity(Int(attributeCount))
        for index in 0..<Int(attributeCount) {
            let base = 5 * index
            let attributeName = session.name(local: attributes[base], prefix: attributes[base + 1], uri: attributes[base + 2])
            var value = ""
            if let start = attributes[base + 3], let end = attributes[base + 4], end >= start {
                value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            }
            values.append(XMLStreamAttribute(name: attributeName, value: value))
        }
    }
    session.delegate.startElement(name, attributes: values, namespaces: declared)
}

private let streamEndElement: endElementNsSAX2Func = { context, localName, prefix, uri in
    guard let session = XMLStreamSession.from(context) else { return }
    session.delegate.endElement(session.name(local: localName, prefix: prefix, uri: uri))
}

private let streamCharacters: charactersSAXFunc = { context, text, length in
    guard let session = XMLStreamSession.from(context), let text, length > 0, session.spend(Int(length)) else { return }
    session.delegate.characters(UnsafeBufferPointer(start: text, count: Int(length)))
}

/// A CDATA section after ``XMLCDATAExtraction``: its content is the section's index, and the
/// delegate gets the original bytes.
private let streamLiftedCDATA: cdataBlockSAXFunc = { context, text, length in
    guard let session = XMLStreamSession.from(context), let text, length > 0 else { return }
    var index = 0
    var isIndex = length <= 18
    for offset in 0..<Int(length) where isIndex {
        let byte = text[offset]
        if byte >= 48 && byte <= 57 { index = index * 10 + Int(byte - 48) } else { isIndex = false }
    }
    guard isIndex, index < session.sections.count, let original = session.original,
        let base = original.baseAddress?.assumingMemoryBound(to: UInt8.self)
    else {
        // A section left in place (see XMLCDATAExtraction): as it is.
        guard session.spend(Int(length)) else { return }
        session.delegate.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        return
    }
    let range = session.sections[index]
    guard !range.isEmpty, session.spend(range.count) else { return }
    session.delegate.characters(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
}

private let streamError: xmlStructuredErrorFunc = { context, error in
    guard let session = XMLStreamSession.from(context), session.firstError == nil, let error else { return }
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    let message = (error.pointee.message.map { String(cString: $0) } ?? "malformed XML")
        .trimmingCharacters(in: .whitespacesAndNewlines)
    session.firstError = error.pointee.line > 0 ? "line \(error.pointee.line): \(message)" : message
}
