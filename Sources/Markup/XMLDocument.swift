import CLibXML2
import Foundation

/// An XML document (a feed, OPML) parsed by libxml2 safely; owns the `xmlDocPtr` and frees it.
///
/// Parsing never loads external entities or DTDs and never substitutes entities into the tree
/// (no `XML_PARSE_NOENT`, `DTDLOAD` or `HUGE`), so XXE and entity bombs do nothing. Broken
/// documents are recovered as far as libxml2 can; ``isWellFormed`` says whether that was needed.
/// HTML entities that XML does not define (`&nbsp;`, `&eacute;`), common in feeds, are read as
/// the characters they name (and make the document count as not well-formed).
/// Not `Sendable`: use a document on one thread at a time. Nodes taken from it keep it alive.
public final class XMLDocument {
    let pointer: xmlDocPtr

    /// Whether the document parsed without any well-formedness error (no recovery was needed).
    public let isWellFormed: Bool
    /// The charset the bytes were decoded with when one was passed in.
    public let encoding: String?
    /// The address the document was fetched from, the base for relative links.
    public let url: String?

    /// Parses an XML document.
    ///
    /// - Parameters:
    ///   - data: the raw bytes.
    ///   - encoding: a charset decided beforehand (say from HTTP), overriding the XML declaration;
    ///     `nil` lets libxml2 read the BOM and the XML declaration.
    ///   - url: the document's address, the base for relative links.
    /// - Throws: ``MarkupError`` when the input is empty or holds no element at all.
    public init(data: Data, encoding: String?, url: String?) throws(MarkupError) {
        LibXML.ensureInitialized()
        guard !data.isEmpty else { throw MarkupError(.emptyDocument, "the XML document is empty") }
        guard data.count < Int(Int32.max) else {
            throw MarkupError(.tooLarge, "the XML document is \(data.count) bytes, more than libxml2 takes")
        }
        guard let context = xmlNewParserCtxt() else {
            throw MarkupError(.parseFailed, "libxml2 could not allocate a parser context")
        }
        defer { xmlFreeParserCtxt(context) }
        var options = XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue
        if encoding != nil { options |= XML_PARSE_IGNORE_ENC.rawValue }
        let entities = XMLEntityRepair.numericHTMLEntities(in: data)
        let bytes = LibXML.repairingUTF8(entities.data, encoding: encoding)
        LibXML.silenceErrors()
        let doc: xmlDocPtr? = bytes.data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlCtxtReadMemory(context, base, Int32(raw.count), url, encoding, Int32(bitPattern: options))
        }
        guard let doc else {
            throw MarkupError(.parseFailed, "libxml2 found no XML element in the document")
        }
        guard xmlDocGetRootElement(doc) != nil else {
            xmlFreeDoc(doc)
            throw MarkupError(.parseFailed, "libxml2 found no XML element in the document")
        }
        self.pointer = doc
        self.isWellFormed = context.pointee.wellFormed != 0 && !bytes.repaired && !entities.changed
        self.encoding = encoding
        self.url = url
    }

    deinit { xmlFreeDoc(pointer) }

    /// The document (root) element.
    public var root: MarkupNode? {
        xmlDocGetRootElement(pointer).map { MarkupNode($0, owner: self, isHTML: false) }
    }
}
