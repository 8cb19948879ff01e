@preconcurrency import CLibXML2
import Foundation

/// An element name as ``HTMLStreamParser`` reports it: lowercase, as libxml2's HTML parser
/// writes names, and without a prefix (`<g:plusone>` is `plusone`, `<a0:nav>` is `nav`), as in
/// libxml2's tree. Valid only during the call that hands it over.
public struct HTMLTagName {
    /// The NUL-terminated local name (in the parser's dictionary).
    public let bytes: UnsafePointer<UInt8>

    /// The local part of libxml2's name: what follows the first colon, when something precedes
    /// and follows it (libxml2's tree builder splits names so, HTML or not).
    init(qualified name: UnsafePointer<UInt8>) {
        var index = 1
        if name[0] != 0, name[0] != UInt8(ascii: ":") {
            while name[index] != 0, name[index] != UInt8(ascii: ":") { index += 1 }
            if name[index] == UInt8(ascii: ":"), name[index + 1] != 0 {
                bytes = name + index + 1
                return
            }
        }
        bytes = name
    }

    /// The name's bytes packed into an integer, first byte lowest: a cheap key that builds no
    /// string. Equal keys mean equal names; 0 when the name is longer than eight bytes.
    public var packed: UInt64 {
        var key: UInt64 = 0
        for index in 0..<8 {
            let byte = bytes[index]
            if byte == 0 { return key }
            key |= UInt64(byte) << (8 * index)
        }
        return bytes[8] == 0 ? key : 0
    }

    /// The name as a string.
    public var string: String { String(cString: bytes) }

    /// The name's bytes (without the NUL).
    public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: bytes, count: strlen(bytes)) }

    /// The ``packed`` key of a (lowercase) name of eight bytes or fewer.
    public static func packed(_ name: String) -> UInt64 {
        guard name.utf8.count <= 8 else { return 0 }
        var key: UInt64 = 0
        for (index, byte) in name.utf8.enumerated() { key |= UInt64(byte) << (8 * index) }
        return key
    }
}

/// The attributes of one start tag, as libxml2's HTML parser hands them over: names lowercase,
/// values with character references decoded, a repeated attribute dropped (the first wins).
/// Valid only during the call that hands them over.
public struct HTMLStartTagAttributes {
    /// libxml2's NULL-terminated array of name, value pairs (a value may be NULL: `<div hidden>`).
    let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    /// The values that went around libxml2 (see ``UnreadContent/bypassesParser``).
    let standIns: StandIns

    /// Whether the tag has no attribute at all.
    public var isEmpty: Bool { pairs?[0] == nil }

    /// The value of the attribute with this (lowercase) name; `""` for one written without a value.
    public subscript(name: String) -> String? {
        guard let pairs, let index = position(of: name) else { return nil }
        return standIns.value(pairs[index + 1]).string
    }

    /// Whether the tag has an attribute with this (lowercase) name.
    public func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// Where the attribute's name is in ``pairs``.
    private func position(of name: String) -> Int? {
        guard let pairs else { return nil }
        var index = 0
        while let attribute = pairs[index] {
            if MarkupNode.name(attribute, matches: name, ignoringCase: false) { return index }
            index += 2
        }
        return nil
    }

    /// The attributes of ``HTMLAttributes``, read in one pass.
    public var htmlAttributes: HTMLAttributes {
        var result = HTMLAttributes()
        guard let pairs else { return result }
        var index = 0
        while let name = pairs[index] {
            defer { index += 2 }
            result.isEmpty = false
            result.take(name, value: pairs[index + 1], standIns: standIns)
        }
        return result
    }
}

/// Receives the events of an ``HTMLStreamParser`` run, in document order. Every start has its
/// end (libxml2 closes what the page leaves open), so the events nest.
public protocol HTMLStreamDelegate: AnyObject {
    /// A start tag, or an element libxml2 implied (`html`, `head`, `body`, `p`).
    func startElement(_ name: HTMLTagName, attributes: HTMLStartTagAttributes)
    /// The end of the element last started and not yet ended.
    func endElement(_ name: HTMLTagName)
    /// A run of text, or of a `<script>` or `<style>` body, as UTF-8. One text may arrive in
    /// several calls; the buffer is valid only during the call.
    func characters(_ text: UnsafeBufferPointer<UInt8>)
    /// A comment or processing instruction: text before it and after it are separate texts,
    /// as they are separate nodes in libxml2's tree.
    func textBoundary()
}

