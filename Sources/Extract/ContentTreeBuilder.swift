import Markup

/// Copies an HTML body into a ``ContentNode`` tree, leaving out what can never be article text.
struct ContentTreeBuilder {
    /// Strict: also leave out page furniture (`nav`, `header`, `footer`, `aside`), forms without
    /// much text, and elements whose class/id/role says share, comments, related, ads, tags...
    /// Lenient: only scripts, styles, controls, media and hidden elements are left out.
    enum Mode { case strict, lenient }

    let mode: Mode

    /// The copy of `body`, with text metrics filled in.
    func build(_ body: MarkupNode) -> ContentNode {
        let root = ContentNode(tag: "body", hints: .none, itemprop: "", imageSource: nil)
        copyChildren(of: body, into: root, depth: 0, inParagraph: false)
        return root
    }

    /// Elements whose inline children are running text: a class on a `<span>` inside them
    /// says nothing about page furniture.
    private static let paragraphs: Set<String> = ["p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre", "dd"]

    private func copyChildren(of source: MarkupNode, into target: ContentNode, depth: Int, inParagraph: Bool) {
        for child in source.children {
            switch child.kind {
            case .text, .cdata:
                guard let content = child.content, !content.isEmpty else { continue }
                let text = Self.collapsedKeepingEdges(content)
                target.children.append(.text(text))
                target.textLength += text.unicodeScalars.count
            case .element:
                guard depth < 400, let node = copy(child, depth: depth + 1, inParagraph: inParagraph) else { continue }
                node.parent = target
                target.children.append(.element(node))
                target.textLength += node.textLength
                target.linkLength += node.linkLength
                target.paragraphCount += node.paragraphCount
                if node.containsMain { target.containsMain = true }
                if node.containsBlock || ContentTags.blocks.contains(node.tag) { target.containsBlock = true }
            default:
                continue
            }
        }
    }

    private func copy(_ element: MarkupNode, depth: Int, inParagraph: Bool) -> ContentNode? {
        let tag = element.name
        if ContentTags.alwaysDropped.contains(tag) { return nil }
        let hidden = isHidden(element)
        if hidden, mode == .strict, element.attribute("aria-hidden")?.lowercased() == "true" { return nil }
        let hints = ClassHints(
            className: element.attribute("class"), id: element.attribute("id"), role: element.attribute("role"))
        let itemprop = element.attribute("itemprop")?.lowercased() ?? ""
        let isArticleBody = itemprop.contains("articlebody")
        var imageSource: String?
        if tag == "img" || tag == "amp-img" {
            imageSource = element.attribute("src") ?? element.attribute("data-src") ?? element.attribute("data-lazy-src")
        }
        let node = ContentNode(tag: tag, hints: hints, itemprop: itemprop, imageSource: imageSource)
        copyChildren(of: element, into: node, depth: depth, inParagraph: inParagraph || Self.paragraphs.contains(tag))
        if tag == "a" { node.linkLength = node.textLength }
        if tag == "p" { node.paragraphCount += 1 }
        if isArticleBody || tag == "article" || tag == "main" { node.containsMain = true }
        if ContentTags.controls.contains(tag), !node.containsBlock, node.paragraphCount == 0 { return nil }
        if mode == .strict {
            // Furniture around the main element or several paragraphs is a parser misnesting
            // (a header left open around the page), not furniture.
            if ContentTags.furniture.contains(tag), !node.containsMain, node.paragraphCount < 5 { return nil }
            if hints.isBoilerplate, !isArticleBody, tag != "article", tag != "main" { return nil }
        }
        // Hidden elements are menus, modals and duplicates, except a hidden run of paragraphs
        // (the next page of a paginated article, a collapsed "read the rest").
        if hidden, node.paragraphCount < 2 { return nil }
        if mode == .strict, !isArticleBody {
            // A form (often the whole page on ASP.NET sites) stays only when it holds prose.
            if tag == "form", node.paragraphCount < 3, node.textLength < 500 { return nil }
            // Bylines, datelines, captions and source lines are short; a long element with such
            // a name is something else.
            if hints.isMetaLine, !hints.isContent, ContentTags.blocks.contains(tag) || !inParagraph, node.textLength < 160,
                node.paragraphCount <= 1
            {
                return nil
            }
        }
        return node
    }

    private func isHidden(_ element: MarkupNode) -> Bool {
        if element.attribute("hidden") != nil { return true }
        if element.attribute("aria-hidden")?.lowercased() == "true" { return true }
        if let style = element.attribute("style")?.lowercased().replacingOccurrences(of: " ", with: ""),
            style.contains("display:none") || style.contains("visibility:hidden")
        {
            return true
        }
        return false
    }

    /// Whitespace runs become one space; a leading or trailing run is kept as one space so
    /// words of neighbouring text nodes stay apart.
    static func collapsedKeepingEdges(_ text: String) -> String {
        let collapsed = PlainText.collapsingWhitespace(text)
        guard !collapsed.isEmpty else { return " " }
        let leading = text.unicodeScalars.first.map { $0.properties.isWhitespace } ?? false
        let trailing = text.unicodeScalars.last.map { $0.properties.isWhitespace } ?? false
        return (leading ? " " : "") + collapsed + (trailing ? " " : "")
    }
}
