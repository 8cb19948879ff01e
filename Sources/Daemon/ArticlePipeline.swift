import Control
import Dedupe
import Dispatch
import Fetch
import Foundation
import Logging
import Store
import Synchronization

/// Moves jobs from the durable queue to stored articles, in stages joined by queues:
/// lease ▸ fetch page (fetcher thread) ▸ extract (worker pool) ▸ commit in batches (one
/// committer) ▸ article log and tail.
///
/// Two bounds keep every queue between the stages finite: at most `maxRunning` jobs are being
/// fetched or extracted (each may hold a whole page), and at most `maxRunning + maxBatch` are
/// leased and not yet committed (a finished job holds only its small result). A slow stage
/// therefore holds back the leasing instead of piling work up in memory, while the workers go
/// on extracting during a commit: with one bound for both, they stood idle through every
/// commit, and the daemon used about one core of two. A job is acknowledged in the
/// transaction that stores its article, with its log line; the line reaches the log file after
/// the commit, and a crash in between is repaired by whichever daemon takes over the dead one's
/// outbox lines (`adoptLogLines`, `InstanceMembership`).
final class ArticlePipeline: Sendable {
    struct Dependencies: Sendable {
        var store: any NewsStore
        var fetcher: HTTPFetcher
        var log: ArticleLog
        var tail: TailHub
        var statistics: ProcessingStatistics
        var deduplicator: StoryDeduplicator
        var logger: Logger
    }

    /// What a configuration reload may change.
    struct Settings: Sendable {
        var workers: Int
        var retryPolicy: RetryPolicy
        var leaseDuration: TimeInterval
        /// How often an idle pipeline looks for jobs other daemons queued, on a database shared
        /// with them; nil (one daemon per database) looks only when this daemon queued some or
        /// when a waiting job becomes due.
        var sharedQueuePoll: TimeInterval? = nil
    }

    /// A job that has run, waiting for the committer.
    private struct Finished: Sendable {
        var job: LeasedJob
        var result: JobResult
        var started: ContinuousClock.Instant
    }

    private struct State {
        /// Leased and not yet committed.
        var inFlight = 0
        /// Leased and not yet finished: being fetched, or waiting for or in extraction.
        var running = 0
        var stopped = false
        /// The earliest wake-up already scheduled, so waiting jobs add one pending wake, not one each.
        var wakeAt: ContinuousClock.Instant?
        var finished: [Finished] = []
        var committing = false
        /// When a job last finished, or work began after none was in flight (liveness).
        var progressAt = ContinuousClock.now

        /// How many more jobs may be leased now.
        func freePlaces(maxRunning: Int, maxBatch: Int) -> Int {
            min(maxRunning - running, maxRunning + maxBatch - inFlight)
        }
    }

    private let dependencies: Dependencies
    private let settings: Mutex<Settings>
    /// Names this process in job leases.
    private let leaseOwner: String
    /// Results committed in one transaction at most.
    private let maxBatch = 256
    private let pool: WorkerPool
    private let processor = ArticleProcessor()
    /// Jobs fetched or extracted at once at most.
    private let maxRunning: Int
    /// Fewer free places than this wait for more, so that leasing (a database write, which
    /// waits for a commit in progress) happens in chunks rather than once per finished job.
    private let leaseChunk: Int
    /// Confines leasing: one fill at a time.
    private let leasing = DispatchQueue(label: "newsd.pipeline.leasing")
    /// Confines committing: one batch at a time.
    private let committing = DispatchQueue(label: "newsd.pipeline.commit")
    private let state = Mutex(State())
    private let progress = Condition()

    init(dependencies: Dependencies, settings: Settings, leaseOwner: String) {
        self.dependencies = dependencies
        self.settings = Mutex(settings)
        self.leaseOwner = leaseOwner
        // Fixed at start: the pool's queue must hold every running job.
        self.maxRunning = max(64, settings.workers * 8)
        self.leaseChunk = maxRunning / 4
        self.pool = WorkerPool(name: "newsd.worker", count: settings.workers, capacity: maxRunning)
    }

