import Foundation
import Markup

/// Reads a page in one stream of parser events, with no tree of libxml2's in between: the
/// body becomes a ``ContentNode`` tree (``ContentTreeBuilder``) and, when asked, the metadata
/// is collected on the way (``MetadataScan``).
final class PageReader: HTMLStreamDelegate {
    private(set) var content: ContentTreeBuilder
    private(set) var metadata: MetadataScan
    private let readsMetadata: Bool
    /// Elements open now (the root element is at 1).
    private var depth = 0

    init(mode: ContentTreeBuilder.Mode, hintCache: HintCache, readsMetadata: Bool) {
        content = ContentTreeBuilder(mode: mode, hintCache: hintCache)
        metadata = MetadataScan(hints: hintCache)
        self.readsMetadata = readsMetadata
    }

    /// Parses `data` in the charset decided for it and reads it.
    func read(_ data: Data, charset: CharsetDecision) throws(MarkupError) {
        try HTMLStreamParser.parse(
            data, encoding: charset.charset, isValidUTF8: charset.bytesAreValidUTF8, elidingUnreadContent: Self.unread,
            delegate: self)
        content.finish()
    }

    /// What neither reader looks at: script and style bodies, svg content, and every attribute
    /// but those of ``HTMLAttributes`` and ``MetadataScan/readAttributes``.
    private static let unread = UnreadContent(readAttributes: AttributeNames(HTMLAttributes.names + MetadataScan.readAttributes))

    func startElement(_ name: HTMLTagName, attributes: HTMLStartTagAttributes) {
        depth += 1
        // The attributes both readers look at, read once.
        let common = attributes.htmlAttributes
        content.startElement(name, attributes: common, elementDepth: depth)
        if readsMetadata { metadata.startElement(name, attributes: attributes, common: common, elementDepth: depth) }
    }

    func endElement(_ name: HTMLTagName) {
        guard depth > 0 else { return }
        content.endElement()
        if readsMetadata { metadata.endElement(name, elementDepth: depth) }
        depth -= 1
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        content.appendText(text)
        if readsMetadata { metadata.characters(text) }
    }

    func textBoundary() {
        content.endText()
    }
}
