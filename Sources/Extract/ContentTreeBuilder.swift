import Markup

/// Builds a ``ContentNode`` tree of the page's `<body>` from the parser's events, leaving out
/// what can never be article text.
///
/// Fed by ``PageReader``: ``startElement(_:attributes:elementDepth:)`` and ``endElement()`` for
/// every element of the page, ``appendText(_:)`` for text and ``endText()`` where a text node
/// of libxml2's tree would end. Elements are decided on when
/// they end, once their content is known, and only then attached to their parent.
struct ContentTreeBuilder {
    /// Strict: also leave out page furniture (`nav`, `header`, `footer`, `aside`), forms without
    /// much text, and elements whose class/id/role says share, comments, related, ads, tags...
    /// Lenient: only scripts, styles, controls, media and hidden elements are left out.
    enum Mode { case strict, lenient }

    let mode: Mode

    /// Elements nested deeper than this below the body are left out: no article is written
    /// 200 levels deep, and every walk over the tree recurses, so this bounds the stack (1 MiB
    /// is enough, even in a debug build).
    static let maximumDepth = 200

    /// The body's tree once it is complete (see ``finish()``).
    private(set) var tree: ContentNode?
    private var state = State.beforeBody
    /// The body and the kept elements open inside it.
    private var open: [Frame] = []
    /// Elements open inside a subtree left out (its root included); 0 outside one.
    private var skippedDepth = 0
    private var text: [UInt8] = []
    /// The children of the open elements, each element's after its parent's: an element's
    /// list is made once, at its exact size, when it ends.
    private var pendingChildren: [ContentNode.Child] = []

    private enum State { case beforeBody, inBody, done }

    private struct Frame {
        var node: ContentNode
        /// Below the body (its children are at 1).
        var depth: Int
        /// Whether this element's content is running text (a `p`, `li`... here or above).
        var inParagraph: Bool
        /// Whether this element is code or inside code.
        var inCode: Bool
        /// Whether the parent's content is running text.
        var parentInParagraph = false
        var hidden = false
        var isArticleBody = false
        /// Where this element's children start in ``pendingChildren``.
        var childrenStart = 0
    }

    init(mode: Mode) {
        self.mode = mode
    }

    /// An element starts; `elementDepth` counts from the root element (`html`) at 1. `hints`
    /// works out what tag and class names say.
    mutating func startElement(_ name: HTMLTagName, attributes: HTMLAttributes, elementDepth: Int, hints: inout HintCache) {
        switch state {
        case .beforeBody:
            // The body is the root element's first `body` child, as `HTMLDocument.body`.
            guard elementDepth == 2, name.packed == Self.bodyName else { return }
            let body = ContentNode(tag: "body", hints: .none, itemprop: "", imageSource: nil)
            tree = body
            open = [Frame(node: body, depth: 0, inParagraph: false, inCode: false)]
            state = .inBody
        case .inBody:
            endText()
            // Inside a subtree left out, elements are only counted (a page nested a million
            // deep costs no frame per level).
            guard skippedDepth == 0 else {
                skippedDepth += 1
                return
            }
            if var frame = Self.frame(for: name, attributes: attributes, in: open[open.count - 1], mode: mode, hints: &hints) {
                frame.childrenStart = pendingChildren.count
                open.append(frame)
            } else {
                skippedDepth = 1
            }
        case .done:
            return
        }
    }

    /// The element last started ends.
    mutating func endElement() {
        guard state == .inBody else { return }
        endText()
        guard skippedDepth == 0 else {
            skippedDepth -= 1
            return
        }
        let closed = open.removeLast()
        guard open.isEmpty else {
            let kept = keeps(closed)
            takeChildren(of: closed, keeping: kept)
            if kept { attach(closed.node, to: open[open.count - 1].node) }
            return
        }
        takeChildren(of: closed, keeping: true)
        finish()
    }

