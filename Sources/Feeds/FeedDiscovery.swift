import Foundation
import Markup

/// A feed a site may have: a URL to try, and where the guess came from.
public struct FeedCandidate: Sendable, Equatable {
    /// Where a candidate was found.
    public enum Source: String, Sendable {
        /// A `<link rel="alternate" type="application/rss+xml">` (or Atom, JSON Feed) in the page.
        case link
        /// A path sites commonly serve their feed at (`/feed`, `/rss.xml`, ...).
        case commonPath
    }

    /// The candidate's absolute URL.
    public var url: String
    /// The link's `title`, if it has one ("Comments Feed", "RSS").
    public var title: String?
    /// The link's `type`, if it has one.
    public var type: String?
    /// How the candidate was found.
    public var source: Source

    public init(url: String, title: String? = nil, type: String? = nil, source: Source) {
        self.url = url
        self.title = title
        self.type = type
        self.source = source
    }
}

/// Finds a site's feeds from one of its HTML pages. Pure: the candidates are URLs to fetch and
/// try in order (the daemon does that).
///
/// First the feeds the page links to (`<link rel="alternate">` with an RSS, Atom, RDF or JSON
/// Feed type, anywhere in the page, `<base href>` honoured), the site's main feed before
/// per-post comment feeds; then the paths sites commonly use (`/feed`, `/rss.xml`,
/// `/atom.xml`, `/feed.json`, `/index.xml`, ...), under the page's directory and at the root.
public enum FeedDiscovery {
    /// Candidate feeds for a page, best first, without duplicates.
    ///
    /// - Parameters:
    ///   - page: the page's bytes as fetched.
    ///   - url: the page's address (after redirects), the base for relative links.
    ///   - contentType: the HTTP `Content-Type`, if any (its `charset` is honoured).
    public static func candidates(inPage page: Data, url: String, contentType: String?) -> [FeedCandidate] {
        var result: [FeedCandidate] = []
        for candidate in linkedFeeds(inPage: page, url: url, contentType: contentType) + commonPaths(for: url)
        where !result.contains(where: { $0.url == candidate.url }) {
            result.append(candidate)
        }
        return result
    }

    /// The feeds a page links to with `<link rel="alternate" type="...">`, main feeds first.
    public static func linkedFeeds(inPage page: Data, url: String, contentType: String?) -> [FeedCandidate] {
        guard !page.isEmpty else { return [] }
        let charset = CharsetDetector.htmlCharset(for: page, contentType: contentType).charset
        guard let document = try? HTMLDocument(data: page, encoding: charset, url: url), let root = document.root else {
            return []
        }
        var links: [FeedCandidate] = []
        for link in root.descendantElements(named: "link") {
            let rel = (link.attribute("rel") ?? "").lowercased().split(whereSeparator: { $0.isWhitespace })
            guard rel.contains("alternate") || rel.contains("feed"),
                let type = link.attribute("type").map({ $0.lowercased().trimmingCharacters(in: .whitespaces) }),
                feedTypes.contains(type.split(separator: ";").first.map(String.init) ?? type),
                let href = link.attribute("href"), let resolved = link.resolve(href), URLResolver.isHTTP(resolved)
            else { continue }
            let title = link.attribute("title").map { PlainText.collapsingWhitespace($0) }.flatMap { $0.isEmpty ? nil : $0 }
            links.append(FeedCandidate(url: resolved, title: title, type: type, source: .link))
        }
        // A site's own feeds before per-post comment feeds (WordPress lists both).
        let isComments = { (candidate: FeedCandidate) in candidate.title?.lowercased().contains("comment") == true }
        return links.filter { !isComments($0) } + links.filter(isComments)
    }

    /// Where sites commonly serve their feed, under the page's directory first, then at the root.
    public static func commonPaths(for url: String) -> [FeedCandidate] {
        var bases: [String] = []
        if let directory = URLResolver.resolve("./", against: url) { bases.append(directory) }
        if let root = URLResolver.resolve("/", against: url), !bases.contains(root) { bases.append(root) }
        var candidates: [FeedCandidate] = []
        for base in bases {
            for path in commonFeedPaths {
                guard let candidate = URLResolver.resolve(path, against: base), URLResolver.isHTTP(candidate),
                    candidate != url, !candidates.contains(where: { $0.url == candidate })
                else { continue }
                candidates.append(FeedCandidate(url: candidate, source: .commonPath))
            }
        }
        return candidates
    }

    /// Media types a feed link may have.
    static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
        "application/json", "application/x.atom+xml", "application/x-atom+xml", "application/x-rss+xml",
        "text/xml", "application/xml",
    ]

    /// Paths sites commonly serve their feed at, most common first.
    static let commonFeedPaths = ["feed", "rss.xml", "atom.xml", "feed.json", "index.xml", "feed.xml", "rss"]
}
