import Dedupe
import Foundation
import Store
import Synchronization

/// Decides whether a new article is new, an update or a copy, for the store's commit: the same
/// canonical URL (an unchanged text is a duplicate, a changed one an update), the same
/// normalised text, or a near duplicate found through the in-memory LSH index and verified on
/// the stored fingerprints (`DuplicateRule`).
///
/// The index mirrors the fingerprints kept in the database: built from them at start, and kept
/// in step by `stored`, which the store calls inside the commit's transaction. Daemons sharing
/// a PostgreSQL database each keep their own copy: under the lock that serialises decisions the
/// store has `catchUp` add what the others stored since the highest article id this one has
/// seen (article ids grow in the order of those locked commits). An article another daemon
/// *updated* keeps its old bands here until this daemon restarts; candidates are still
/// verified on the stored fingerprints.
final class StoryDeduplicator: ArticleDeduplicator {
    private struct State {
        var index = NearDuplicateIndex()
        /// The highest article id indexed: `catchUp` asks the store for those above it.
        var lastSeenArticleID: Int64 = 0
        /// Fingerprints an update replaces, until the store says it stored the new one.
        var replaced: [Int64: Fingerprint] = [:]
    }

    private let state = Mutex(State())

    /// Builds the index from the stored fingerprints (oldest first).
    init(stored: [(articleID: Int64, fingerprint: [UInt8])]) {
        let decoded = stored.compactMap { entry in (try? Fingerprint(bytes: entry.fingerprint)).map { (entry.articleID, $0) } }
        let last = stored.map(\.articleID).max() ?? 0
        state.withLock { state in
            _ = state.index.insert(contentsOf: decoded.map { (id: $0.0, fingerprint: $0.1) })
            state.lastSeenArticleID = last
        }
    }

    var indexedArticles: Int { state.withLock { $0.index.count } }
    var indexBytes: Int { state.withLock { $0.index.memoryBytes } }

    /// Indexes the articles stored (by other daemons) since the last one seen.
    func catchUp(lookup: some ArticleLookup) throws {
        let after = state.withLock(\.lastSeenArticleID)
        let found = try lookup.fingerprints(after: after)
        guard let last = found.last?.articleID else { return }
        let decoded = found.compactMap { entry in (try? Fingerprint(bytes: entry.fingerprint)).map { (id: entry.articleID, fingerprint: $0) } }
        state.withLock { state in
            // A few at a time, as usual; the bulk insert re-sorts every band, worth it only for many.
            if decoded.count > 256 {
                _ = state.index.insert(contentsOf: decoded)
            } else {
                for entry in decoded { state.index.insert(id: entry.id, entry.fingerprint) }
            }
            state.lastSeenArticleID = max(state.lastSeenArticleID, last)
        }
    }

    func decide(_ article: NewArticle, lookup: some ArticleLookup) throws -> DedupeDecision {
        let fingerprint = try? Fingerprint(bytes: article.fingerprint)
        if let copy = try lookup.copy(canonicalURL: article.canonicalURL) {
            if copy.exactHash == article.exactHash {
                return .duplicate(of: copy.articleID, reason: .canonicalURL, similarity: nil)
            }
            if let old = try? Fingerprint(bytes: copy.fingerprint) {
                state.withLock { $0.replaced[copy.articleID] = old }
            }
            return .updated(copy.articleID)
        }
        guard let fingerprint, !fingerprint.isEmpty else { return .new }
        if let copy = try lookup.copy(exactHash: article.exactHash) {
            return .duplicate(of: copy.articleID, reason: .exactText, similarity: 1)
        }
        let candidates = state.withLock { $0.index.candidates(for: fingerprint, limit: DuplicateRule.maxVerifiedCandidates) }
        guard !candidates.isEmpty else { return .new }
        let stored = try lookup.copies(ids: candidates).map { (id: $0.articleID, bytes: $0.fingerprint) }
        guard let match = DuplicateRule.firstMatch(for: fingerprint, amongStored: stored) else { return .new }
        return .duplicate(of: match.id, reason: .nearDuplicate, similarity: (match.similarity.jaccard * 1000).rounded() / 1000)
    }

    func stored(_ article: NewArticle, articleID: Int64) {
        guard let fingerprint = try? Fingerprint(bytes: article.fingerprint) else { return }
        state.withLock { state in
            if let old = state.replaced.removeValue(forKey: articleID) { _ = state.index.remove(id: articleID, fingerprint: old) }
            state.index.insert(id: articleID, fingerprint)
            state.lastSeenArticleID = max(state.lastSeenArticleID, articleID)
        }
    }
}
