import Foundation
import Markup

/// What a page says about itself: JSON-LD, OpenGraph and other `<meta>` tags, `<link>`s,
/// `<title>`, `<html lang>`.
struct PageMetadata {
    var title: String?
    var byline: String?
    var published: Date?
    var language: String?
    var imageURL: String?
    var canonicalURL: String?
    var siteName: String?
    var description: String?
    /// Every title-like string found (for telling a `<title>` suffix from the headline).
    var headlineCandidates: [String] = []

    /// Reads the metadata of a parsed page.
    static func read(_ document: HTMLDocument, pageURL: String) -> PageMetadata {
        var scan = MetadataScan()
        if let root = document.root { scan.visit(root) }
        let linkedData = LinkedData(scripts: scan.jsonLD)
        let meta = scan.meta
        func first(_ keys: String...) -> String? {
            for key in keys { if let value = meta[key], !value.isEmpty { return value } }
            return nil
        }
        let base = document.baseURL ?? pageURL
        func resolved(_ value: String?) -> String? {
            guard let value, !value.lowercased().hasPrefix("data:") else { return nil }
            return URLResolver.resolve(value, against: base)
        }

        var result = PageMetadata()
        result.siteName = clean(first("og:site_name") ?? linkedData.publisher ?? first("application-name", "al:android:app_name"))
        result.description = clean(first("description", "og:description", "twitter:description") ?? linkedData.description)
        let headlines = [linkedData.headline, first("og:title"), first("twitter:title"), first("title", "dc.title", "headline")]
            .compactMap(clean)
        result.headlineCandidates = headlines + [scan.h1].compactMap(clean)
        let titleTag = clean(scan.title)
        let chosen = headlines.first ?? titleTag ?? clean(scan.h1)
        result.title = chosen.map { cleanTitle($0, siteName: result.siteName, headlines: result.headlineCandidates) }

        let authors = linkedData.authors.isEmpty
            ? [first("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author", "twitter:creator:name")]
                .compactMap { $0 }.filter { !URLResolver.isHTTP($0) && !$0.hasPrefix("@") }
            : linkedData.authors
        result.byline = clean(authors.joined(separator: ", ")).map(stripByPrefix) ?? scan.domByline.flatMap(clean).map(stripByPrefix)
            ?? scan.classByline.flatMap(clean).map(stripByPrefix)

        let dateCandidates: [String?] = [
            linkedData.datePublished, first("article:published_time"), first("og:published_time", "og:pubdate"),
            first("datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "article.published",
                "dc.date.issued", "dcterms.created", "dc.date", "date", "sailthru.date", "parsely-pub-date",
                "article:published", "cxenseparse:recs:publishtime"),
            scan.timeDatePublished, scan.firstTime,
            // Last resorts: when the page was changed is close to when it was published.
            linkedData.dateModified, first("article:modified_time", "og:updated_time", "dcterms.modified"),
        ]
        result.published = dateCandidates.lazy.compactMap { $0.flatMap(DateParser.parse) }.first

        let markupLanguages = [scan.htmlLang, first("content-language", "language", "dc.language"), first("og:locale"), linkedData.inLanguage]
        result.language = markupLanguages.lazy.compactMap(TextAnalysis.primaryLanguage).first

        result.imageURL = resolved(first("og:image", "og:image:url", "og:image:secure_url"))
            ?? resolved(linkedData.image) ?? resolved(first("twitter:image", "twitter:image:src"))
            ?? resolved(scan.imageSrcLink)
        result.canonicalURL = resolved(scan.canonical) ?? resolved(first("og:url")) ?? resolved(linkedData.url)
        return result
    }

    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = PlainText.collapsingWhitespace(PlainText.looksLikeHTML(text) ? PlainText.fromHTML(text) : text)
        return collapsed.isEmpty ? nil : collapsed
    }

    /// `By Jane Doe` → `Jane Doe`; `بقلم: فلان` → `فلان`.
    static func stripByPrefix(_ byline: String) -> String {
        for prefix in ["by ", "بقلم:", "بقلم :", "بقلم ", "كتب:", "كتبت:"] {
            if byline.lowercased().hasPrefix(prefix) {
                let rest = byline.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                return rest.isEmpty ? byline : rest
            }
        }
        return byline
    }

    /// Strips a site-name part from a title: `Headline | Site`, `Headline - Site`,
    /// `Site | Headline`, when the part matches the site name, or when the remaining part is
    /// what another source (og:title, h1) gives as the headline.
    static func cleanTitle(_ title: String, siteName: String?, headlines: [String]) -> String {
        let separators = [" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " ｜ ", " :"]
        let siteKey = siteName.map(TextAnalysis.comparisonKey)
        let headlineKeys = Set(headlines.map(TextAnalysis.comparisonKey))
        for separator in separators {
            guard let last = title.range(of: separator, options: .backwards) else { continue }
            let head = String(title[..<last.lowerBound]).trimmingCharacters(in: .whitespaces)
            let tail = String(title[last.upperBound...]).trimmingCharacters(in: .whitespaces)
            let tailKey = TextAnalysis.comparisonKey(tail)
            if !head.isEmpty, let siteKey, !siteKey.isEmpty, tailKey == siteKey || siteKey.contains(tailKey) && tailKey.count > 3 {
                return head
            }
            if !head.isEmpty, headlineKeys.contains(TextAnalysis.comparisonKey(head)) { return head }
            if let first = title.range(of: separator) {
                let lead = String(title[..<first.lowerBound]).trimmingCharacters(in: .whitespaces)
                let rest = String(title[first.upperBound...]).trimmingCharacters(in: .whitespaces)
                if !rest.isEmpty, let siteKey, !siteKey.isEmpty, TextAnalysis.comparisonKey(lead) == siteKey { return rest }
            }
        }
        return title
    }
}

