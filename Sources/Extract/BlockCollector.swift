import Markup

/// One paragraph-like block of the body, before filtering.
struct TextBlock {
    enum Kind { case paragraph, heading, listItem, quote, preformatted, loose, image }

    /// Where a block sits: in a list or in a table cell (for the HTML rendering).
    enum Container: Equatable {
        case list(id: Int, ordered: Bool)
        case table(id: Int, row: Int, header: Bool)
    }

    var text: String
    var kind: Kind
    /// Length of the text inside links.
    var linkLength: Int
    /// Length of all the text (Unicode scalars, before whitespace collapsing of the edges).
    var length: Int
    /// The block's text with its links, for the inline HTML.
    var inline: InlineBuffer
    var container: Container?
    /// `h2`…`h6` for a heading.
    var level = 2
    /// An image's `src` (as written) and `alt` text.
    var source: String?
    var alt: String?

    var linkDensity: Double { length == 0 ? 0 : Double(linkLength) / Double(length) }

    var isTableCell: Bool {
        if case .table = container { true } else { false }
    }
}

/// Walks the chosen containers and cuts their text into blocks in reading order: `p`,
/// `h2`–`h6`, `blockquote`, `li`, `pre`, and runs of loose text split at `<br>` and at block
/// boundaries (pages that write their body as `<div>text<br><br>text</div>`). Images become
/// blocks of their own; list items and table cells remember their list or table.
struct BlockCollector {
    private(set) var blocks: [TextBlock] = []
    private(set) var firstImage: String?

    private var buffer = InlineBuffer()
    private var bufferLinkLength = 0
    private var bufferKind: TextBlock.Kind = .loose
    private var bufferLevel = 2
    private var linkDepth = 0
    private var pendingBreak = false
    private var pendingImages: [(source: String, alt: String?)] = []
    private var container: TextBlock.Container?
    private var nextContainerID = 0
    private var tableRow = 0

    mutating func collect(_ roots: [ContentNode]) {
        for root in roots {
            if Self.isParagraphTag(root.tag) {
                paragraph(root)
            } else {
                walk(root)
            }
            flush()
        }
    }

    private static func isParagraphTag(_ tag: String) -> Bool {
        tag == "p" || tag == "pre" || ContentTags.headings.contains(tag)
    }

    /// Loose content: inline text accumulates until a `<br>` or a block element.
    private mutating func walk(_ node: ContentNode) {
        for child in node.children {
            switch child {
            case .text(let text):
                append(text)
            case .element(let element):
                element.imageSource.map { noteImage($0, alt: element.reference) }
                switch element.tag {
                case "br":
                    flush()
                case "h1":
                    flush()  // the headline, reported as the title
                case "hr":
                    flush()
                case _ where Self.isParagraphTag(element.tag):
                    flush()
                    paragraph(element)
                case "ul", "ol":
                    flush()
                    inContainer(.list(id: newContainerID(), ordered: element.tag == "ol")) { $0.walk(element) }
                case "table" where element.paragraphCount > 0 || Self.holdsTable(element):
                    flush()  // a layout table: its cells are columns of the page, not data
                    walk(element)
                    flush()
                case "table":
                    flush()
                    let saved = tableRow
                    tableRow = -1
                    inContainer(.table(id: newContainerID(), row: 0, header: false)) { $0.walk(element) }
                    tableRow = saved
                case "tr":
                    flush()
                    tableRow += 1
                    walk(element)
                    flush()
                case "td", "th":
                    flush()
                    if case .table(let id, _, _) = container {
                        inContainer(.table(id: id, row: max(0, tableRow), header: element.tag == "th")) { $0.walk(element) }
                    } else {
                        walk(element)
                    }
                    flush()
                case "li", "dd", "dt":
                    flush()
                    if element.elementChildren.contains(where: { Self.isParagraphTag($0.tag) || $0.tag == "div" || $0.tag == "ul" || $0.tag == "ol" }) {
                        walk(element)
                    } else {
                        paragraph(element, kind: .listItem)
                    }
                    flush()
                case "blockquote":
                    flush()
                    if element.containsBlock {
                        walk(element)
                    } else {
                        paragraph(element, kind: .quote)
                    }
                    flush()
                default:
                    if element.isBlock || element.containsBlock {
                        flush()
                        walk(element)
                        flush()
                    } else {
                        inline(element)
                    }
                }
            }
        }
    }

