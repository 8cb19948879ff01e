@preconcurrency import CLibXML2
import Foundation

/// A qualified XML name as ``XMLStreamParser`` reports it.
///
/// Names are interned for the length of one parse: the same (prefix, local name, namespace)
/// comes with the same ``id`` (and the same object), so a delegate can classify a name once and
/// look the answer up by number afterwards. Ids are never reused; past 16,384 distinct names
/// (a hostile document) new names get a new id at each use.
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
/// the delegate is capped (`maxTextBytes`). Broken documents are recovered as far as libxml2
/// can; the result says whether that was needed.
///
/// In UTF-8 documents, CDATA sections are lifted out before libxml2 reads the rest
/// (``XMLCDATAExtraction``) and their bytes handed to the delegate as they are: libxml2 reads
/// CDATA a character at a time, the slowest part of parsing a feed.
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
        session.sectionsWithCarriageReturns = lifted?.sectionsWithCarriageReturns ?? []
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
