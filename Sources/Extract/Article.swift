import Foundation

/// The readable article found in a web page.
public struct Article: Sendable, Equatable {
    /// The headline, without a trailing ` | Site` part.
    public var title: String?
    /// The body text, one entry per paragraph (or heading, quote, list item) in reading order,
    /// whitespace-normalised, boilerplate, promo lines and repeats removed. Letters and marks
    /// (Arabic harakat included) are kept as written.
    public var paragraphs: [String]
    /// The author line (names joined by ", ").
    public var byline: String?
    /// When the article was first published, UTC.
    public var published: Date?
    /// The primary language subtag (`ar`, `en`), from the markup or, failing that, the text.
    public var language: String?
    /// The lead image, absolute.
    public var imageURL: String?
    /// The canonical address the page declares, absolute.
    public var canonicalURL: String?
    /// The publication's name.
    public var siteName: String?
    /// The page's own summary (`description` / `og:description`).
    public var description: String?
    /// The body as sanitised HTML: headings, paragraphs, lists, quotes, links, images and
    /// tables only, safe attributes only (`href`, `src`, `alt`, ...), every URL absolute and
    /// http(s) or mailto; no scripts, styles or event handlers. Empty when not rendered.
    public var html: String

    public init(
        title: String? = nil, paragraphs: [String] = [], byline: String? = nil, published: Date? = nil,
        language: String? = nil, imageURL: String? = nil, canonicalURL: String? = nil, siteName: String? = nil,
        description: String? = nil, html: String = ""
    ) {
        self.title = title
        self.paragraphs = paragraphs
        self.byline = byline
        self.published = published
        self.language = language
        self.imageURL = imageURL
        self.canonicalURL = canonicalURL
        self.siteName = siteName
        self.description = description
        self.html = html
    }

    /// The body as plain text: paragraphs separated by a blank line.
    public var text: String { paragraphs.joined(separator: "\n\n") }

    /// The number of words in the body (runs of letters or digits, so Arabic and Latin count alike).
    public var wordCount: Int { paragraphs.reduce(0) { $0 + TextAnalysis.wordCount($1) } }
}
