import Foundation

/// The feed-level values an ``XMLFeedReader`` has collected so far.
struct FeedDraft {
    var title: FeedText?
    var link: String?
    var subtitle: FeedText?
    var language: String?
    var updated: Date?
    var timeToLive: TimeInterval?
    var authors = AuthorList()
    var categories = CategoryList()
    var imageURL: String?
}

/// One entry as an ``XMLFeedReader`` collects it.
struct EntryDraft {
    var title: FeedText?
    var link: String?
    var id: String?
    var guid: String?
    var summary: FeedText?
    var contents: [FeedText] = []
    var published: Date?
    var updated: Date?
    var authors = AuthorList()
    var categories = CategoryList()
    var enclosures: [FeedEnclosure] = []
    var imageURL: String?
    /// The depth each field was set at: a value from a deeper element does not replace one
    /// from a shallower element (feedparser's rule).
    var depths: [Field: Int] = [:]

    enum Field: Hashable { case title, summary, id }

    /// Sets a field unless it was set by a shallower element.
    mutating func allows(_ field: Field, depth: Int) -> Bool {
        if let existing = depths[field], depth > existing { return false }
        depths[field] = depth
        return true
    }

    func item() -> FeedItem {
        var item = FeedItem(
            guid: guid, link: link, content: contents.first, published: published, updated: updated,
            authorDetails: authors.people, categories: categories.terms, enclosures: enclosures, imageURL: imageURL)
        item.id = id
        item.titleText = title
        item.summaryText = summary
        return item
    }
}

/// Authors as feedparser collects them: one record per author element, filled by its
/// `name`/`email`/`uri` children or parsed from its text (`jo@example.org (Jo Smith)`).
struct AuthorList {
    var records: [FeedPerson] = []

    var people: [FeedPerson] {
        var people: [FeedPerson] = []
        for record in records where (record.name != nil || record.email != nil) && !people.contains(record) {
            people.append(record)
        }
        return people
    }

    /// Splits an author string into name and e-mail address: `me@example.com (Me)`,
    /// `Me <me@example.com>`, `Me (me@example.com)`, or just one of them.
    static func parse(_ text: String) -> FeedPerson {
        guard let range = emailRange(in: text) else { return FeedPerson(name: text.isEmpty ? nil : text) }
        let email = String(text[range])
        var name = text.replacingCharacters(in: range, with: "")
        for empty in ["()", "<>", "&lt;&gt;"] { name = name.replacingOccurrences(of: empty, with: "") }
        name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.hasPrefix("(") { name.removeFirst() }
        if name.hasSuffix(")") { name.removeLast() }
        name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return FeedPerson(name: name.isEmpty ? nil : name, email: email)
    }

    private static let emailPattern = try! NSRegularExpression(
        pattern: #"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"#)

    static func emailRange(in text: String) -> Range<String.Index>? {
        guard text.utf8.contains(UInt8(ascii: "@")),
            let match = emailPattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        return Range(match.range, in: text)
    }
}

/// Category terms without duplicates, with feedparser's pairing of a `term` attribute and the
/// element's text.
struct CategoryList {
    /// (term, scheme, label) as given; a tag without any is not kept.
    var tags: [(term: String?, scheme: String?, label: String?)] = []

    mutating func add(term: String?, scheme: String?, label: String?) {
        let term = term.flatMap { $0.isEmpty ? nil : $0 }
        let scheme = scheme.flatMap { $0.isEmpty ? nil : $0 }
        let label = label.flatMap { $0.isEmpty ? nil : $0 }
        guard term != nil || scheme != nil || label != nil else { return }
        guard !tags.contains(where: { $0.term == term && $0.scheme == scheme && $0.label == label }) else { return }
        tags.append((term, scheme, label))
    }

    /// The element's text: the term of the tag its attributes started, or a tag of its own.
    mutating func addText(_ value: String) {
        guard !value.isEmpty else { return }
        if let last = tags.indices.last, tags[last].term == nil {
            tags[last].term = value
        } else {
            add(term: value, scheme: nil, label: nil)
        }
    }

    var terms: [String] {
        var terms: [String] = []
        for tag in tags {
            if let term = tag.term, !terms.contains(term) { terms.append(term) }
        }
        return terms
    }
}