/// One pass over the document collecting the raw values ``PageMetadata`` chooses from.
private struct MetadataScan {
    var meta: [String: String] = [:]
    var jsonLD: [String] = []
    var title: String?
    var h1: String?
    var htmlLang: String?
    var canonical: String?
    var imageSrcLink: String?
    var domByline: String?
    /// The text of the first short element whose class or id says author or byline.
    var classByline: String?
    var timeDatePublished: String?
    /// The first `<time datetime>` of the page.
    var firstTime: String?

    mutating func visit(_ root: MarkupNode) {
        htmlLang = root.attribute("lang") ?? root.attribute("xml:lang")
        for node in root.descendants where node.isElement {
            // Names compared as packed bytes: no string is built per element of the page.
            let name = node.packedName
            switch name {
            case Names.meta:
                let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop")
                    ?? node.attribute("http-equiv"))?.lowercased().trimmingWhitespace(.whitespaces)
                if let key, let content = node.attribute("content"), meta[key] == nil {
                    meta[key] = content.trimmingWhitespace(.whitespacesAndNewlines)
                }
            case Names.link:
                let rel = Set((node.attribute("rel") ?? "").lowercased().split(separator: " ").map(String.init))
                if rel.contains("canonical"), canonical == nil { canonical = node.attribute("href") }
                if rel.contains("image_src"), imageSrcLink == nil { imageSrcLink = node.attribute("href") }
            case Names.title:
                if title == nil, !isInsideSVG(node) { title = node.textContent }
            case Names.script:
                if node.attribute("type")?.lowercased().contains("ld+json") == true { jsonLD.append(node.textContent) }
            case Names.h1:
                if h1 == nil { h1 = node.textContent }
            case Names.time:
                if firstTime == nil { firstTime = node.attribute("datetime") }
                if timeDatePublished == nil, let datetime = node.attribute("datetime"),
                    node.attribute("itemprop")?.lowercased() == "datepublished" || node.attribute("pubdate") != nil
                        || (node.attribute("class") ?? "").lowercased().contains("publish")
                {
                    timeDatePublished = datetime
                }
            default:
                break
            }
            guard domByline == nil || timeDatePublished == nil || classByline == nil, node.hasAttributes else { continue }
            // Only the attributes asked about are read (no string for every src, href, style...).
            let itemprop = node.attribute("itemprop")?.asciiLowercased
            if classByline == nil, domByline == nil, name != Names.meta, name != Names.link, name != Names.script,
                name != Names.img, namesAuthor(node.attribute("class"), node.attribute("id"))
            {
                let text = PlainText.collapsingWhitespace(node.textContent)
                let words = text.split(separator: " ").count
                if words >= 2, words <= 7, text.count <= 70, !text.contains(where: \.isNumber) { classByline = text }
            }
            if domByline == nil, name != Names.meta, name != Names.link {
                let rel = name == Names.a ? node.attribute("rel")?.asciiLowercased : nil
                if rel == "author" || itemprop == "author" {
                    let text = PlainText.collapsingWhitespace(node.textContent)
                    if !text.isEmpty, text.count < 100 { domByline = text }
                }
            }
            if timeDatePublished == nil, itemprop == "datepublished",
                let value = node.attribute("content") ?? node.attribute("datetime")
            {
                timeDatePublished = value
            }
        }
    }

    /// The element names looked for, as ``MarkupNode/packedName``.
    private enum Names {
        static let meta = MarkupNode.packedName("meta")
        static let link = MarkupNode.packedName("link")
        static let title = MarkupNode.packedName("title")
        static let script = MarkupNode.packedName("script")
        static let h1 = MarkupNode.packedName("h1")
        static let time = MarkupNode.packedName("time")
        static let img = MarkupNode.packedName("img")
        static let a = MarkupNode.packedName("a")
    }

    /// ``authorPatterns`` groups found in each class or id value seen on the page.
    private var authorGroups: [String: Int] = [:]

    /// The ``authorPatterns`` groups in a class or id value, worked out once per value.
    private mutating func authorNamed(_ value: String?) -> Int {
        guard let value, !value.isEmpty else { return 0 }
        if let known = authorGroups[value] { return known }
        let found = Self.authorPatterns.groups(in: value.asciiLowercased)
        if authorGroups.count < 50_000 { authorGroups[value] = found }
        return found
    }

    /// A class or id such as `byline`, `author-name`, `post-author` (not an author's photo or
    /// biography box).
    private mutating func namesAuthor(_ className: String?, _ id: String?) -> Bool {
        (authorNamed(className) | authorNamed(id)) & 3 == 1
    }

    private static let authorPatterns = PatternSet([
        ["author", "byline"],
        ["avatar", "bio", "image", "img", "photo", "thumb", "about", "box", "card", "social", "follow", "more"],
    ])

    private func isInsideSVG(_ node: MarkupNode) -> Bool {
        var parent = node.parent
        while let current = parent {
            if current.name == "svg" { return true }
            parent = current.parent
        }
        return false
    }
}
