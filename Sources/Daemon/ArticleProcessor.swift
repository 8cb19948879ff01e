import Dedupe
import Extract
import Fetch
import Foundation
import Store

/// Turns a fetched article page into the article to store: extraction, then the canonical URL
/// that identifies it. Pure: no I/O.
struct ArticleProcessor: Sendable {
    private let extractor = ArticleExtractor()
    private let fingerprinter = Fingerprinter()
    private let normalizer = TextNormalizer()

    /// Why a page could not become an article; `isPermanent` failures are not retried.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var isPermanent: Bool
        var description: String { message }
    }

    func article(for job: LeasedJob, response: FetchResponse, now: Date) throws(Failure) -> NewArticle {
        guard (200..<300).contains(response.status) else {
            // 404 and 410 will not get better; everything else (5xx, 429, 403 from a flaky CDN) may.
            let permanent = [404, 410, 451].contains(response.status)
            throw Failure(message: "\(response.effectiveURL): HTTP \(response.status)", isPermanent: permanent)
        }
        let extracted: Article
        do {
            extracted = try extractor.extract(response.body, url: response.effectiveURL, contentType: response.contentType)
        } catch {
            throw Failure(message: "\(response.effectiveURL): \(error)", isPermanent: true)
        }
        let (fingerprint, matchingParagraphs) = fingerprinter.fingerprintAndMatchingParagraphs(
            title: extracted.title ?? job.itemTitle, paragraphs: extracted.paragraphs)
        return NewArticle(
            feedID: job.feedID, itemID: job.itemID, url: job.url,
            canonicalURL: Self.canonicalURL(declared: extracted.canonicalURL, fetched: response.effectiveURL, item: job.url),
            title: extracted.title ?? job.itemTitle, paragraphs: extracted.paragraphs, byline: extracted.byline,
            published: extracted.published ?? job.itemPublished, language: extracted.language,
            imageURL: extracted.imageURL, siteName: extracted.siteName, wordCount: extracted.wordCount, fetchedAt: now,
            exactHash: Int64(bitPattern: fingerprint.exactHash), fingerprint: fingerprint.bytes,
            searchTitle: normalizer.normalize(extracted.title ?? job.itemTitle ?? ""),
            searchBody: matchingParagraphs.joined(separator: "\n"))
    }

    /// The page's own canonical URL when it is usable, else the URL it was fetched from.
    ///
    /// A declared canonical that points at a site's front page while the article is deeper is a
    /// common template bug; trusting it would make every article a duplicate of the first.
    static func canonicalURL(declared: String?, fetched: String, item: String) -> String {
        let fallback = URLCanonicalizer.canonicalize(fetched) ?? URLCanonicalizer.canonicalize(item) ?? item
        guard let declared, let canonical = URLCanonicalizer.canonicalize(declared),
            let components = URLComponents(string: canonical)
        else { return fallback }
        let fetchedPath = URLComponents(string: fallback)?.path ?? "/"
        if components.path == "/" && fetchedPath != "/" { return fallback }
        return canonical
    }
}
