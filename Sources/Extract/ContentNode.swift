import Markup

/// A light copy of the page's body tree that extraction can score and walk freely: elements
/// that can never hold article text are left out while copying, text is whitespace-collapsed.
final class ContentNode {
    enum Child {
        case element(ContentNode)
        case text(String)
    }

    let tag: String
    let hints: ClassHints
    let itemprop: String
    /// `src` (or a lazy-loading `data-src`) of an `img`.
    let imageSource: String?
    /// `href` of an `a`; `alt` of an `img`.
    var reference: String?
    var children: [Child] = []
    /// Not retained: the tree is owned from its root down, and nodes are used only while the
    /// root is alive (a weak reference would cost a side table per node).
    unowned(unsafe) var parent: ContentNode?

    /// Length (Unicode scalars) of all text below, links included.
    var textLength = 0
    /// The part of ``textLength`` in this node's own text children.
    var ownTextLength = 0
    /// Length of the text inside `<a>` elements below.
    var linkLength = 0
    /// Whether a block-level element is somewhere below.
    var containsBlock = false
    /// Number of `<p>` elements below.
    var paragraphCount = 0
    /// Whether an `<article>`, `<main>` or `itemprop=articleBody` element is this one or below.
    var containsMain = false

    /// Named like page furniture (share, widget, newsletter...); kept only when it holds prose.
    var isFurniture = false
    /// Length of the paragraph-like text units (25 characters or more) below.
    var prose = 0
    /// Readability-style content score, once initialised.
    var score = 0.0
    var isCandidate = false

    /// What the tag is (worked out once per tag name and page, see ``TagInfo``).
    let info: TagInfo
    var isBlock: Bool { info.isBlock }

    init(tag: String, hints: ClassHints, itemprop: String, imageSource: String?, info: TagInfo? = nil) {
        self.tag = tag
        self.info = info ?? TagInfo(tag)
        self.hints = hints
        self.itemprop = itemprop
        self.imageSource = imageSource
    }

    var linkDensity: Double { textLength == 0 ? 0 : Double(linkLength) / Double(textLength) }

    var elementChildren: [ContentNode] {
        children.compactMap { if case .element(let node) = $0 { node } else { nil } }
    }

    /// All text below, whitespace-collapsed.
    var text: String { PlainText.collapsingWhitespace(rawText) }

    /// All text below as written (blocks and `<br>` separated by a space).
    var rawText: String {
        var pieces = ""
        appendText(to: &pieces)
        return pieces
    }

    private func appendText(to result: inout String) {
        for child in children {
            switch child {
            case .text(let text): result += text
            case .element(let node):
                if node.info.isBlock || node.info.isBreak { result += " " }
                node.appendText(to: &result)
            }
        }
    }

    /// Measures ``text`` without building it.
    func measureText(into measure: inout CollapsedMeasure) {
        for child in children {
            switch child {
            case .text(let text): measure.add(text)
            case .element(let node):
                if node.info.isBlock || node.info.isBreak { measure.addSpace() }
                node.measureText(into: &measure)
            }
        }
    }

    /// Recomputes the text metrics below from the leaves up, after elements were removed.
    func recomputeMetrics() {
        var text = ownTextLength, links = 0, paragraphs = 0
        var block = false, main = containsMainSelf
        for case .element(let node) in children {
            node.recomputeMetrics()
            text += node.textLength
            links += node.linkLength
            paragraphs += node.paragraphCount
            if node.containsMain { main = true }
            if node.containsBlock || node.info.isBlock { block = true }
        }
        textLength = text
        linkLength = info.isLink ? text : links
        paragraphCount = paragraphs + (info.isParagraph ? 1 : 0)
        containsBlock = block
        containsMain = main
    }

    /// Whether this element itself is an `<article>`, `<main>` or `itemprop=articleBody`.
    var containsMainSelf: Bool { info.isMain || itemprop.containsBytes("articlebody") }

    /// Every element below, depth first.
    func forEachDescendant(_ body: (ContentNode) -> Void) {
        for case .element(let node) in children {
            body(node)
            node.forEachDescendant(body)
        }
    }

    /// Whether `other` is this node or below it.
    func contains(_ other: ContentNode) -> Bool {
        var node: ContentNode? = other
        while let current = node {
            if current === self { return true }
            node = current.parent
        }
        return false
    }
}

/// Tag sets used while copying and walking the tree.
enum ContentTags {
    /// Never article text, dropped in every pass.
    static let alwaysDropped: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "frame", "frameset",
        "svg", "math", "canvas", "object", "embed", "applet", "option", "optgroup", "input",
        "textarea", "datalist", "output", "progress", "meter", "map", "area", "audio", "video",
        "source", "track", "figcaption", "amp-sidebar", "amp-analytics", "amp-ad", "amp-social-share",
        "amp-carousel", "amp-iframe", "amp-video", "amp-youtube", "amp-twitter", "amp-instagram", "amp-facebook",
        "amp-consent", "amp-user-notification", "amp-list", "amp-state",
    ]
    /// Controls: dropped unless libxml2 nested real content inside one (an unclosed `<button>`
    /// in a header can swallow the page).
    static let controls: Set<String> = ["button", "select", "label", "dialog"]
    /// Page furniture, dropped in the strict pass only.
    static let furniture: Set<String> = ["nav", "header", "footer", "aside", "menu"]
    /// Elements that start a new block of text.
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "dl", "dt", "dd",
        "li", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "h1", "h2",
        "h3", "h4", "h5", "h6", "figure", "form", "fieldset", "address", "center", "hr", "details", "summary",
        "body", "html", "menu", "hgroup", "picture",
    ]
    static let headings: Set<String> = ["h2", "h3", "h4", "h5", "h6"]
}

/// The roles of a tag name that extraction asks about, looked up once.
struct TagInfo {
    var isDropped: Bool
    var isControl: Bool
    var isFurniture: Bool
    var isBlock: Bool
    var isHeading: Bool
    /// `p`, `li`, `blockquote`, `h2`-`h6`, `pre`, `dd`: running text inside.
    var holdsRunningText: Bool
    var isBreak: Bool
    /// `a`.
    var isLink: Bool
    /// `p`.
    var isParagraph: Bool
    /// `pre`.
    var isPreformatted: Bool
    /// `pre` or `code`: classes inside are syntax highlighting.
    var isCode: Bool
    /// `img` or `amp-img`.
    var isImage: Bool
    /// `article` or `main`.
    var isMain: Bool
    var isForm: Bool
    /// `body` or `html`.
    var isDocumentLevel: Bool

    init(_ tag: String) {
        isDropped = ContentTags.alwaysDropped.contains(tag)
        isControl = ContentTags.controls.contains(tag)
        isFurniture = ContentTags.furniture.contains(tag)
        isBlock = ContentTags.blocks.contains(tag)
        isHeading = ContentTags.headings.contains(tag)
        holdsRunningText = ["p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre", "dd"].contains(tag)
        isBreak = tag == "br"
        isLink = tag == "a"
        isParagraph = tag == "p"
        isPreformatted = tag == "pre"
        isCode = tag == "pre" || tag == "code"
        isImage = tag == "img" || tag == "amp-img"
        isMain = tag == "article" || tag == "main"
        isForm = tag == "form"
        isDocumentLevel = tag == "body" || tag == "html"
    }
}
