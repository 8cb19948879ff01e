import Foundation
import Markup

/// Where finished values go: links, titles, summaries, content, ids, people, categories,
/// enclosures and images, by feedparser's precedence rules.
extension XMLFeedReader {
    /// CDF puts a channel's or item's link and date in attributes.
    mutating func cdfAttributes(_ attributes: AttributeList) {
        if let modified = attributes["lastmod"] {
            let date = FeedDate.parse(modified)
            switch contextTarget {
            case .entry: entries[entries.count - 1].updated = date
            case .feed: feed.updated = date
            case .ignored: break
            }
        }
        if let href = attributes["href"] {
            storeLink(Self.resolve(FeedTextRendering.pythonStrip(href), against: currentBase))
        }
    }

    /// `<link>`: Atom's `href` (the page when `rel` is alternate and the type HTML; media when
    /// `rel` is enclosure), or RSS's text.
    mutating func startLink(_ attributes: AttributeList) {
        let given = attributes["rel"] ?? "alternate"
        let rel = given.utf8.contains(where: { (65...90).contains($0) }) ? given.lowercased() : given
        let type = Self.mediaType(attributes["type"] ?? (rel == "self" ? "application/atom+xml" : "text/html"))
        guard let href = attributes["url"] ?? attributes["uri"] ?? attributes["href"], !href.isEmpty else {
            // A link given as text counts only as the page (`rel` alternate, RSS's default).
            push(rel == "alternate" ? .link : .ignoredText, expectingText: expectsText)
            return
        }
        let resolved = Self.resolve(href, against: currentBase)
        if rel == "enclosure", !(inEntry && inImage > 0) {
            addEnclosure(url: resolved, type: attributes["type"], length: attributes["length"])
        }
        if rel == "alternate", type == "text/html" || type == "application/xhtml+xml" {
            switch contextTarget {
            case .entry: entries[entries.count - 1].link = resolved
            case .feed: feed.link = resolved
            case .ignored: break
            }
        }
    }

    /// An RSS `<link>`'s text (or a CDF `href`).
    mutating func storeLink(_ value: String) {
        switch storeTarget {
        case .entry:
            guard inImage == 0 else { return }
            var link = value
            if link.utf8.contains(UInt8(ascii: "&")) {
                link = Self.unterminatedReferences(link.replacingOccurrences(of: "&amp;", with: "&"))
            }
            entries[entries.count - 1].link = link
        case .feed:
            feed.link = Self.unterminatedReferences(value)
        case .ignored:
            break
        }
    }

    /// feedparser's repair of query strings a loose parser mangled: `&b;=2` → `&b=2`.
    static func unterminatedReferences(_ link: String) -> String {
        guard link.utf8.contains(UInt8(ascii: "&")), link.utf8.contains(UInt8(ascii: ";")) else { return link }
        return link.replacingOccurrences(of: #"&([A-Za-z0-9_]+);"#, with: "&$1", options: .regularExpression)
    }

    mutating func endTitle(_ finished: FinishedText?, isMediaTitle: Bool) {
        let previousDepth = titleDepth
        guard let finished else { return }
        let elementDepth = depth + 1
        if finished.stored, !(titleDepth > -1 && titleDepth <= elementDepth) {
            switch storeTarget {
            case .entry:
                if entries[entries.count - 1].allows(.title, depth: elementDepth) {
                    entries[entries.count - 1].title = finished.text
                }
            case .feed: feed.title = finished.text
            case .ignored: break
            }
        }
        if !finished.isEmpty { titleDepth = elementDepth }
        if isMediaTitle { titleDepth = previousDepth }
    }

    mutating func storeSummary(_ finished: FinishedText, isDescription: Bool) {
        switch storeTarget {
        case .entry:
            if entries[entries.count - 1].allows(.summary, depth: depth + 1) {
                entries[entries.count - 1].summary = finished.text
            }
        case .feed:
            // A feed's description is its subtitle; its summary (itunes:summary) is apart.
            if isDescription { feed.subtitle = finished.text } else { feedHasSummary = true }
        case .ignored:
            break
        }
    }

    mutating func endContent(_ finished: FinishedText?) {
        descriptionIsContent = false
        guard let finished, finished.stored else { return }
        guard storeTarget == .entry else { return }
        entries[entries.count - 1].contents.append(finished.text)
        // The content stands in for a missing summary (text and HTML only).
        if finished.type == "text/plain" || finished.type == "text/html" || finished.type == "application/xhtml+xml",
            entries[entries.count - 1].summary == nil, entries[entries.count - 1].depths[.summary] == nil
        {
            entries[entries.count - 1].summary = finished.text
            entries[entries.count - 1].depths[.summary] = Int.max
        }
    }

    mutating func endGUID(_ finished: FinishedText?) {
        guard let finished else { return }
        if finished.stored, storeTarget == .entry, entries[entries.count - 1].allows(.id, depth: depth + 1) {
            entries[entries.count - 1].id = finished.value
            entries[entries.count - 1].guid = finished.raw
        }
        // A permalink guid is the item's page when it has no link (and is a web address).
        if guidIsLink, contextTarget == .entry, entries[entries.count - 1].link == nil, URLResolver.isHTTP(finished.value) {
            entries[entries.count - 1].link = finished.value
        }
    }

    /// Whether the context already has a summary (so a second description is content).
    mutating func hasSummary(in target: Target) -> Bool {
        switch target {
        case .entry: entries[entries.count - 1].summary != nil || entries[entries.count - 1].depths[.summary] != nil
        case .feed: feedHasSummary
        case .ignored: false
        }
    }

    mutating func updateAuthors(_ change: (inout AuthorList) -> Void) {
        switch contextTarget {
        case .entry: change(&entries[entries.count - 1].authors)
        case .feed: change(&feed.authors)
        case .ignored: break
        }
    }

    mutating func updateCategories(_ change: (inout CategoryList) -> Void) {
        switch contextTarget {
        case .entry: change(&entries[entries.count - 1].categories)
        case .feed: change(&feed.categories)
        case .ignored: break
        }
    }

    mutating func addEnclosure(url: String, type: String?, length: String?) {
        guard contextTarget == .entry else { return }
        let trimmedLength = length.map { FeedTextRendering.pythonStrip($0) }
        let enclosure = FeedEnclosure(
            url: url, type: type.flatMap { $0.isEmpty ? nil : $0 }, length: trimmedLength.flatMap { Int($0) })
        entries[entries.count - 1].enclosures.append(enclosure)
        if imageURLIsEmpty, type?.hasPrefix("image/") == true { setImage(url, replacing: false) }
    }

    var imageURLIsEmpty: Bool {
        switch contextTarget {
        case .entry: entries[entries.count - 1].imageURL == nil
        case .feed: feed.imageURL == nil
        case .ignored: false
        }
    }

    mutating func setImage(_ url: String, replacing: Bool) {
        switch contextTarget {
        case .entry where replacing || entries[entries.count - 1].imageURL == nil: entries[entries.count - 1].imageURL = url
        case .feed where replacing || feed.imageURL == nil: feed.imageURL = url
        default: break
        }
    }
}
