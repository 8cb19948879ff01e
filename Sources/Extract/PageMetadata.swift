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

    /// Chooses the page's metadata from what a scan of it collected.
    static func read(_ scan: MetadataScan, pageURL: String) -> PageMetadata {
        let linkedData = LinkedData(scripts: scan.jsonLD)
        let meta = scan.meta
        func first(_ keys: String...) -> String? {
            for key in keys { if let value = meta[key], !value.isEmpty { return value } }
            return nil
        }
        let base = scan.baseURL(pageURL: pageURL)
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
            guard let last = title.byteRange(of: separator, last: true) else { continue }
            let head = String(title[..<last.lowerBound]).trimmingWhitespace(.whitespaces)
            let tail = String(title[last.upperBound...]).trimmingWhitespace(.whitespaces)
            let tailKey = TextAnalysis.comparisonKey(tail)
            if !head.isEmpty, let siteKey, !siteKey.isEmpty, tailKey == siteKey || siteKey.containsBytes(tailKey) && tailKey.count > 3 {
                return head
            }
            if !head.isEmpty, headlineKeys.contains(TextAnalysis.comparisonKey(head)) { return head }
            if let first = title.byteRange(of: separator, last: false) {
                let lead = String(title[..<first.lowerBound]).trimmingWhitespace(.whitespaces)
                let rest = String(title[first.upperBound...]).trimmingWhitespace(.whitespaces)
                if !rest.isEmpty, let siteKey, !siteKey.isEmpty, TextAnalysis.comparisonKey(lead) == siteKey { return rest }
            }
        }
        return title
    }
}
