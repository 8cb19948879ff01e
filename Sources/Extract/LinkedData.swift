import Foundation

/// The article object of a page's JSON-LD (`NewsArticle`, `Article`, `BlogPosting`, ...).
struct LinkedData {
    var headline: String?
    var datePublished: String?
    var dateModified: String?
    var authors: [String] = []
    var image: String?
    var publisher: String?
    var description: String?
    var inLanguage: String?
    var url: String?

    static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
        "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
        "report", "scholarlyarticle", "techarticle", "socialmediaposting", "askpublicnewsarticle", "satiricalarticle",
        "advertisercontentarticle", "medicalscholarlyarticle", "posting", "discussionforumposting",
    ]

    init(scripts: [String]) {
        var objects: [[String: Any]] = []
        for script in scripts {
            var text = script
            for wrapper in ["<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"] where text.containsBytes(wrapper) {
                text = text.replacingOccurrences(of: wrapper, with: "")
            }
            guard text.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) else { continue }
            let data = Data(text.utf8)
            guard
                let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            Self.flatten(json, into: &objects, depth: 0)
        }
        guard let article = objects.first(where: { Self.types(of: $0).contains(where: Self.articleTypes.contains) })
        else { return }
        headline = Self.string(article["headline"]) ?? Self.string(article["name"])
        datePublished = Self.string(article["datePublished"]) ?? Self.string(article["dateCreated"])
        dateModified = Self.string(article["dateModified"])
        authors = Self.names(article["author"] ?? article["creator"])
        image = Self.imageURL(article["image"] ?? article["thumbnailUrl"])
        publisher = Self.names(article["publisher"] ?? article["sourceOrganization"]).first
        description = Self.string(article["description"])
        inLanguage = Self.string(article["inLanguage"]) ?? Self.names(article["inLanguage"]).first
        url = Self.string(article["url"]) ?? Self.string(article["mainEntityOfPage"])
            ?? (article["mainEntityOfPage"] as? [String: Any]).flatMap { Self.string($0["@id"]) ?? Self.string($0["url"]) }
    }

    private static func flatten(_ json: Any, into objects: inout [[String: Any]], depth: Int) {
        guard depth < 6 else { return }
        if let array = json as? [Any] {
            for element in array { flatten(element, into: &objects, depth: depth + 1) }
        } else if let object = json as? [String: Any] {
            objects.append(object)
            if let graph = object["@graph"] { flatten(graph, into: &objects, depth: depth + 1) }
            if let main = object["mainEntity"] as? [String: Any] { flatten(main, into: &objects, depth: depth + 1) }
        }
    }

    private static func types(of object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type.lowercased()] }
        if let types = object["@type"] as? [Any] { return types.compactMap { ($0 as? String)?.lowercased() } }
        return []
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Names from a string, a `{name}` object, or an array of either.
    private static func names(_ value: Any?) -> [String] {
        if let text = string(value) { return [text] }
        if let object = value as? [String: Any] { return string(object["name"]).map { [$0] } ?? [] }
        if let array = value as? [Any] {
            var result: [String] = []
            for element in array.prefix(20) {
                for name in names(element) where !result.contains(name) { result.append(name) }
            }
            return result
        }
        return []
    }

    private static func imageURL(_ value: Any?) -> String? {
        if let text = string(value) { return text }
        if let object = value as? [String: Any] { return string(object["url"]) ?? string(object["contentUrl"]) }
        if let array = value as? [Any] { return array.lazy.compactMap { imageURL($0) }.first }
        return nil
    }
}
