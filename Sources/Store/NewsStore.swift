import Foundation

/// Everything the daemon keeps: feeds, the items seen in them, the durable job queue and the
/// articles. `SQLiteStore` is the embedded implementation; `PostgresStore` the one several
/// daemons can share, coordinating only through the database (feed and job leases).
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
    /// The unpaused feeds whose last polls failed, most consecutive failures first (then by
    /// id), at most `limit`: what `stats` shows without reading every feed.
    func failingFeeds(limit: Int) throws(StoreError) -> [FeedRecord]
    func feed(id: Int64) throws(StoreError) -> FeedRecord?
    func feed(url: String) throws(StoreError) -> FeedRecord?
    /// Removes a feed with its items, jobs and articles; returns whether it existed.
    func removeFeed(id: Int64) throws(StoreError) -> Bool
    /// Makes feeds due now: one, or every feed when `id` is nil. Returns how many.
    func requestPoll(feedID: Int64?, now: Date) throws(StoreError) -> Int
    /// Puts off polling these feeds until `until` (their host asked to wait), ending their leases.
    func deferPolls(feedIDs: [Int64], until: Date) throws(StoreError)
    /// Unpaused feeds whose next poll time has come, earliest first, leased or not (a read).
    func dueFeeds(now: Date, limit: Int) throws(StoreError) -> [FeedRecord]
    /// Leases up to `limit` due feeds to `owner` for polling until `now + leaseDuration`: unpaused
    /// feeds whose next poll time has come and that no other owner holds an unexpired lease on,
    /// earliest first. `owner`'s own leases are renewed once less than half of `leaseDuration` is
    /// left on them (see `renewalThreshold`); those with more are not returned, so a daemon asking
    /// again while it polls gets only the feeds it does not hold yet and those it must renew.
    /// Daemons sharing a database never poll the same feed at once; a dead daemon's feeds go to
    /// the others when its leases expire.
    /// Recording a feed's poll (`recordPolls`) or putting it off (`deferPolls`) ends its lease.
    func leaseDueFeeds(owner: String, limit: Int, leaseDuration: TimeInterval, now: Date) throws(StoreError) -> [FeedRecord]
    /// Gives back `owner`'s poll leases: on the feeds given, or all of them when `feedIDs` is
    /// nil. Returns how many.
    func releaseFeedLeases(owner: String, feedIDs: [Int64]?) throws(StoreError) -> Int
    /// Records polls, all in one transaction: new items and their jobs, validators, health and
    /// the next poll time of each. A permanent redirect seen on `redirectPollsToMove` consecutive polls
    /// moves the feed to its new URL (the old one stays in its history).
    func recordPolls(_ outcomes: [PollOutcome]) throws(StoreError) -> [PollRecord]
    /// Pauses a feed (no polling) or resumes it (due at once); returns whether it changed.
    func setPaused(feedID: Int64, paused: Bool, reason: String?, now: Date) throws(StoreError) -> Bool
    /// Changes a feed's interval (nil: the daemon's default) and tags; nil `tags` keeps them.
    func updateFeed(id: Int64, interval: TimeInterval??, tags: [String]?) throws(StoreError) -> FeedRecord?
    /// The feed's history, newest first.
    func feedHistory(feedID: Int64, limit: Int) throws(StoreError) -> [FeedEvent]

    // MARK: Job queue

    /// Leases up to `limit` runnable jobs (queued and due, or leased with an expired lease).
    func leaseJobs(owner: String, limit: Int, leaseDuration: TimeInterval, now: Date) throws(StoreError) -> [LeasedJob]
    /// Commits a batch of job results in one transaction: stored articles, failed attempts and
    /// their acknowledgements, plus the article-log line `logLine` renders for each (nil for none).
    /// A canonical URL already stored (or pruned) makes the item a duplicate of that article. A
    /// result whose lease was lost writes nothing and has `leaseHeld == false`.
    /// - Returns: one outcome per result, in order, and the id of the last outbox line written.
    func commit(
        _ results: [JobResult], deduplicator: some ArticleDeduplicator, logLine: (JobResult, StoredOutcome) -> String?
    ) throws(StoreError) -> (outcomes: [StoredOutcome], lastLogLine: Int64?)
    /// Every stored and pruned article's fingerprint in its stored form, oldest first, to build
    /// a near-duplicate index at start.
    func fingerprints() throws(StoreError) -> [(articleID: Int64, fingerprint: [UInt8])]
    /// `owner`'s article-log lines committed but not yet confirmed as written to its log file.
    /// Each line belongs to the lease owner of the job it reports.
    func pendingLogLines(owner: String) throws(StoreError) -> [PendingLogLine]
    /// Confirms `owner`'s outbox lines up to and including `id` as written; other owners'
    /// lines stay.
    func removeLogLines(owner: String, upTo id: Int64) throws(StoreError)
    /// Gives `owner` the outbox lines of `previous`, a daemon found dead, and forgets
    /// `previous`'s instance lease. Lines without an owner (written before owners were kept)
    /// go with the empty `previous`.
    /// - Returns: the lines taken, oldest first; none that another daemon took first.
    func takeOverLogLines(of previous: String, by owner: String) throws(StoreError) -> [PendingLogLine]

    // MARK: Instances

    /// Registers `owner` as a running daemon, or renews its instance lease, until
    /// `now + leaseDuration`. `logPath` names its article log (for a daemon on the same host
    /// that takes over its lines after it died).
    func renewInstance(owner: String, logPath: String?, leaseDuration: TimeInterval, now: Date) throws(StoreError)
    /// Forgets `owner`'s instance lease (it stopped).
    func removeInstance(owner: String) throws(StoreError)
    /// Every daemon the database knows: registered instances, and owners of leases or outbox
    /// lines, with what each holds; by owner.
    func instances() throws(StoreError) -> [InstanceRecord]
    /// The owners of the jobs leased now and of the feeds' poll leases.
    func leaseOwners() throws(StoreError) -> [String]
    /// Returns this owner's leased jobs to the queue: after a graceful shutdown the interrupted
    /// attempt is given back (`refundAttempt`); after a crash it counts, so a job that kills the
    /// daemon every time ends up dead instead of looping.
    func releaseLeases(owner: String, refundAttempt: Bool) throws(StoreError) -> Int
    /// The earliest time a queued job becomes runnable, if any.
    func nextJobDue() throws(StoreError) -> Date?
    /// Jobs in one state (or all), newest first.
    func jobs(state: JobState?, limit: Int) throws(StoreError) -> [JobRecord]
    /// Makes dead jobs runnable again with fresh attempts: one, or all when `id` is nil.
    func retryDeadJobs(id: Int64?, now: Date) throws(StoreError) -> Int

    // MARK: Articles

    func article(id: Int64) throws(StoreError) -> ArticleRecord?
    /// Articles whose title or text contain every word of `words` (already in matching form),
    /// best first.
    func search(words: [String], language: String?, limit: Int) throws(StoreError) -> [SearchHit]
    /// Every item that carried a story, oldest first: its original, updates and copies.
    func storyCopies(storyID: Int64) throws(StoreError) -> [StoryCopy]
    /// Processed items, newest first, with the article each became or repeats.
    func articles(matching filter: ArticleFilter) throws(StoreError) -> [ArticleListing]
    /// Deletes articles fetched before `cutoff`, keeping a tombstone of each so the same story
    /// is not stored again as new. Returns how many were pruned.
    func pruneArticles(fetchedBefore cutoff: Date, now: Date) throws(StoreError) -> Int
    /// Deletes the jobs that finished (stored their article) before `cutoff`: their item keeps
    /// its status, and without this the job table grows by a row for every item forever. Queued,
    /// leased and dead jobs stay. Returns how many were deleted.
    func pruneFinishedJobs(finishedBefore cutoff: Date) throws(StoreError) -> Int
    func statistics() throws(StoreError) -> StoreStatistics

    /// Writes the write-ahead log back into the database and closes it.
    func close() throws(StoreError)
}

