import Foundation
import Markup

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into a ``Feed``.
///
/// Titles and `content_text`/`summary` are plain text; `content_html` is sanitised like any
/// feed HTML. URLs are resolved against the document's address. 1.0's single `author` and
/// 1.1's `authors` are both read; an item without authors takes the feed's. An `id` written as
/// a number is read as its decimal text.
enum JSONFeedReader {
    static func read(_ data: Data, url: String?) throws(FeedError) -> Feed {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = Data(bytes.dropFirst(3)) }
        var wellFormed = true
        var note: String?
        if !UTF8Scan(bytes).isValid {
            bytes = Data(String(decoding: bytes, as: UTF8.self).utf8)
            wellFormed = false
            note = "invalid UTF-8 replaced by U+FFFD"
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: bytes)
        } catch {
            throw FeedError(.notAFeed, "the document starts like JSON but is not valid JSON; expected a JSON Feed")
        }
        guard let root = object as? [String: Any] else {
            throw FeedError(.notAFeed, "the document is JSON but not an object; expected a JSON Feed")
        }
        guard let version = root["version"] as? String, version.contains("jsonfeed.org/version/") else {
            throw FeedError(.notAFeed, "the document is JSON without a jsonfeed.org \"version\"; expected a JSON Feed")
        }
        let base = url ?? string(root["feed_url"])
        var feed = Feed(format: .json, version: version.hasSuffix("/1.1") ? "json11" : version.hasSuffix("/1") ? "json10" : "json")
        feed.titleText = string(root["title"]).map { FeedText($0, kind: .plain) }
        feed.siteURL = link(root["home_page_url"], base: base)
        feed.subtitle = string(root["description"]).map { FeedText($0, kind: .plain) }
        feed.language = string(root["language"])
        feed.isWellFormed = wellFormed
        feed.recoveryNote = note
        feed.charset = "UTF-8"
        let feedAuthors = authors(in: root, base: base)
        let items = root["items"] as? [Any] ?? []
        feed.items = items.compactMap { $0 as? [String: Any] }.map { item(from: $0, base: base, feedAuthors: feedAuthors) }
        return feed
    }

    static func item(from object: [String: Any], base: String?, feedAuthors: [FeedPerson]) -> FeedItem {
        var item = FeedItem()
        let id: String? =
            if let text = object["id"] as? String { text }
            else if let number = object["id"] as? NSNumber { number.stringValue }
            else { nil }
        item.guid = id.map(FeedTextRendering.pythonStrip).flatMap { $0.isEmpty ? nil : $0 }
        item.id = item.guid
        item.link = link(object["url"], base: base) ?? link(object["external_url"], base: base)
        item.titleText = string(object["title"]).map { FeedText($0, kind: .plain) }
        item.summaryText = string(object["summary"]).map { FeedText($0, kind: .plain) }
        if let html = string(object["content_html"]) {
            item.content = FeedText(HTMLSanitizer.sanitize(html, baseURL: base), kind: .html)
        } else if let text = string(object["content_text"]) {
            item.content = FeedText(text, kind: .plain)
        }
        item.published = string(object["date_published"]).flatMap(FeedDate.parse)
        item.updated = string(object["date_modified"]).flatMap(FeedDate.parse)
        let people = authors(in: object, base: base)
        item.authorDetails = people.isEmpty ? feedAuthors : people
        var categories = CategoryList()
        for tag in object["tags"] as? [Any] ?? [] {
            if let text = string(tag) { categories.add(term: text, scheme: nil, label: nil) }
        }
        item.categories = categories.terms
        for attachment in object["attachments"] as? [Any] ?? [] {
            guard let attachment = attachment as? [String: Any], let url = link(attachment["url"], base: base) else { continue }
            let size = (attachment["size_in_bytes"] as? NSNumber)?.intValue
            item.enclosures.append(FeedEnclosure(url: url, type: string(attachment["mime_type"]), length: size))
        }
        item.imageURL = link(object["image"], base: base) ?? link(object["banner_image"], base: base)
        return item
    }

    /// JSON Feed 1.1's `authors`, else 1.0's `author`.
    static func authors(in object: [String: Any], base: String?) -> [FeedPerson] {
        var list = object["authors"] as? [Any] ?? []
        if list.isEmpty, let single = object["author"] { list = [single] }
        return list.compactMap { entry -> FeedPerson? in
            guard let entry = entry as? [String: Any] else { return nil }
            let person = FeedPerson(name: string(entry["name"]), email: nil, url: link(entry["url"], base: base))
            guard person.name != nil || person.url != nil else { return nil }
            if person.email == nil, let url = person.url, url.lowercased().hasPrefix("mailto:") {
                return FeedPerson(name: person.name, email: String(url.dropFirst(7)), url: url)
            }
            return person
        }
    }

    static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = FeedTextRendering.pythonStrip(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func link(_ value: Any?, base: String?) -> String? {
        guard let text = string(value) else { return nil }
        return XMLFeedReader.resolve(text, against: base)
    }
}