    /// Applies a reloaded configuration; jobs in flight finish under the old settings.
    func update(_ new: Settings) {
        settings.withLock { $0 = new }
        pool.resize(to: new.workers)
    }

    var workerCount: Int { pool.count }
    var inFlight: Int { state.withLock { $0.inFlight } }

    /// How long jobs have been in flight without one finishing; zero when none is in flight.
    /// A pipeline that has nothing to do is never stalled.
    var stalledFor: Duration {
        state.withLock { $0.inFlight == 0 ? .zero : ContinuousClock.now - $0.progressAt }
    }

    /// Looks for runnable jobs now (new jobs were queued, or one finished).
    func wake() {
        leasing.async { self.fill() }
    }

    private func fill() {
        let capacity = state.withLock { $0.stopped ? 0 : $0.freePlaces(maxRunning: maxRunning, maxBatch: maxBatch) }
        guard capacity > 0 else { return }
        let jobs: [LeasedJob]
        do {
            jobs = try dependencies.store.leaseJobs(
                owner: leaseOwner, limit: capacity, leaseDuration: settings.withLock(\.leaseDuration), now: Date())
        } catch {
            dependencies.logger.error("leasing jobs failed", metadata: ["error": "\(error)"])
            scheduleWake(after: 5)
            return
        }
        state.withLock { state in
            if state.inFlight == 0 && !jobs.isEmpty { state.progressAt = .now }
            state.inFlight += jobs.count
            state.running += jobs.count
        }
        for job in jobs { fetch(job) }
        if jobs.count < capacity { scheduleNextDueWake() }
    }

