import Foundation
import Markup

/// One feed in an OPML subscription list.
public struct OPMLSubscription: Sendable, Equatable, Codable {
    /// The feed's URL (`xmlUrl`).
    public var url: String
    /// The outline's title (`title`, else `text`), if any.
    public var title: String?
    /// The site's URL (`htmlUrl`), if any.
    public var siteURL: String?
    /// The titles of the folders the outline sits in, outermost first, then its `category`
    /// values; without duplicates.
    public var tags: [String]

    public init(url: String, title: String? = nil, siteURL: String? = nil, tags: [String] = []) {
        self.url = url
        self.title = title
        self.siteURL = siteURL
        self.tags = tags
    }
}

/// OPML 1.0/2.0 subscription lists, read and written. Pure.
///
/// Reading keeps every outline with an `xmlUrl` (any case) as a subscription, wherever it is;
/// the folders around it (outlines without one) become its tags, outermost first, as do the
/// names in an OPML 2.0 `category` attribute (`/News/World` gives `News` and `World`).
/// Writing nests each feed in folders named by its tags, in order, so reading the file back
/// gives the same tags.
public enum OPML {
    /// The subscriptions in an OPML document, in document order (a URL listed twice is kept
    /// once, with the first place's tags).
    ///
    /// - Throws: ``FeedError`` with code `.notOPML` when the document is not OPML.
    public static func parse(_ data: Data) throws(FeedError) -> (title: String?, subscriptions: [OPMLSubscription]) {
        let document: XMLDocument
        do {
            document = try XMLDocument(data: data, encoding: nil, url: nil)
        } catch {
            throw FeedError(.notOPML, "the file is not XML (\(error.message)); expected an OPML subscription list")
        }
        guard let root = document.root, root.name.lowercased() == "opml" else {
            throw FeedError(.notOPML, "the file's root element is not <opml>; expected an OPML subscription list")
        }
        let title = root.firstChildElement(named: "head")?.firstChildElement(named: "title")
            .map { PlainText.collapsingWhitespace($0.textContent) }.flatMap { $0.isEmpty ? nil : $0 }
        guard let body = root.firstChildElement(named: "body") else { return (title, []) }
        var subscriptions: [OPMLSubscription] = []
        var seen = Set<String>()
        collect(body, folders: [], into: &subscriptions, seen: &seen, depth: 0)
        return (title, subscriptions)
    }

    private static func collect(
        _ node: MarkupNode, folders: [String], into subscriptions: inout [OPMLSubscription], seen: inout Set<String>, depth: Int
    ) {
        guard depth < 64 else { return }
        for outline in node.elementChildren where outline.name.lowercased() == "outline" {
            let title = nonEmpty(attribute(outline, "title")) ?? nonEmpty(attribute(outline, "text"))
            if let url = nonEmpty(attribute(outline, "xmlurl")) {
                var tags = folders
                for tag in categories(attribute(outline, "category")) where !tags.contains(tag) { tags.append(tag) }
                if seen.insert(url).inserted {
                    subscriptions.append(
                        OPMLSubscription(url: url, title: title, siteURL: nonEmpty(attribute(outline, "htmlurl")), tags: tags))
                }
                collect(outline, folders: folders, into: &subscriptions, seen: &seen, depth: depth + 1)
            } else {
                var inner = folders
                if let title, !inner.contains(title) { inner.append(title) }
                collect(outline, folders: inner, into: &subscriptions, seen: &seen, depth: depth + 1)
            }
        }
    }

    /// An attribute by name regardless of case (`xmlUrl`, `xmlURL`, `xmlurl` all occur).
    private static func attribute(_ node: MarkupNode, _ lowercasedName: String) -> String? {
        node.attributes.first { $0.name.lowercased() == lowercasedName }?.value
    }

    /// OPML 2.0 `category`: comma-separated, each a name or a `/`-separated path.
    static func categories(_ value: String?) -> [String] {
        guard let value else { return [] }
        var result: [String] = []
        for category in value.split(separator: ",") {
            for part in category.split(separator: "/") {
                let name = PlainText.collapsingWhitespace(String(part))
                if !name.isEmpty, !result.contains(name) { result.append(name) }
            }
        }
        return result
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = PlainText.collapsingWhitespace(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// An OPML 2.0 document listing `subscriptions`, each nested in folders named by its tags.
    public static func document(title: String, subscriptions: [OPMLSubscription], created: Date = Date()) -> String {
        final class Folder {
            let name: String
            var folders: [Folder] = []
            var feeds: [OPMLSubscription] = []
            init(name: String) { self.name = name }
            func folder(_ name: String) -> Folder {
                if let existing = folders.first(where: { $0.name == name }) { return existing }
                let folder = Folder(name: name)
                folders.append(folder)
                return folder
            }
        }
        let root = Folder(name: "")
        for subscription in subscriptions {
            var folder = root
            for tag in subscription.tags { folder = folder.folder(tag) }
            folder.feeds.append(subscription)
        }
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<opml version=\"2.0\">", "  <head>",
            "    <title>\(escaped(title))</title>", "    <dateCreated>\(rfc822(created))</dateCreated>", "  </head>",
            "  <body>",
        ]
        func write(_ folder: Folder, indent: String) {
            for feed in folder.feeds {
                var attributes = ["type=\"rss\""]
                let name = escaped(feed.title ?? feed.url)
                attributes += ["text=\"\(name)\"", "title=\"\(name)\"", "xmlUrl=\"\(escaped(feed.url))\""]
                if let site = feed.siteURL { attributes.append("htmlUrl=\"\(escaped(site))\"") }
                if !feed.tags.isEmpty { attributes.append("category=\"\(escaped(feed.tags.joined(separator: ",")))\"") }
                lines.append("\(indent)<outline \(attributes.joined(separator: " "))/>")
            }
            for child in folder.folders {
                lines.append("\(indent)<outline text=\"\(escaped(child.name))\" title=\"\(escaped(child.name))\">")
                write(child, indent: indent + "  ")
                lines.append("\(indent)</outline>")
            }
        }
        write(root, indent: "    ")
        lines += ["  </body>", "</opml>", ""]
        return lines.joined(separator: "\n")
    }

    /// Text escaped for an XML attribute or element; characters XML forbids are dropped.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
