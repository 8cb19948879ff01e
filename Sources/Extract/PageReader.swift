import Foundation
import Markup

/// Reads a page in one stream of parser events, with no tree of libxml2's in between: the
/// body becomes a ``ContentNode`` tree (``ContentTreeBuilder``) and, when asked, the metadata
/// is collected on the way (``MetadataScan``).
///
/// The reading state is one struct behind one stored property: each event is one runtime
/// exclusivity check on this class, and none below it.
final class PageReader: HTMLStreamDelegate {
    private(set) var reading: PageReading

    init(mode: ContentTreeBuilder.Mode, hints: HintCache, readsMetadata: Bool) {
        reading = PageReading(
            content: ContentTreeBuilder(mode: mode), metadata: MetadataScan(), hints: hints, readsMetadata: readsMetadata)
    }

    var content: ContentTreeBuilder { reading.content }
    var metadata: MetadataScan { reading.metadata }
    /// What class names said on the page (for a second reading of the same page).
    var hints: HintCache { reading.hints }

    /// Parses `data` in the charset decided for it and reads it.
    func read(_ data: Data, charset: CharsetDecision) throws(MarkupError) {
        try HTMLStreamParser.parse(
            data, encoding: charset.charset, isValidUTF8: charset.bytesAreValidUTF8, elidingUnreadContent: Self.unread,
            delegate: self)
        reading.content.finish()
    }

    /// What neither reader looks at: script and style bodies, svg content, every attribute but
    /// those of ``HTMLAttributes`` and ``MetadataScan/readAttributes``, and the length of runs of
    /// blanks (every text is whitespace-collapsed before use). The values and texts they read go
    /// around libxml2 (`UnreadContent.bypassesParser`).
    private static let unread = UnreadContent(
        readAttributes: AttributeNames(HTMLAttributes.names + MetadataScan.readAttributes), collapsesBlankRuns: true,
        bypassesParser: true)

    func startElement(_ name: HTMLTagName, attributes: HTMLStartTagAttributes) {
        reading.startElement(name, attributes: attributes)
    }

    func endElement(_ name: HTMLTagName) {
        reading.endElement(name)
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        reading.characters(text)
    }

    func textBoundary() {
        reading.content.endText()
    }
}

/// The state of a ``PageReader``: both readers and what they share.
struct PageReading {
    var content: ContentTreeBuilder
    var metadata: MetadataScan
    var hints: HintCache
    let readsMetadata: Bool
    /// Elements open now (the root element is at 1).
    private var depth = 0

    init(content: ContentTreeBuilder, metadata: MetadataScan, hints: HintCache, readsMetadata: Bool) {
        self.content = content
        self.metadata = metadata
        self.hints = hints
        self.readsMetadata = readsMetadata
    }

    mutating func startElement(_ name: HTMLTagName, attributes: HTMLStartTagAttributes) {
        depth += 1
        // The attributes both readers look at, read once.
        let common = attributes.htmlAttributes
        content.startElement(name, attributes: common, elementDepth: depth, hints: &hints)
        if readsMetadata {
            metadata.startElement(name, attributes: attributes, common: common, elementDepth: depth, hints: &hints)
        }
    }

    mutating func endElement(_ name: HTMLTagName) {
        guard depth > 0 else { return }
        content.endElement()
        if readsMetadata { metadata.endElement(name, elementDepth: depth) }
        depth -= 1
    }

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        content.appendText(text)
        if readsMetadata { metadata.characters(text) }
    }
}
