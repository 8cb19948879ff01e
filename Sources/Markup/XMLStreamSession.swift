@preconcurrency import CLibXML2
import Foundation

/// Feeds libxml2 a document held in memory through a read callback, a chunk at a time, so
/// libxml2 neither copies the whole document into a buffer of its own first
/// (`xmlCtxtReadMemory` does) nor keeps it: memory stays small on large feeds.
final class MemoryInput {
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
    var sectionsWithCarriageReturns = Set<Int>()
    private var names: [NameKey: XMLStreamName] = [:]
    private var nextNameID = 0
    static let maxNames = 1 << 14
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
            id: nextNameID, localName: LibXML.string(local) ?? "", prefix: LibXML.string(prefix),
            namespaceURI: LibXML.string(uri))
        nextNameID += 1
        // A document with more distinct names than this is hostile: its further names get ids
        // of their own on each use rather than a bigger table.
        if names.count < Self.maxNames {
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

let streamStartElement: startElementNsSAX2Func = {
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

let streamEndElement: endElementNsSAX2Func = { context, localName, prefix, uri in
    guard let session = XMLStreamSession.from(context) else { return }
    session.delegate.endElement(session.name(local: localName, prefix: prefix, uri: uri))
}

let streamCharacters: charactersSAXFunc = { context, text, length in
    guard let session = XMLStreamSession.from(context), let text, length > 0, session.spend(Int(length)) else { return }
    session.delegate.characters(UnsafeBufferPointer(start: text, count: Int(length)))
}

/// A CDATA section after ``XMLCDATAExtraction``: its content is the section's index, and the
/// delegate gets the original bytes.
let streamLiftedCDATA: cdataBlockSAXFunc = { context, text, length in
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
    let content = UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    guard session.sectionsWithCarriageReturns.contains(index) else { return session.delegate.characters(content) }
    // XML reads CR LF and a lone CR as LF.
    var normalized: [UInt8] = []
    normalized.reserveCapacity(content.count)
    for (offset, byte) in content.enumerated() {
        if byte == 0x0D {
            if offset + 1 < content.count, content[offset + 1] == 0x0A { continue }
            normalized.append(0x0A)
        } else {
            normalized.append(byte)
        }
    }
    normalized.withUnsafeBufferPointer { session.delegate.characters($0) }
}

let streamError: xmlStructuredErrorFunc = { context, error in
    guard let session = XMLStreamSession.from(context), session.firstError == nil, let error else { return }
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    let message = (error.pointee.message.map { String(cString: $0) } ?? "malformed XML")
        .trimmingCharacters(in: .whitespacesAndNewlines)
    session.firstError = error.pointee.line > 0 ? "line \(error.pointee.line): \(message)" : message
}
