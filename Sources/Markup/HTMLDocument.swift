import CLibXML2
import Foundation

/// An HTML page parsed by libxml2's forgiving HTML parser; owns the `htmlDocPtr` and frees it.
///
/// Not `Sendable`: use a document on one thread at a time. Nodes taken from it keep it alive.
public final class HTMLDocument {
    let pointer: htmlDocPtr

    /// The charset the bytes were decoded with (as passed to libxml2), if one was given.
    public let encoding: String?
    /// The address the page was fetched from, used as the base for relative links.
    public let url: String?

    /// Parses an HTML page.
    ///
    /// - Parameters:
    ///   - data: the raw bytes as fetched.
    ///   - encoding: the charset decided beforehand (see ``CharsetDetector``); libxml2 guesses
    ///     badly when `<meta charset>` is late or missing, so pass one whenever possible. When
    ///     given, charset hints inside the page are ignored.
    ///   - url: the page's address, the base for relative links.
    ///   - elidingUnreadContent: what the tree's readers never look at, left out of it (see
    ///     ``UnreadContent``): script and style bodies are over a third of the parse on a
    ///     typical news page. nil leaves the page whole.
    /// - Throws: ``MarkupError`` when the input is empty or libxml2 builds no tree.
    public init(data: Data, encoding: String?, url: String?, elidingUnreadContent: UnreadContent? = nil) throws(MarkupError) {
        var unread = elidingUnreadContent
        unread?.bypassesParser = false  // the tree would keep the stand-ins
        let bytes = try LibXML.htmlInput(data, encoding: encoding, elidingUnreadContent: unread).bytes
        let options = LibXML.htmlOptions(encoding: encoding)
        LibXML.silenceErrors()
        let doc: htmlDocPtr? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlReadMemory(base, Int32(raw.count), url, encoding, Int32(bitPattern: options))
        }
        guard let doc else {
            throw MarkupError(.parseFailed, "libxml2 could not build a tree from the HTML document")
        }
        self.pointer = doc
        self.encoding = encoding
        self.url = url
    }

    /// Parses an HTML string (a page or a fragment) as UTF-8.
    public convenience init(html: String, url: String? = nil) throws(MarkupError) {
        try self.init(data: Data(html.utf8), encoding: "UTF-8", url: url)
    }

    deinit { xmlFreeDoc(pointer) }

    /// The root element (`<html>`), if the parser produced one.
    public var root: MarkupNode? {
        xmlDocGetRootElement(pointer).map { MarkupNode($0, owner: self, isHTML: true) }
    }

    /// The `<head>` element, if any.
    public var head: MarkupNode? { root?.firstChildElement(named: "head") }

    /// The base for relative links: `<base href>` resolved against ``url``, else ``url``.
    public var baseURL: String? { root?.baseURL ?? url }

    /// The `<body>` element, if any (a frameset page has none).
    public var body: MarkupNode? { root?.firstChildElement(named: "body") }
}
