import Foundation
import Markup

/// Reads RSS 0.9x, 1.0 (RDF) and 2.0 documents.
enum RSSReader {
    static func read(_ root: MarkupNode) -> Feed {
        let channel: MarkupNode? = root.name.lowercased() == "channel"
            ? root : root.elementChildren.first { $0.name == "channel" }
        var feed = Feed(format: .rss)
        if let channel {
            feed.title = FeedText.title(core(channel, "title"))
                ?? FeedText.title(channel.firstChildElement(named: "title", namespace: Namespace.dc))
            feed.siteURL = FeedText.link(FeedText.trimmed(core(channel, "link")), at: channel)
                ?? alternateAtomLink(in: channel)
            feed.description = FeedText.htmlAsText(core(channel, "description"))
            feed.language = (FeedText.plain(core(channel, "language"))
                ?? FeedText.plain(channel.firstChildElement(named: "language", namespace: Namespace.dc)))
                .map { $0.replacingOccurrences(of: "_", with: "-") }
        }
        // RSS 2.0 nests items in the channel; RSS 1.0 and 0.90 put them beside it.
        var itemNodes = channel.map { $0.elementChildren.filter { isCore($0, "item") } } ?? []
        if channel != root { itemNodes += root.elementChildren.filter { isCore($0, "item") } }
        feed.items = itemNodes.map(readItem)
        return feed
    }

    static func readItem(_ node: MarkupNode) -> FeedItem {
        var item = FeedItem()
        item.title = FeedText.title(core(node, "title"))
        let guidNode = core(node, "guid")
        item.guid = FeedText.trimmed(guidNode)
        item.link = FeedText.link(FeedText.trimmed(core(node, "link")), at: node)
            ?? alternateAtomLink(in: node)
        if item.link == nil, let guid = item.guid, let guidNode,
            guidNode.attribute("isPermaLink")?.lowercased() != "false", URLResolver.isHTTP(guid)
        {
            item.link = guid
        }
        if item.guid == nil, let about = node.attributes.first(where: { $0.name == "rdf:about" })?.value {
            item.guid = FeedText.nonEmpty(about.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        item.summary = FeedText.htmlAsText(core(node, "description"))
        item.contentHTML = FeedText.trimmed(node.firstChildElement(named: "encoded", namespace: Namespace.content))
        if item.summary == nil, let html = item.contentHTML {
            item.summary = FeedText.nonEmpty(PlainText.fromHTML(html))
        }
        item.published = FeedText.date(core(node, "pubDate"))
            ?? FeedText.date(node.firstChildElement(named: "date", namespace: Namespace.dc))
            ?? FeedText.date(node.firstChildElement(named: "issued", namespace: Namespace.dcTerms))
            ?? FeedText.date(node.firstChildElement(named: "published", namespace: Namespace.atom))
        item.updated = FeedText.date(node.firstChildElement(named: "modified", namespace: Namespace.dcTerms))
            ?? FeedText.date(node.firstChildElement(named: "updated", namespace: Namespace.atom))
        var authors: [String] = []
        FeedText.appendUnique(
            node.childElements(named: "creator", namespace: Namespace.dc).compactMap(authorName), to: &authors)
        FeedText.appendUnique(node.elementChildren.filter { isCore($0, "author") }.compactMap(authorName), to: &authors)
        item.authors = authors
        var categories: [String] = []
        FeedText.appendUnique(node.elementChildren.filter { isCore($0, "category") }.compactMap(FeedText.plain),
            to: &categories)
        FeedText.appendUnique(
            node.childElements(named: "subject", namespace: Namespace.dc).compactMap(FeedText.plain), to: &categories)
        item.categories = categories
        return item
    }

    /// RSS `author` holds an e-mail address, often with a name: `jo@example.org (Jo Smith)`,
    /// `Jo Smith (jo@example.org)`, `Jo Smith <jo@example.org>`. The name when there is one,
    /// else the text as written.
    static func authorName(_ node: MarkupNode) -> String? {
        guard let text = FeedText.plain(node) else { return nil }
        for (open, close) in [("(", ")"), ("<", ">")] where text.hasSuffix(close) {
            guard let start = text.lastIndex(of: Character(open)) else { continue }
            let inside = text[text.index(after: start)..<text.index(before: text.endIndex)]
                .trimmingCharacters(in: .whitespaces)
            let outside = text[..<start].trimmingCharacters(in: .whitespaces)
            if outside.contains("@"), !inside.isEmpty, !inside.contains("@") { return inside }
            if inside.contains("@"), !outside.isEmpty { return outside }
        }
        return text
    }

    /// An `atom:link rel=alternate` (some RSS feeds carry one instead of `link`).
    static func alternateAtomLink(in node: MarkupNode) -> String? {
        for link in node.childElements(named: "link", namespace: Namespace.atom)
        where (link.attribute("rel") ?? "alternate") == "alternate" {
            if let href = FeedText.link(link.attribute("href"), at: link) { return href }
        }
        return nil
    }

    /// The first child with this name in no namespace or an RSS namespace.
    static func core(_ node: MarkupNode, _ name: String) -> MarkupNode? {
        node.children.first { isCore($0, name) }
    }

    static func isCore(_ node: MarkupNode, _ name: String) -> Bool {
        guard node.isElement, node.name == name else { return false }
        // No namespace, or one of the namespaces RSS versions have used
        // (purl.org/rss/1.0/, backend.userland.com/rss2, blogs.law.harvard.edu/tech/rss, ...).
        guard let namespace = node.namespaceURI?.lowercased() else { return true }
        if namespace == Namespace.rss090 { return true }
        return namespace.contains("rss") && !namespace.contains("/modules/")
    }
}