    /// Text inside the element last started (one text node may come in several pieces).
    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard state == .inBody, skippedDepth == 0 else { return }
        text.append(contentsOf: bytes)
    }

    /// The end of a text node: what was appended becomes a text child of the open element.
    mutating func endText() {
        guard !text.isEmpty else { return }
        defer { text.removeAll(keepingCapacity: true) }
        guard state == .inBody, skippedDepth == 0 else { return }
        let target = open[open.count - 1].node
        // Kept as written: whoever reads text collapses its whitespace.
        let (content, length) = text.withUnsafeBufferPointer {
            (String(decoding: $0, as: UTF8.self), String.collapsedLength(of: $0))
        }
        pendingChildren.append(.text(content))
        target.ownTextLength += length
        target.textLength += length
    }

    /// Closes what the parser left open and completes the tree (pruned in the strict mode).
    mutating func finish() {
        guard state == .inBody else { return }
        skippedDepth = 0
        while open.count > 1 { endElement() }
        endText()
        if let body = open.first { takeChildren(of: body, keeping: true) }
        open = []
        pendingChildren = []
        state = .done
        // Metrics are kept up to date as elements attach: only a pruned tree needs them again.
        if mode == .strict, let tree, Self.prune(tree, insideProse: false) { tree.recomputeMetrics() }
    }

    private static let bodyName = HTMLTagName.packed("body")

    /// The frame of an element starting inside `parent`, or nil when the element is left out
    /// whatever it holds.
    ///
    /// Static, so that calling it from a mutating method does not copy the builder.
    private static func frame(
        for name: HTMLTagName, attributes: HTMLAttributes, in parent: Frame, mode: Mode, hints cache: inout HintCache
    ) -> Frame? {
        let depth = parent.depth + 1
        guard depth <= maximumDepth else { return nil }
        let (tag, info) = cache.tag(name)
        if info.isDropped { return nil }
        let ariaHidden = attributes.ariaHidden?.equalsIgnoringASCIICase("true") == true
        let hidden = !attributes.isEmpty && isHidden(attributes, ariaHidden: ariaHidden)
        if hidden, mode == .strict, ariaHidden { return nil }
        // Inside code, classes are syntax highlighting ("comment", "tag", "meta"), not furniture.
        let hints = attributes.isEmpty || parent.inCode
            ? .none : cache.hints(className: attributes.className, id: attributes.id, role: attributes.role)
        let itemprop = attributes.itemprop?.string.asciiLowercased ?? ""
        var imageSource: String?
        if info.isImage {
            imageSource = (attributes.src ?? attributes.dataSrc ?? attributes.dataLazySrc)?.string
        }
        let node = ContentNode(tag: tag, hints: hints, itemprop: itemprop, imageSource: imageSource, info: info)
        if info.isLink {
            node.reference = attributes.href?.string
        } else if imageSource != nil {
            node.reference = attributes.alt?.string
        }
        return Frame(
            node: node, depth: depth, inParagraph: parent.inParagraph || info.holdsRunningText,
            inCode: parent.inCode || info.isCode, parentInParagraph: parent.inParagraph, hidden: hidden,
            isArticleBody: !itemprop.isEmpty && itemprop.containsBytes("articlebody"))
    }

    /// Whether an element that has ended stays, now that its content is known; completes its
    /// own metrics.
    private func keeps(_ frame: Frame) -> Bool {
        let node = frame.node
        let info = node.info
        let isArticleBody = frame.isArticleBody
        if info.isLink { node.linkLength = node.textLength }
        if info.isParagraph { node.paragraphCount += 1 }
        if isArticleBody || info.isMain { node.containsMain = true }
        if info.isControl, !node.containsBlock, node.paragraphCount == 0 { return false }
        if mode == .strict {
            // Furniture around the main element or several paragraphs is a parser misnesting
            // (a header left open around the page), not furniture.
            if info.isFurniture, !node.containsMain, node.paragraphCount < 5 { return false }
            // Decided once the whole tree is there (see `prune`): a furniture-named wrapper
            // may hold the article.
            if node.hints.isBoilerplate, !isArticleBody, !info.isMain { node.isFurniture = true }
        }
        // Hidden elements are menus, modals and duplicates, except a hidden run of paragraphs
        // (the next page of a paginated article, a collapsed "read the rest").
        if frame.hidden, node.paragraphCount < 2 { return false }
        if mode == .strict, !isArticleBody {
            // A form (often the whole page on ASP.NET sites) stays only when it holds prose.
            if info.isForm, node.paragraphCount < 3, node.textLength < 500 { return false }
            // Bylines, datelines, captions and source lines are short; a long element with such
            // a name is something else.
            let hints = node.hints
            if hints.isMetaLine, !hints.isContent, info.isBlock || !frame.parentInParagraph, node.textLength < 160,
                node.paragraphCount <= 1
            {
                return false
            }
        }
        return true
    }

    /// Takes the children of an element that ends off the pending list: its own when it is
    /// kept, dropped with it otherwise.
    private mutating func takeChildren(of frame: Frame, keeping: Bool) {
        guard frame.childrenStart < pendingChildren.count else { return }
        if keeping { frame.node.children = Array(pendingChildren[frame.childrenStart...]) }
        pendingChildren.removeSubrange(frame.childrenStart...)
    }

    private mutating func attach(_ node: ContentNode, to parent: ContentNode) {
        node.parent = parent
        pendingChildren.append(.element(node))
        parent.textLength += node.textLength
        parent.linkLength += node.linkLength
        parent.paragraphCount += node.paragraphCount
        if node.containsMain { parent.containsMain = true }
        if node.containsBlock || node.info.isBlock { parent.containsBlock = true }
    }

    /// Drops furniture-named elements, top down. One that holds the article's prose stays
    /// (see ``holdsProse(_:_:)``), and inside it furniture-named pieces stay unless they are
    /// link lists or boxes of other stories (page builders call every text block a "widget").
    /// - Returns: whether anything was dropped.
    @discardableResult
    static func prune(_ node: ContentNode, insideProse: Bool) -> Bool {
        // The children kept, made only once one is dropped.
        var kept: [ContentNode.Child]?
        var pruned = false
        for (index, child) in node.children.enumerated() {
            if case .element(let element) = child {
                if dropped(element, insideProse: insideProse) {
                    if kept == nil { kept = Array(node.children[..<index]) }
                    continue
                }
                if prune(element, insideProse: insideProse || element.isFurniture) { pruned = true }
            }
            kept?.append(child)
        }
        if let kept { node.children = kept }
        return kept != nil || pruned
    }

    private static func dropped(_ element: ContentNode, insideProse: Bool) -> Bool {
        guard element.isFurniture else { return false }
        if insideProse { return element.hints.isComments || element.linkDensity > 0.3 }
        return !holdsProse(element, element.hints)
    }

    /// A furniture-named element that holds the article all the same: a wrapper called
    /// "share-container" or "newsletter-wrapper", a page-builder "widget" around the post. Runs
    /// of long, unlinked paragraphs are prose; related boxes and link lists are short or linked.
    static func holdsProse(_ node: ContentNode, _ hints: ClassHints) -> Bool {
        !hints.isComments && node.paragraphCount >= 3 && node.textLength >= 1000 && node.linkDensity < 0.25
    }

    private static let hidingStyles = PatternSet([["display:none", "visibility:hidden"]])

    private static func isHidden(_ attributes: HTMLAttributes, ariaHidden: Bool) -> Bool {
        if attributes.hidden || ariaHidden { return true }
        guard let style = attributes.style?.bytes, style.count >= 12 else { return false }
        // Spaces around the colon are allowed: searched with the spaces taken out.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: style.count) { squeezed in
            var count = 0
            for byte in style where byte != 0x20 {
                squeezed[count] = byte
                count += 1
            }
            return hidingStyles.groups(in: UnsafeBufferPointer(rebasing: squeezed[0..<count]), lowercasing: true) != 0
        }
    }
}