/// Streams an HTML page through libxml2's HTML parser without building its tree.
///
/// The events are those libxml2's tree builder receives, so a delegate that appends nodes as
/// they come sees the tree ``HTMLDocument`` would hold (one exception: libxml2's tree builder
/// stops the parse of a page nested deeper than 256 elements; the stream goes on). Building
/// the tree is close to half of what a libxml2 parse costs, and walking it again costs more.
public enum HTMLStreamParser {
    /// Parses a page and sends its events to `delegate`.
    ///
    /// - Parameters:
    ///   - data: the raw bytes as fetched.
    ///   - encoding: the charset decided beforehand (see ``CharsetDetector``); charset hints
    ///     inside the page are then ignored. `nil` lets libxml2 decide.
    ///   - isValidUTF8: with `encoding` UTF-8, the caller has checked the bytes are valid
    ///     UTF-8 (see ``CharsetDecision/bytesAreValidUTF8``); otherwise invalid sequences are
    ///     replaced first.
    ///   - elidingUnreadContent: what the delegate never reads, to leave out before parsing
    ///     (see ``UnreadContent``); nil leaves the page whole.
    /// - Throws: ``MarkupError`` when the input is empty, too large, or libxml2 cannot start.
    public static func parse(
        _ data: Data, encoding: String?, isValidUTF8: Bool = false, elidingUnreadContent: UnreadContent?,
        delegate: any HTMLStreamDelegate
    ) throws(MarkupError) {
        let input = try LibXML.htmlInput(
            data, encoding: encoding, isValidUTF8: isValidUTF8, elidingUnreadContent: elidingUnreadContent)
        var handler = htmlSAXHandler()
        handler.initialized = 1
        handler.startElement = htmlStreamStartElement
        handler.endElement = htmlStreamEndElement
        handler.characters = htmlStreamCharacters
        handler.ignorableWhitespace = htmlStreamCharacters
        handler.cdataBlock = htmlStreamCharacters
        handler.comment = htmlStreamComment
        handler.processingInstruction = htmlStreamProcessingInstruction
        LibXML.silenceErrors()
        let started: Bool = withStandIns(input) { standIns in
            let session = HTMLStreamSession(delegate: delegate, standIns: standIns)
            let unmanaged = Unmanaged.passRetained(session)
            defer { unmanaged.release() }
            return input.bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                    let context = htmlCreateMemoryParserCtxt(base, Int32(raw.count))
                else { return false }
                defer {
                    if let document = context.pointee.myDoc { xmlFreeDoc(document) }
                    htmlFreeParserCtxt(context)
                }
                context.pointee.sax.pointee = handler
                context.pointee._private = unmanaged.toOpaque()
                _ = htmlCtxtUseOptions(context, Int32(bitPattern: LibXML.htmlOptions(encoding: encoding)))
                if let encoding {
                    // UTF-8 is libxml2's own encoding: no converter to copy every byte through.
                    if LibXML.isUTF8(encoding) {
                        _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
                    } else if let converter = xmlFindCharEncodingHandler(encoding) {
                        _ = xmlSwitchToEncoding(context, converter)
                    }
                }
                _ = htmlParseDocument(context)
                return true
            }
        }
        guard started else { throw MarkupError(.parseFailed, "libxml2 could not start parsing the HTML document") }
    }
}

extension HTMLStreamParser {
    /// Runs `body` with the stand-ins of `input`, valid during the call.
    private static func withStandIns<Result>(
        _ input: LibXML.HTMLInput, _ body: (StandIns) -> Result
    ) -> Result {
        guard !input.standIns.isEmpty else { return body(.none) }
        return input.page.withUnsafeBytes { page in
            input.standIns.withUnsafeBufferPointer { ranges in
                body(StandIns(page: page.baseAddress?.assumingMemoryBound(to: UInt8.self), ranges: ranges))
            }
        }
    }
}

/// The delegate of one parse, reached from libxml2's callbacks through the context's `_private`.
private final class HTMLStreamSession {
    let delegate: any HTMLStreamDelegate
    /// The values and texts that went around libxml2 (valid for the time of the parse).
    let standIns: StandIns

    init(delegate: any HTMLStreamDelegate, standIns: StandIns) {
        self.delegate = delegate
        self.standIns = standIns
    }

    /// Runs `body` with the session of a parser context, borrowed: the parse holds it, so no
    /// event retains and releases it.
    static func with(_ context: UnsafeMutableRawPointer?, _ body: (HTMLStreamSession) -> Void) {
        guard let context else { return }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let session = parser.pointee._private else { return }
        Unmanaged<HTMLStreamSession>.fromOpaque(session)._withUnsafeGuaranteedRef(body)
    }
}

private let htmlStreamStartElement: startElementSAXFunc = { context, name, attributes in
    guard let name else { return }
    HTMLStreamSession.with(context) { session in
        session.delegate.startElement(
            HTMLTagName(qualified: name), attributes: HTMLStartTagAttributes(pairs: attributes, standIns: session.standIns))
    }
}

private let htmlStreamEndElement: endElementSAXFunc = { context, name in
    guard let name else { return }
    HTMLStreamSession.with(context) { $0.delegate.endElement(HTMLTagName(qualified: name)) }
}

private let htmlStreamCharacters: charactersSAXFunc = { context, text, length in
    guard let text, length > 0 else { return }
    HTMLStreamSession.with(context) { session in
        session.standIns.handOver(UnsafeBufferPointer(start: text, count: Int(length)), to: session.delegate)
    }
}

private let htmlStreamComment: commentSAXFunc = { context, _ in
    HTMLStreamSession.with(context) { $0.delegate.textBoundary() }
}

private let htmlStreamProcessingInstruction: processingInstructionSAXFunc = { context, _, _ in
    HTMLStreamSession.with(context) { $0.delegate.textBoundary() }
}
