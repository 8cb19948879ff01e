import Foundation
import Markup

/// Extracts the readable article (text and metadata) from an HTML page.
///
/// Pure: bytes in, a value out. The charset is decided first (HTTP, byte-order mark, `<meta>`,
/// detection), the page is parsed with libxml2's HTML parser, metadata comes from JSON-LD,
/// OpenGraph, `<meta>`, `<link rel=canonical>` and `<title>`, and the body from the best
/// scoring container (Readability-style), cut into paragraphs and cleaned of boilerplate, inline
/// promo lines and repeats.
public struct ArticleExtractor: Sendable {
    public init() {}

    /// Extracts the article of one page.
    ///
    /// - Parameters:
    ///   - data: the page's bytes as fetched.
    ///   - url: the page's address (base for relative image and canonical URLs).
    ///   - contentType: the HTTP `Content-Type`, if any; its `charset` is honoured.
    /// - Returns: the article.
    /// - Throws: ``ExtractionError`` for an empty body, bytes that are not HTML, or a page
    ///   without body text.
    public func extract(_ data: Data, url: String, contentType: String?) throws(ExtractionError) -> Article {
        try Self.checkLooksLikeHTML(data)
        let charset = CharsetDetector.htmlCharset(for: data, contentType: contentType)
        let reader = PageReader(mode: .strict, hints: HintCache(), readsMetadata: true)
        do {
            try reader.read(data, charset: charset)
        } catch {
            throw ExtractionError(.notHTML, "the page could not be parsed as HTML: \(error.message)")
        }
        let metadata = PageMetadata.read(reader.metadata, pageURL: url)
        guard let tree = reader.content.tree else {
            throw ExtractionError(.noContent, "the page has no <body> (a frameset or an empty page)")
        }

        let filter = BlockFilter(title: metadata.title, byline: metadata.byline)
        var result = Self.body(of: tree, filter: filter)
        // Too little text: read again, leaving out only what is never text (rare, so the page
        // is parsed again rather than every page read twice).
        if result.characters < 140 {
            let lenientReader = PageReader(mode: .lenient, hints: reader.hints, readsMetadata: false)
            if (try? lenientReader.read(data, charset: charset)) != nil, let lenientTree = lenientReader.content.tree {
                let lenient = Self.body(of: lenientTree, filter: filter)
                if lenient.characters > result.characters { result = lenient }
            }
        }
        guard !result.paragraphs.isEmpty else {
            throw ExtractionError(.noContent, "the page holds no article text (\(url))")
        }

        let base = reader.metadata.baseURL(pageURL: url)
        var article = Article(
            title: metadata.title, paragraphs: result.paragraphs, byline: metadata.byline,
            published: metadata.published, language: nil, imageURL: metadata.imageURL,
            canonicalURL: metadata.canonicalURL, siteName: metadata.siteName, description: metadata.description,
            html: ArticleHTML.render(result.blocks, base: base))
        article.language = Self.language(markup: metadata.language, text: article.text)
        if article.imageURL == nil, let image = result.firstImage {
            article.imageURL = URLResolver.resolve(image, against: base)
        }
        if article.title == nil {
            article.title = result.firstHeading
        }
        return article
    }

    /// The body text found in one pass over the tree.
    struct BodyResult {
        /// The kept blocks, images included.
        var blocks: [TextBlock] = []
        var paragraphs: [String] = []
        var firstImage: String?
        var firstHeading: String?
        /// Unicode scalars in the paragraphs (counted as UTF-8 bytes that start a scalar).
        var characters: Int { paragraphs.reduce(0) { $0 + $1.scalarCount } }
    }

    /// The article's blocks in a body tree built by ``ContentTreeBuilder``.
    static func body(of tree: ContentNode, filter: BlockFilter) -> BodyResult {
        let roots = ContentScorer.contentRoots(in: tree)
        var collector = BlockCollector()
        collector.collect(roots)
        var result = BodyResult()
        result.blocks = filter.filter(collector.blocks)
        result.paragraphs = result.blocks.compactMap { $0.kind == .image ? nil : $0.text }
        result.firstImage = collector.firstImage
        return result
    }

    /// The language: the markup's, unless the text is plainly in another script (Arabic pages
    /// that say `lang="en"` are common); the text's when the markup says nothing.
    static func language(markup: String?, text: String) -> String? {
        let guessed = TextAnalysis.guessLanguage(text)
        guard let markup else { return guessed }
        guard let guessed else { return markup }
        if TextAnalysis.usesArabicScript(guessed) != TextAnalysis.usesArabicScript(markup) { return guessed }
        return markup
    }

    /// Rejects what is plainly not a page: no bytes, binary data, no markup at all.
    static func checkLooksLikeHTML(_ data: Data) throws(ExtractionError) {
        guard !data.isEmpty else { throw ExtractionError(.emptyDocument, "the page is empty") }
        if CharsetDetector.byteOrderMark(in: data).map({ $0.charset.hasPrefix("UTF-16") }) == true { return }
        // Counted over the raw bytes: Data's iterator costs a call per byte.
        let (controls, headCount, hasMarkup) = data.withUnsafeBytes { raw -> (Int, Int, Bool) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let head = bytes.prefix(8192)
            let controls = head.reduce(0) { $1 < 0x09 || ($1 > 0x0D && $1 < 0x20 && $1 != 0x1B) ? $0 + 1 : $0 }
            return (controls, head.count, bytes.prefix(65536).contains(UInt8(ascii: "<")))
        }
        if controls * 100 > headCount {
            throw ExtractionError(.notHTML, "the page is binary data, not HTML")
        }
        if !hasMarkup {
            throw ExtractionError(.notHTML, "the page holds no markup at all")
        }
        if data.prefix(1024).allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }), data.count <= 1024 {
            throw ExtractionError(.emptyDocument, "the page is only whitespace")
        }
    }
}
