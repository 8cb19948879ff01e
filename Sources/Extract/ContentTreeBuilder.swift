import Markup

/// Copies an HTML body into a ``ContentNode`` tree, leaving out what can never be article text.
struct ContentTreeBuilder {
    /// Strict: also leave out page furniture (`nav`, `header`, `footer`, `aside`), forms without
    /// much text, and elements whose class/id/role says share, comments, related, ads, tags...
    /// Lenient: only scripts, styles, controls, media and hidden elements are left out.
    enum Mode { case strict, lenient }

    let mode: Mode
    /// Hints already worked out for class names, shared by the passes over one page.
    let hintCache: HintCache

    init(mode: Mode, hintCache: HintCache = HintCache()) {
        self.mode = mode
        self.hintCache = hintCache
    }

    /// Elements nested deeper than this are left out: no article is written 200 levels deep,
    /// and every walk over the copy recurses, so this bounds the stack (1 MiB is enough, even
    /// in a debug build).
    static let maximumDepth = 200

    /// The copy of `body`, with text metrics filled in.
    func build(_ body: MarkupNode) -> ContentNode {
        let root = ContentNode(tag: "body", hints: .none, itemprop: "", imageSource: nil)
        copyChildren(of: body, into: root, depth: 0, inParagraph: false, inCode: false)
        if mode == .strict {
            Self.prune(root, insideProse: false)
            root.recomputeMetrics()
        }
        return root
    }

    private func copyChildren(of source: MarkupNode, into target: ContentNode, depth: Int, inParagraph: Bool, inCode: Bool) {
        target.children.reserveCapacity(source.childCount)  // room for all: one allocation, not several
        for child in source.children {
            switch child.kind {
            case .text, .cdata:
                guard let content = child.content, !content.isEmpty else { continue }
                // Kept as written: whoever reads text collapses its whitespace.
                target.children.append(.text(content))
                let length = content.collapsedLength
                target.ownTextLength += length
                target.textLength += length
            case .element:
                guard depth < Self.maximumDepth, let node = copy(child, depth: depth + 1, inParagraph: inParagraph, inCode: inCode) else { continue }
                node.parent = target
                target.children.append(.element(node))
                target.textLength += node.textLength
                target.linkLength += node.linkLength
                target.paragraphCount += node.paragraphCount
                if node.containsMain { target.containsMain = true }
                if node.containsBlock || node.info.isBlock { target.containsBlock = true }
            default:
                continue
            }
        }
    }

    private func copy(_ element: MarkupNode, depth: Int, inParagraph: Bool, inCode: Bool) -> ContentNode? {
        let (tag, info) = hintCache.tag(of: element)
        if info.isDropped { return nil }
        let attributes = element.htmlAttributes
        let ariaHidden = attributes.ariaHidden?.asciiLowercased == "true"
        let hidden = !attributes.isEmpty && Self.isHidden(attributes, ariaHidden: ariaHidden)
        if hidden, mode == .strict, ariaHidden { return nil }
        // Inside code, classes are syntax highlighting ("comment", "tag", "meta"), not furniture.
        let hints = attributes.isEmpty || inCode
            ? .none : hintCache.hints(className: attributes.className, id: attributes.id, role: attributes.role)
        let itemprop = attributes.itemprop?.asciiLowercased ?? ""
        let isArticleBody = !itemprop.isEmpty && itemprop.containsBytes("articlebody")
        var imageSource: String?
        if info.isImage {
            imageSource = attributes.src ?? attributes.dataSrc ?? attributes.dataLazySrc
        }
        let node = ContentNode(tag: tag, hints: hints, itemprop: itemprop, imageSource: imageSource, info: info)
        if info.isLink {
            node.reference = attributes.href
        } else if imageSource != nil {
            node.reference = attributes.alt
        }
        copyChildren(
            of: element, into: node, depth: depth, inParagraph: inParagraph || info.holdsRunningText,
            inCode: inCode || info.isCode)
        if info.isLink { node.linkLength = node.textLength }
        if info.isParagraph { node.paragraphCount += 1 }
        if isArticleBody || info.isMain { node.containsMain = true }
        if info.isControl, !node.containsBlock, node.paragraphCount == 0 { return nil }
        if mode == .strict {
            // Furniture around the main element or several paragraphs is a parser misnesting
            // (a header left open around the page), not furniture.
            if info.isFurniture, !node.containsMain, node.paragraphCount < 5 { return nil }
            // Decided once the whole tree is there (see `pruned`): a furniture-named wrapper
            // may hold the article.
            if hints.isBoilerplate, !isArticleBody, !info.isMain { node.isFurniture = true }
        }
        // Hidden elements are menus, modals and duplicates, except a hidden run of paragraphs
        // (the next page of a paginated article, a collapsed "read the rest").
        if hidden, node.paragraphCount < 2 { return nil }
        if mode == .strict, !isArticleBody {
            // A form (often the whole page on ASP.NET sites) stays only when it holds prose.
            if info.isForm, node.paragraphCount < 3, node.textLength < 500 { return nil }
            // Bylines, datelines, captions and source lines are short; a long element with such
            // a name is something else.
            if hints.isMetaLine, !hints.isContent, info.isBlock || !inParagraph, node.textLength < 160,
                node.paragraphCount <= 1
            {
                return nil
            }
        }
        return node
    }

    /// Drops furniture-named elements, top down. One that holds the article's prose stays
    /// (see ``holdsProse(_:_:)``), and inside it furniture-named pieces stay unless they are
    /// link lists or boxes of other stories (page builders call every text block a "widget").
    static func prune(_ node: ContentNode, insideProse: Bool) {
        guard node.children.contains(where: { if case .element = $0 { true } else { false } }) else { return }
        node.children.removeAll { child in
            guard case .element(let element) = child else { return false }
            var inside = insideProse
            if element.isFurniture {
                if insideProse {
                    if element.hints.isComments || element.linkDensity > 0.3 { return true }
                } else {
                    guard holdsProse(element, element.hints) else { return true }
                    inside = true
                }
            }
            prune(element, insideProse: inside)
            return false
        }
    }

    /// A furniture-named element that holds the article all the same: a wrapper called
    /// "share-container" or "newsletter-wrapper", a page-builder "widget" around the post. Runs
    /// of long, unlinked paragraphs are prose; related boxes and link lists are short or linked.
    static func holdsProse(_ node: ContentNode, _ hints: ClassHints) -> Bool {
        !hints.isComments && node.paragraphCount >= 3 && node.textLength >= 1000 && node.linkDensity < 0.25
    }

    private static func isHidden(_ attributes: HTMLAttributes, ariaHidden: Bool) -> Bool {
        if attributes.hidden || ariaHidden { return true }
        if let style = attributes.style {
            let squeezed = String(decoding: style.asciiLowercased.utf8.filter { $0 != 0x20 }, as: UTF8.self)
            if squeezed.containsBytes("display:none") || squeezed.containsBytes("visibility:hidden") { return true }
        }
        return false
    }
}
