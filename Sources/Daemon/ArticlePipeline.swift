import Control
import Dedupe
import Dispatch
import Fetch
import Foundation
import Logging
import Store
import Synchronization

/// Moves jobs from the durable queue to stored articles:
/// lease ▸ fetch page (fetcher thread) ▸ extract and store (worker pool) ▸ log and tail.
///
/// At most `maxInFlight` jobs are leased at once; a new lease happens only when one finishes,
/// so a slow stage holds back the leasing instead of piling work up in memory. A job is
/// acknowledged in the same transaction that stores its article.
final class ArticlePipeline: Sendable {
    struct Dependencies: Sendable {
        var store: any NewsStore
        var fetcher: HTTPFetcher
        var log: ArticleLog
        var tail: TailHub
        var statistics: ProcessingStatistics
        var logger: Logger
    }

    private struct State {
        var inFlight = 0
        var stopped = false
        /// The earliest wake-up already scheduled, so waiting jobs add one pending wake, not one each.
        var wakeAt: ContinuousClock.Instant?
        /// When a job last finished, or work began after none was in flight (liveness).
        var progressAt = ContinuousClock.now
    }

    private let dependencies: Dependencies
    private let pool: WorkerPool
    private let processor = ArticleProcessor()
    private let leaseOwner: String
    private let maxInFlight: Int
    private let leaseDuration: TimeInterval = 300
    private let retryPolicy = RetryPolicy.articleJobs
    /// Confines leasing: one fill at a time.
    private let leasing = DispatchQueue(label: "newsd.pipeline.leasing")
    private let state = Mutex(State())
    private let finished = Condition()

    init(dependencies: Dependencies, workers: Int, leaseOwner: String) {
        self.dependencies = dependencies
        self.maxInFlight = max(16, workers * 8)
        self.pool = WorkerPool(name: "newsd.worker", count: workers, capacity: max(16, workers * 8))
        self.leaseOwner = leaseOwner
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
        let capacity = state.withLock { $0.stopped ? 0 : maxInFlight - $0.inFlight }
        guard capacity > 0 else { return }
        let now = Date()
        let jobs: [LeasedJob]
        do {
            jobs = try dependencies.store.leaseJobs(owner: leaseOwner, limit: capacity, leaseDuration: leaseDuration, now: now)
        } catch {
            dependencies.logger.error("leasing jobs failed", metadata: ["error": "\(error)"])
            scheduleWake(after: 5)
            return
        }
        state.withLock { state in
            if state.inFlight == 0 && !jobs.isEmpty { state.progressAt = .now }
            state.inFlight += jobs.count
        }
        for job in jobs { start(job) }
        if jobs.count < capacity { scheduleNextDueWake() }
    }

    private func start(_ job: LeasedJob) {
        let started = ContinuousClock.now
        let request = FetchRequest(url: job.url, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        dependencies.fetcher.fetch(request) { result in
            // Runs on the fetcher thread: hand over at once. The pool has room for every
            // leased job, so this cannot be refused while the pipeline runs.
            let accepted = self.pool.submit { self.process(job, result, started: started) }
            if !accepted { self.abandon(job) }
        }
    }

    private func process(_ job: LeasedJob, _ result: Result<FetchResponse, FetchError>, started: ContinuousClock.Instant) {
        defer { jobFinished() }
        let now = Date()
        do {
            let response: FetchResponse
            switch result {
            case .success(let success): response = success
            case .failure(let error): throw ArticleProcessor.Failure(message: error.description, isPermanent: false)
            }
            let article = try processor.article(for: job, response: response, now: now)
            let outcome = try dependencies.store.completeJob(
                JobCompletion(jobID: job.id, leaseOwner: leaseOwner, article: article, finishedAt: now))
            guard outcome.leaseHeld else {
                dependencies.logger.warning("job lease lost before commit", metadata: ["job": "\(job.id)", "url": "\(job.url)"])
                return
            }
            record(ArticleLogEntry(
                ts: ControlCoding.timestamp(now), status: ArticleLogEntry.Status(rawValue: outcome.status.rawValue) ?? .new,
                articleID: outcome.articleID, feedID: job.feedID, feedURL: job.feedURL, url: job.url,
                canonicalURL: article.canonicalURL, title: article.title, lang: article.language, words: article.wordCount,
                duplicateOf: outcome.duplicateOf, ms: milliseconds(since: started)))
        } catch let failure as ArticleProcessor.Failure {
            fail(job, failure, now: now, started: started)
        } catch {
            fail(job, ArticleProcessor.Failure(message: "\(error)", isPermanent: false), now: now, started: started)
        }
    }

    private func fail(_ job: LeasedJob, _ failure: ArticleProcessor.Failure, now: Date, started: ContinuousClock.Instant) {
        let delay = failure.isPermanent ? nil : retryPolicy.delay(afterFailure: job.attempt)
        do {
            let held = try dependencies.store.failJob(JobFailure(
                jobID: job.id, leaseOwner: leaseOwner, error: failure.message, retryAt: delay.map { now + $0 }, failedAt: now))
            guard held else { return }
        } catch {
            dependencies.logger.error("recording a failed job failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
            return
        }
        if let delay {
            dependencies.logger.warning(
                "article fetch failed, will retry",
                metadata: ["url": "\(job.url)", "attempt": "\(job.attempt)", "retry_in_s": "\(Int(delay))", "error": "\(failure.message)"])
            scheduleWake(after: delay)
            return
        }
        dependencies.logger.warning("article failed", metadata: ["url": "\(job.url)", "error": "\(failure.message)"])
        record(ArticleLogEntry(
            ts: ControlCoding.timestamp(now), status: .failed, articleID: nil, feedID: job.feedID, feedURL: job.feedURL,
            url: job.url, canonicalURL: URLCanonicalizer.canonicalize(job.url), title: job.itemTitle, lang: nil, words: 0,
            duplicateOf: nil, ms: milliseconds(since: started), error: failure.message))
    }

    private func record(_ entry: ArticleLogEntry) {
        dependencies.log.append(entry)
        dependencies.tail.publish(entry)
        dependencies.statistics.count(entry.status)
    }

    /// A job the pool refused (only while stopping): its lease is returned at shutdown.
    private func abandon(_ job: LeasedJob) {
        jobFinished()
    }

    private func jobFinished() {
        state.withLock { state in
            state.inFlight -= 1
            state.progressAt = .now
        }
        finished.wake()
        wake()
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Wakes when the earliest waiting job becomes runnable (a retry, an expired lease).
    private func scheduleNextDueWake() {
        guard let due = try? dependencies.store.nextJobDue() else { return }
        scheduleWake(after: max(0.05, due.timeIntervalSinceNow + 0.05))
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
            let seen = finished.generation
            let remaining = inFlight
            if remaining == 0 || ContinuousClock.now >= deadline { break }
            finished.wait(since: seen, until: deadline)
        }
        pool.close()
        let unfinished = inFlight
        do {
            let released = try dependencies.store.releaseLeases(owner: leaseOwner)
            if released > 0 { dependencies.logger.notice("returned unfinished jobs to the queue", metadata: ["jobs": "\(released)"]) }
        } catch {
            dependencies.logger.error("returning leases failed; they expire on their own", metadata: ["error": "\(error)"])
        }
        return unfinished
    }
}
