import Markup

/// One paragraph-like block of the body, before filtering.
struct TextBlock {
    enum Kind { case paragraph, heading, listItem, quote, preformatted, loose }

    var text: String
    var kind: Kind
    /// Length of the text inside links.
    var linkLength: Int
    /// Length of all the text (Unicode scalars, before whitespace collapsing of the edges).
    var length: Int

    var linkDensity: Double { length == 0 ? 0 : Double(linkLength) / Double(length) }
}

/// Walks the chosen containers and cuts their text into blocks in reading order: `p`,
/// `h2`–`h6`, `blockquote`, `li`, `pre`, and runs of loose text split at `<br>` and at block
/// boundaries (pages that write their body as `<div>text<br><br>text</div>`).
struct BlockCollector {
    private(set) var blocks: [TextBlock] = []
    private(set) var firstImage: String?

    private var buffer = ""
    private var bufferLinkLength = 0
    private var bufferKind: TextBlock.Kind = .loose
    private var linkDepth = 0
    private var pendingBreak = false

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
                element.imageSource.map { noteImage($0) }
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
                    if ContentTags.blocks.contains(element.tag) || element.containsBlock {
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

    /// A paragraph element: everything inside is one block; a double `<br>` splits it.
    private mutating func paragraph(_ node: ContentNode, kind: TextBlock.Kind? = nil) {
        flush()
        bufferKind = kind ?? (ContentTags.headings.contains(node.tag) ? .heading : node.tag == "pre" ? .preformatted : .paragraph)
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
                element.imageSource.map { noteImage($0) }
                if element.tag == "br" {
                    if pendingBreak {
                        flush()
                        bufferKind = kind
                    } else {
                        pendingBreak = true
                        append(" ", resetsBreak: false)
                    }
                } else if element.tag == "a" {
                    linkDepth += 1
                    inlineChildren(of: element, inParagraph: inParagraph, kind: kind)
                    linkDepth -= 1
                } else {
                    if ContentTags.blocks.contains(element.tag) { append(" ", resetsBreak: false) }
                    inlineChildren(of: element, inParagraph: inParagraph, kind: kind)
                    if ContentTags.blocks.contains(element.tag) { append(" ", resetsBreak: false) }
                }
            }
        }
    }

    private mutating func inline(_ node: ContentNode) {
        if node.tag == "a" {
            linkDepth += 1
            inlineChildren(of: node, inParagraph: false, kind: bufferKind)
            linkDepth -= 1
        } else {
            inlineChildren(of: node, inParagraph: false, kind: bufferKind)
        }
    }

    private mutating func append(_ text: String, resetsBreak: Bool = true) {
        buffer += text
        if linkDepth > 0 { bufferLinkLength += text.unicodeScalars.count }
        if resetsBreak, text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) { pendingBreak = false }
    }

    private mutating func noteImage(_ source: String) {
        if firstImage == nil, !source.lowercased().hasPrefix("data:") { firstImage = source }
    }

    private mutating func flush() {
        let text = PlainText.collapsingWhitespace(buffer)
        if !text.isEmpty {
            blocks.append(
                TextBlock(text: text, kind: bufferKind, linkLength: bufferLinkLength,
                    length: max(text.unicodeScalars.count, bufferLinkLength)))
        }
        buffer = ""
        bufferLinkLength = 0
        bufferKind = .loose
        pendingBreak = false
    }
}
