import Foundation

/// Everything the daemon keeps: feeds, the items seen in them, the durable job queue and the
/// articles. SQLite is the embedded implementation; a server database can implement the same.
///
/// Every method is one transaction. Implementations are safe to call from any thread.
public protocol NewsStore: Sendable {
    // MARK: Feeds

    /// Adds a feed, due for polling at once. Throws `.duplicateFeed` if the URL is already there.
    func addFeed(_ feed: NewFeed, now: Date) throws(StoreError) -> FeedRecord
    /// Makes the configuration's feeds exist with their tags and intervals; configuration feeds
    /// no longer in `feeds` are removed. Feeds added over the socket are left alone.
    func syncConfiguredFeeds(_ feeds: [NewFeed], now: Date) throws(StoreError)
    func feeds() throws(StoreError) -> [FeedRecord]
    func feed(id: Int64) throws(StoreError) -> FeedRecord?
    func feed(url: String) throws(StoreError) -> FeedRecord?
    /// Removes a feed with its items, jobs and articles; returns whether it existed.
    func removeFeed(id: Int64) throws(StoreError) -> Bool
    /// Makes feeds due now: one, or every feed when `id` is nil. Returns how many.
    func requestPoll(feedID: Int64?, now: Date) throws(StoreError) -> Int
    /// Unpaused feeds whose next poll time has come, earliest first.
    func dueFeeds(now: Date, limit: Int) throws(StoreError) -> [FeedRecord]
    /// Records a poll: new items and their jobs, validators, health and the next poll time, all in
    /// one transaction. Returns how many items were new (one job each).
    func recordPoll(_ outcome: PollOutcome) throws(StoreError) -> Int

    // MARK: Job queue

    /// Leases up to `limit` runnable jobs (queued and due, or leased with an expired lease).
    func leaseJobs(owner: String, limit: Int, leaseDuration: TimeInterval, now: Date) throws(StoreError) -> [LeasedJob]
    /// Stores the article and acknowledges the job in one transaction. A canonical URL already
    /// stored makes the item a duplicate of that article.
    func completeJob(_ completion: JobCompletion) throws(StoreError) -> StoredOutcome
    /// Records a failed attempt: the job waits until `retryAt`, or is dead when that is nil.
    /// Returns false when the lease had been lost.
    func failJob(_ failure: JobFailure) throws(StoreError) -> Bool
    /// Returns this owner's leased jobs to the queue (graceful shutdown).
    func releaseLeases(owner: String) throws(StoreError) -> Int
    /// The earliest time a queued job becomes runnable, if any.
    func nextJobDue() throws(StoreError) -> Date?

    // MARK: Articles

    func article(id: Int64) throws(StoreError) -> ArticleRecord?
    func statistics() throws(StoreError) -> StoreStatistics

    /// Writes the write-ahead log back into the database and closes it.
    func close() throws(StoreError)
}
