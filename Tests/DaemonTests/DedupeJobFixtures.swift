import Dedupe
import Foundation
import Store

/// Items leased as jobs and the articles they become, for the deduplicator tests on either store.
enum DedupeJobFixtures {
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000)

    /// Records one item per URL on a fresh feed and leases their jobs to "t".
    static func jobs(_ store: some NewsStore, urls: [String]) throws -> [LeasedJob] {
        let feed = try store.addFeed(NewFeed(url: "https://feed.example/\(UUID().uuidString)", origin: .socket), now: epoch)
        _ = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: urls.map {
                NewItem(identity: $0, url: $0, title: nil, published: nil)
            })))
        return try store.leaseJobs(owner: "t", limit: 100, leaseDuration: 600, now: epoch)
    }

    /// The Arabic article a job becomes, with these paragraphs.
    static func article(_ job: LeasedJob, _ paragraphs: [String]) -> NewArticle {
        let fingerprint = Fingerprinter().fingerprint(title: nil, paragraphs: paragraphs)
        return NewArticle(
            feedID: job.feedID, itemID: job.itemID, url: job.url, canonicalURL: job.url, title: nil, paragraphs: paragraphs,
            byline: nil, published: nil, language: "ar", imageURL: nil, siteName: nil, wordCount: 100, fetchedAt: epoch,
            exactHash: Int64(bitPattern: fingerprint.exactHash), fingerprint: fingerprint.bytes)
    }
}
