@preconcurrency import CLibXML2

extension MarkupNode {
    /// The raw content of a text, CDATA or comment node (`nil` for elements).
    public var content: String? {
        switch pointer.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_COMMENT_NODE, XML_PI_NODE:
            LibXML.string(pointer.pointee.content)
        default: nil
        }
    }

    /// All text below this node concatenated as written (no whitespace changes).
    ///
    /// Entity references left in an XML tree are expanded, but at most `entityBudget` bytes
    /// in all and eight levels deep, so an entity bomb cannot blow up memory.
    public func textContent(entityBudget: Int = 1 << 20) -> String {
        var result = ""
        var budget = entityBudget
        appendText(of: self, to: &result, budget: &budget, depth: 0)
        return result
    }

    /// All text below this node concatenated as written (see ``textContent(entityBudget:)``).
    public var textContent: String { textContent() }

    private func appendText(of node: MarkupNode, to result: inout String, budget: inout Int, depth: Int, elementDepth: Int = 0) {
        switch node.pointer.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let text = LibXML.string(node.pointer.pointee.content) {
                if depth > 0 {
                    guard budget > 0 else { return }
                    budget -= text.utf8.count
                }
                result += text
            }
        case XML_ENTITY_REF_NODE:
            // The child of an entity reference is the entity declaration; its children hold the
            // replacement text. Expanded under a budget only.
            guard depth < 8, budget > 0, let entity = node.pointer.pointee.children,
                entity.pointee.type == XML_ENTITY_DECL
            else { return }
            var child = entity.pointee.children
            while let current = child {
                appendText(of: node.wrap(current)!, to: &result, budget: &budget, depth: depth + 1, elementDepth: elementDepth + 1)
                child = current.pointee.next
            }
        case XML_ELEMENT_NODE, XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE, XML_DOCUMENT_FRAG_NODE,
            XML_ENTITY_DECL:
            // Text nested deeper than 256 elements below this node is left out (hostile pages
            // nest thousands of levels; the stack is not unlimited).
            guard elementDepth < 256 else { return }
            var child = node.pointer.pointee.children
            while let current = child {
                appendText(of: node.wrap(current)!, to: &result, budget: &budget, depth: depth, elementDepth: elementDepth + 1)
                child = current.pointee.next
            }
        default:
            return
        }
    }

    /// The text a reader would see: block elements become paragraphs (separated by a blank
    /// line), `<br>` a line break, whitespace collapsed, `script`/`style`/`head` left out.
    public func renderedText() -> String {
        var renderer = TextRenderer()
        renderer.render(self, depth: 0)
        return renderer.finish()
    }

    /// The markup of the node itself, serialised (HTML or XML according to the document).
    public var outerMarkup: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        if isHTML {
            htmlNodeDump(buffer, pointer.pointee.doc, pointer)
        } else {
            xmlNodeDump(buffer, pointer.pointee.doc, pointer, 0, 0)
        }
        return LibXML.string(xmlBufferContent(buffer)) ?? ""
    }

    /// The serialised markup of the node's children (its "inner HTML").
    public var innerMarkup: String {
        children.map(\.outerMarkup).joined()
    }

    /// The base URL in effect at this node: in XML, `xml:base` attributes up the tree resolved
    /// against the document's URL; in HTML, `<base href>` resolved against the document's URL.
    public var baseURL: String? {
        let document = pointer.pointee.doc
        let documentURL = LibXML.string(document?.pointee.URL)
        guard isHTML else { return LibXML.consume(xmlNodeGetBase(document, pointer)) ?? documentURL }
        // For HTML, libxml2 returns only the <base href> (or nothing).
        guard let base = LibXML.consume(xmlNodeGetBase(document, pointer)) else { return documentURL }
        return URLResolver.resolve(base, against: documentURL) ?? documentURL
    }

    /// Resolves a reference (an `href`, a `src`) against ``baseURL``.
    public func resolve(_ reference: String) -> String? {
        URLResolver.resolve(reference, against: baseURL)
    }
}

/// Renders a subtree as plain text for ``MarkupNode/renderedText()``.
private struct TextRenderer {
    static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "select",
        "button", "textarea",
    ]
    static let blocks: Set<String> = [
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "table", "tr", "section", "article", "header", "footer", "aside", "nav", "figure",
        "figcaption", "address", "hr", "main", "form", "fieldset", "details", "summary", "center",
        "body", "html",
    ]

    var paragraphs: [[String]] = []
    var lines: [String] = []
    var line = ""

    mutating func render(_ node: MarkupNode, depth: Int) {
        guard depth < 512 else { return }
        switch node.kind {
        case .text, .cdata, .entityReference:
            line += node.kind == .entityReference ? node.textContent : (node.content ?? "")
        case .element:
            let name = node.name
            if Self.skipped.contains(name) { return }
            if name == "br" {
                breakLine()
                return
            }
            let isBlock = Self.blocks.contains(name)
            if isBlock { breakParagraph() }
            for child in node.children { render(child, depth: depth + 1) }
            if isBlock { breakParagraph() }
        default:
            return
        }
    }

    mutating func breakLine() {
        let text = PlainText.collapsingWhitespace(line)
        if !text.isEmpty { lines.append(text) }
        line = ""
    }

    mutating func breakParagraph() {
        breakLine()
        if !lines.isEmpty { paragraphs.append(lines) }
        lines = []
    }

    mutating func finish() -> String {
        breakParagraph()
        return paragraphs.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }
}