    private func fetch(_ job: LeasedJob) {
        let started = ContinuousClock.now
        let request = FetchRequest(url: job.url, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        dependencies.fetcher.fetch(request) { result in
            // On the fetcher thread: hand over at once. The pool has room for every leased job.
            let accepted = self.pool.submit { self.extract(job, result, started: started) }
            if !accepted { self.abandon(1) }
        }
    }

    private func extract(_ job: LeasedJob, _ fetched: Result<FetchResponse, FetchError>, started: ContinuousClock.Instant) {
        let now = Date()
        let result: JobResult
        do {
            let response = try fetched.get()
            let article = try processor.article(for: job, response: response, now: now)
            result = .completed(JobCompletion(jobID: job.id, leaseOwner: leaseOwner, article: article, finishedAt: now))
        } catch {
            let failure = (error as? ArticleProcessor.Failure) ?? ArticleProcessor.Failure(message: "\(error)", isPermanent: false)
            let delay = failure.isPermanent ? nil : settings.withLock(\.retryPolicy).delay(afterFailure: job.attempt)
            result = .failed(JobFailure(
                jobID: job.id, leaseOwner: leaseOwner, error: failure.message, retryAt: delay.map { now + $0 },
                failedAt: now))
        }
        let (startCommit, leaseMore) = state.withLock { state -> (Bool, Bool) in
            state.finished.append(Finished(job: job, result: result, started: started))
            state.running -= 1
            defer { state.committing = true }
            // Lease again as the free places reach a chunk; a commit's `finish` leases too.
            return (!state.committing, state.freePlaces(maxRunning: maxRunning, maxBatch: maxBatch) == leaseChunk)
        }
        if startCommit { committing.async { self.commitPending() } }
        if leaseMore { wake() }
    }

    /// Commits what has finished, batch after batch, until nothing waits.
    private func commitPending() {
        while true {
            let batch = state.withLock { state -> [Finished] in
                let batch = Array(state.finished.prefix(maxBatch))
                state.finished.removeFirst(batch.count)
                if batch.isEmpty { state.committing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            commit(batch)
        }
    }

    private func commit(_ batch: [Finished]) {
        let byJob = Dictionary(batch.map { ($0.job.id, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [ArticleLogEntry] = []
        var lines: [String] = []
        let committed: (outcomes: [StoredOutcome], lastLogLine: Int64?)
        do {
            committed = try Self.retrying(logger: dependencies.logger) { () throws(StoreError) in
                entries.removeAll(keepingCapacity: true)
                lines.removeAll(keepingCapacity: true)
                return try dependencies.store.commit(batch.map(\.result), deduplicator: dependencies.deduplicator) { result, outcome in
                    guard let finished = byJob[result.jobID], let entry = Self.logEntry(finished, outcome) else { return nil }
                    entries.append(entry)
                    let line = entry.json
                    lines.append(line)
                    return line
                }
            }
        } catch {
            // The leases expire and the jobs run again; nothing accepted is lost.
            dependencies.logger.error(
                "committing results failed; the jobs will run again when their leases expire",
                metadata: ["jobs": "\(batch.count)", "error": "\(error)"])
            finish(batch.count)
            return
        }
        for (finished, outcome) in zip(batch, committed.outcomes) {
            report(finished, outcome)
        }
        if !entries.isEmpty {
            // Lines that failed to reach the file stay in the outbox for `adoptLogLines`.
            if dependencies.log.append(lines: lines), let lastLogLine = committed.lastLogLine {
                do {
                    try dependencies.store.removeLogLines(owner: leaseOwner, upTo: lastLogLine)
                } catch {
                    dependencies.logger.warning("clearing the log outbox failed; it is checked at the next start", metadata: ["error": "\(error)"])
                }
            }
            for entry in entries {
                dependencies.tail.publish(entry)
                dependencies.statistics.count(entry.status)
            }
        }
        finish(batch.count)
    }

    /// Takes over the outbox lines of `previous`, a daemon found dead (nil: none, only this
    /// daemon's own lines left by a failed write), and writes them with this daemon's own pending
    /// lines to the article log, leaving out those already in it or in `previous`'s log at
    /// `logPath` (on this host). Runs on the commit queue, after the commits before it: every
    /// own line not yet confirmed then is one whose write failed.
    func adoptLogLines(of previous: String?, logPath: String?) {
        committing.async { [self] in
            do {
                let taken = try previous.map { previous throws(StoreError) in
                    try dependencies.store.takeOverLogLines(of: previous, by: leaseOwner)
                } ?? []
                let pending = try dependencies.store.pendingLogLines(owner: leaseOwner)
                guard let last = pending.last else { return }
                let written = try dependencies.log.replay(pending, alsoWrittenTo: logPath)
                try dependencies.store.removeLogLines(owner: leaseOwner, upTo: last.id)
                let metadata: Logger.Metadata = ["owner": "\(previous ?? leaseOwner)", "taken": "\(taken.count)", "written": "\(written)"]
                if previous == nil {
                    dependencies.logger.notice("article log completed with lines a failed write had left", metadata: metadata)
                } else {
                    dependencies.logger.notice("took over the article log lines of a daemon that died", metadata: metadata)
                }
            } catch {
                dependencies.logger.error(
                    "completing the article log failed; tried again later",
                    metadata: ["owner": "\(previous ?? leaseOwner)", "error": "\(error)"])
            }
        }
    }

    /// Waits until the commits and log adoptions queued so far are done.
    func waitForCommits() {
        committing.sync {}
    }

    /// Diagnostics for results that are not plain successes.
    private func report(_ finished: Finished, _ outcome: StoredOutcome) {
        let job = finished.job
        guard outcome.leaseHeld else {
            dependencies.logger.warning("job lease lost before commit; another run stores it", metadata: ["job": "\(job.id)", "url": "\(job.url)"])
            return
        }
        guard case .failed(let failure) = finished.result else { return }
        if let retryAt = failure.retryAt {
            dependencies.logger.warning(
                "article fetch failed, will retry",
                metadata: [
                    "url": "\(job.url)", "attempt": "\(job.attempt)", "retry_in_s": "\(Int(retryAt.timeIntervalSinceNow.rounded()))",
                    "error": "\(failure.error)",
                ])
            scheduleWake(after: max(0, retryAt.timeIntervalSinceNow))
        } else {
            dependencies.logger.warning("article failed", metadata: ["url": "\(job.url)", "attempts": "\(job.attempt)", "error": "\(failure.error)"])
        }
    }

    /// The log line for a committed result; none for an attempt that will be retried.
    private static func logEntry(_ finished: Finished, _ outcome: StoredOutcome) -> ArticleLogEntry? {
        let job = finished.job
        let ts = ControlCoding.timestamp(Date())
        let elapsed = ContinuousClock.now - finished.started
        let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        switch finished.result {
        case .completed(let completion):
            let article = completion.article
            return ArticleLogEntry(
                ts: ts, status: ArticleLogEntry.Status(rawValue: outcome.status.rawValue) ?? .new, articleID: outcome.articleID,
                feedID: job.feedID, feedURL: job.feedURL, tags: job.feedTags, url: job.url, canonicalURL: article.canonicalURL,
                title: article.title, lang: article.language, words: article.wordCount, duplicateOf: outcome.duplicateOf, ms: ms,
                storyID: outcome.storyID, reason: outcome.reason?.rawValue, similarity: outcome.similarity)
        case .failed(let failure):
            guard failure.retryAt == nil else { return nil }
            return ArticleLogEntry(
                ts: ts, status: .failed, articleID: nil, feedID: job.feedID, feedURL: job.feedURL, tags: job.feedTags, url: job.url,
                canonicalURL: URLCanonicalizer.canonicalize(job.url), title: job.itemTitle, lang: nil, words: 0,
                duplicateOf: nil, ms: ms, error: failure.error)
        }
    }

    /// Runs a store write up to three times, a second apart, for passing faults (a locked or full disk).
    private static func retrying<T>(logger: Logger, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch {
                guard attempt < 3 else { throw error }
                logger.warning("database write failed, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                attempt += 1
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    /// A job the pool refused (only while stopping): its lease is returned at shutdown.
    private func abandon(_ count: Int) {
        state.withLock { $0.running -= count }
        finish(count)
    }

    private func finish(_ count: Int) {
        state.withLock { state in
            state.inFlight -= count
            state.progressAt = .now
        }
        progress.wake()
        wake()
    }

    /// Wakes when the earliest waiting job becomes runnable (a retry, an expired lease), or after
    /// `sharedQueuePoll` when other daemons may queue jobs.
    private func scheduleNextDueWake() {
        var after = (try? dependencies.store.nextJobDue()).flatMap { $0 }.map { max(0.05, $0.timeIntervalSinceNow + 0.05) }
        if let poll = settings.withLock(\.sharedQueuePoll) { after = min(after ?? poll, poll) }
        guard let after else { return }
        scheduleWake(after: after)
    }

    private func scheduleWake(after seconds: TimeInterval) {
        let due = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let needed = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            if let pending = state.wakeAt, pending <= due, pending > .now { return false }
            state.wakeAt = due
            return true
        }
        guard needed else { return }
        leasing.asyncAfter(deadline: .now() + seconds) { [weak self] in
            guard let self else { return }
            state.withLock { state in
                if state.wakeAt == due { state.wakeAt = nil }
            }
            fill()
        }
    }

    /// Stops leasing, lets in-flight jobs finish until `deadline`, and returns the leases of the
    /// jobs still unfinished to the queue. Returns how many jobs were left unfinished.
    func drain(until deadline: ContinuousClock.Instant) -> Int {
        state.withLock { $0.stopped = true }
        leasing.sync {}
        while true {
            let seen = progress.generation
            if inFlight == 0 || ContinuousClock.now >= deadline { break }
            progress.wait(since: seen, until: deadline)
        }
        pool.close()
        let unfinished = inFlight
        do {
            let released = try dependencies.store.releaseLeases(owner: leaseOwner, refundAttempt: true)
            if released > 0 {
                dependencies.logger.notice("returned unfinished jobs to the queue", metadata: ["jobs": "\(released)"])
            }
        } catch {
            dependencies.logger.error("returning leases failed; they expire on their own", metadata: ["error": "\(error)"])
        }
        return unfinished
    }
}