extension NewsStore {
    /// Records one poll (see `recordPolls`).
    public func recordPoll(_ outcome: PollOutcome) throws(StoreError) -> PollRecord {
        try recordPolls([outcome])[0]
    }

    /// Stores one article and acknowledges its job (see `commit`).
    public func completeJob(
        _ completion: JobCompletion, deduplicator: some ArticleDeduplicator = CanonicalURLDeduplicator()
    ) throws(StoreError) -> StoredOutcome {
        try commit([.completed(completion)], deduplicator: deduplicator) { _, _ in nil }.outcomes[0]
    }

    /// Records one failed attempt (see `commit`); returns false when the lease had been lost.
    public func failJob(_ failure: JobFailure) throws(StoreError) -> Bool {
        try commit([.failed(failure)], deduplicator: CanonicalURLDeduplicator()) { _, _ in nil }.outcomes[0].leaseHeld
    }
}

/// The latest expiry at which `leaseDueFeeds` renews an owner's own poll lease: half the lease
/// duration from `now`. A lease with more left is not returned again (renewing every lease in
/// flight at every tick cost a cycle over thousands of feeds most of its leasing work).
public func renewalThreshold(now: Date, leaseDuration: TimeInterval) -> Date {
    now + leaseDuration / 2
}

/// Consecutive polls answered with the same permanent redirect before a feed moves.
public let redirectPollsToMove = 3
