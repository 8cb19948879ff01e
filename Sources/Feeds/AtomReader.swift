import Foundation
import Markup

/// Reads Atom 1.0 (and the older Atom 0.3) documents.
enum AtomReader {
    static func read(_ root: MarkupNode) -> Feed {
        var feed = Feed(format: .atom)
        feed.title = textConstruct(child(root, "title"))
        feed.siteURL = alternateLink(in: root)
        feed.description = textConstruct(child(root, "subtitle") ?? child(root, "tagline"))
        feed.language = FeedText.nonEmpty(root.attribute("lang", namespace: Namespace.xml)?
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "-"))
        let feedAuthors = authors(of: root)
        feed.items = root.elementChildren.filter { isAtom($0, "entry") }.map { readEntry($0, feedAuthors: feedAuthors) }
        return feed
    }

    static func readEntry(_ node: MarkupNode, feedAuthors: [String]) -> FeedItem {
        var item = FeedItem()
        item.guid = FeedText.trimmed(child(node, "id"))
        item.link = alternateLink(in: node)
        item.title = textConstruct(child(node, "title"))
        item.summary = textConstruct(child(node, "summary"))
        item.contentHTML = contentHTML(child(node, "content"))
        if item.summary == nil, let html = item.contentHTML {
            item.summary = FeedText.nonEmpty(PlainText.fromHTML(html))
        }
        item.published = FeedText.date(child(node, "published")) ?? FeedText.date(child(node, "issued"))
            ?? FeedText.date(child(node, "created"))
        item.updated = FeedText.date(child(node, "updated")) ?? FeedText.date(child(node, "modified"))
        var names = authors(of: node)
        if names.isEmpty, let source = child(node, "source") { names = authors(of: source) }
        item.authors = names.isEmpty ? feedAuthors : names
        var categories: [String] = []
        FeedText.appendUnique(
            node.elementChildren.filter { isAtom($0, "category") }.compactMap { category in
                FeedText.nonEmpty(
                    PlainText.collapsingWhitespace(category.attribute("term") ?? category.attribute("label") ?? ""))
            }, to: &categories)
        item.categories = categories
        return item
    }

    /// Author names (`author/name`, or the author's text when it has no `name`).
    static func authors(of node: MarkupNode) -> [String] {
        var names: [String] = []
        for author in node.elementChildren where isAtom(author, "author") {
            if let name = FeedText.plain(child(author, "name")) ?? FeedText.plain(author) {
                FeedText.appendUnique([name], to: &names)
            }
        }
        return names
    }

    /// The `link` a reader should open: `rel="alternate"` (the default) preferring an HTML
    /// type, resolved against `xml:base` and the document URL.
    static func alternateLink(in node: MarkupNode) -> String? {
        let alternates = node.elementChildren.filter { isAtom($0, "link") }
            .filter { ($0.attribute("rel")?.lowercased() ?? "alternate") == "alternate" }
        let html = alternates.first { link in
            guard let type = link.attribute("type")?.lowercased() else { return false }
            return type.contains("html")
        }
        let untyped = alternates.first { $0.attribute("type") == nil }
        guard let chosen = html ?? untyped ?? alternates.first else { return nil }
        return FeedText.link(chosen.attribute("href"), at: chosen)
    }

    /// An Atom text construct (`type` text, html or xhtml) as plain text.
    static func textConstruct(_ node: MarkupNode?) -> String? {
        guard let node else { return nil }
        switch kind(of: node) {
        case .html:
            return FeedText.htmlAsText(node)
        case .xhtml:
            let container = node.firstChildElement(named: "div", namespace: Namespace.xhtml) ?? node
            return FeedText.nonEmpty(PlainText.fromHTML(container.innerMarkup))
        case .text:
            return FeedText.plain(node)
        case .other:
            return nil
        }
    }

    /// Atom `content` as HTML: html as carried, xhtml serialised, text escaped; nil for
    /// out-of-line (`src`) or non-text media.
    static func contentHTML(_ node: MarkupNode?) -> String? {
        guard let node, node.attribute("src") == nil else { return nil }
        switch kind(of: node) {
        case .html:
            return FeedText.trimmed(node)
        case .xhtml:
            let container = node.firstChildElement(named: "div", namespace: Namespace.xhtml) ?? node
            return FeedText.nonEmpty(container.innerMarkup.trimmingCharacters(in: .whitespacesAndNewlines))
        case .text:
            return FeedText.trimmed(node).map(FeedText.escapedHTML)
        case .other:
            return nil
        }
    }

    enum ContentKind { case text, html, xhtml, other }

    static func kind(of node: MarkupNode) -> ContentKind {
        let type = node.attribute("type")?.lowercased().trimmingCharacters(in: .whitespaces) ?? "text"
        // Atom 0.3 marks escaped HTML with mode="escaped".
        if node.attribute("mode")?.lowercased() == "escaped" { return .html }
        switch type {
        case "text", "text/plain", "": return .text
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .xhtml
        default: return type.hasPrefix("text/") ? .text : (type.hasSuffix("+xml") || type.hasSuffix("/xml") ? .xhtml : .other)
        }
    }

    static func child(_ node: MarkupNode, _ name: String) -> MarkupNode? {
        node.children.first { isAtom($0, name) }
    }

    /// An element with this name in an Atom namespace (or none: some feeds forget it).
    static func isAtom(_ node: MarkupNode, _ name: String) -> Bool {
        guard node.isElement, node.name == name else { return false }
        switch node.namespaceURI {
        case nil, Namespace.atom?, Namespace.atom03?, "http://purl.org/echo/"?, "http://purl.org/pie/"?: return true
        default: return false
        }
    }
}