    private static func holdsTable(_ node: ContentNode) -> Bool {
        node.elementChildren.contains { $0.tag == "table" || holdsTable($0) }
    }

    private mutating func newContainerID() -> Int {
        nextContainerID += 1
        return nextContainerID
    }

    private mutating func inContainer(_ value: TextBlock.Container, _ body: (inout BlockCollector) -> Void) {
        let saved = container
        container = value
        body(&self)
        flush()
        container = saved
    }

    /// A paragraph element: everything inside is one block; a double `<br>` splits it.
    private mutating func paragraph(_ node: ContentNode, kind: TextBlock.Kind? = nil) {
        flush()
        bufferKind = kind ?? (node.info.isHeading ? .heading : node.tag == "pre" ? .preformatted : .paragraph)
        if bufferKind == .heading, let digit = node.tag.last?.wholeNumberValue { bufferLevel = digit }
        let savedKind = bufferKind
        inlineChildren(of: node, inParagraph: true, kind: savedKind)
        flush()
    }

    private mutating func inlineChildren(of node: ContentNode, inParagraph: Bool, kind: TextBlock.Kind) {
        for child in node.children {
            switch child {
            case .text(let text):
                append(text)
            case .element(let element):
                element.imageSource.map { noteImage($0, alt: element.reference) }
                if element.tag == "br" {
                    if pendingBreak {
                        flush()
                        bufferKind = kind
                    } else {
                        pendingBreak = true
                        append(" ", resetsBreak: false)
                    }
                } else if element.tag == "a" {
                    link(element, inParagraph: inParagraph, kind: kind)
                } else {
                    if element.isBlock { append(" ", resetsBreak: false) }
                    inlineChildren(of: element, inParagraph: inParagraph, kind: kind)
                    if element.isBlock { append(" ", resetsBreak: false) }
                }
            }
        }
    }

    private mutating func link(_ node: ContentNode, inParagraph: Bool, kind: TextBlock.Kind) {
        linkDepth += 1
        buffer.startLink(node.reference)
        inlineChildren(of: node, inParagraph: inParagraph, kind: kind)
        buffer.endLink()
        linkDepth -= 1
    }

    private mutating func inline(_ node: ContentNode) {
        if node.tag == "a" {
            link(node, inParagraph: false, kind: bufferKind)
        } else {
            inlineChildren(of: node, inParagraph: false, kind: bufferKind)
        }
    }

    private mutating func append(_ text: String, resetsBreak: Bool = true) {
        buffer.append(text)
        if linkDepth > 0 { bufferLinkLength += text.collapsedLength }
        if resetsBreak, text.hasByteAboveSpace { pendingBreak = false }
    }

    private mutating func noteImage(_ source: String, alt: String?) {
        guard !source.lowercased().hasPrefix("data:") else { return }
        if firstImage == nil { firstImage = source }
        pendingImages.append((source, alt))
    }

    private mutating func flush() {
        let text = buffer.plainText
        if !text.isEmpty {
            var block = TextBlock(
                text: text, kind: bufferKind, linkLength: bufferLinkLength,
                length: max(text.scalarCount, bufferLinkLength), inline: buffer, container: container)
            block.level = bufferLevel
            blocks.append(block)
        }
        for image in pendingImages {
            blocks.append(
                TextBlock(
                    text: "", kind: .image, linkLength: 0, length: 0, inline: InlineBuffer(), container: nil,
                    source: image.source, alt: image.alt))
        }
        pendingImages.removeAll()
        buffer.removeAll()
        bufferLinkLength = 0
        bufferKind = .loose
        bufferLevel = 2
        pendingBreak = false
    }
}
