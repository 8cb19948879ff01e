import Control
import Dedupe
import Foundation
import Logging
import Store

/// Answers control requests: the daemon's side of every `ControlMethod`.
final class ControlHandler: Sendable {
    private let store: any NewsStore
    private let scheduler: FeedScheduler
    private let pipeline: ArticlePipeline
    private let statistics: ProcessingStatistics
    private let logger: Logger
    private let locator: FeedLocator
    private let reload: @Sendable () -> Result<String, RPCError>
    /// The name this daemon leases under, to tell it among the instances.
    private let instanceName: String
    private let startedAt = ContinuousClock.now

    /// The most feeds one `opml.import` request may carry (newsctl sends 200).
    static let maxImportBatch = 5000

    init(
        store: any NewsStore, scheduler: FeedScheduler, pipeline: ArticlePipeline, statistics: ProcessingStatistics,
        logger: Logger, locator: FeedLocator, instanceName: String, reload: @escaping @Sendable () -> Result<String, RPCError>
    ) {
        self.instanceName = instanceName
        self.store = store
        self.scheduler = scheduler
        self.pipeline = pipeline
        self.statistics = statistics
        self.logger = logger
        self.locator = locator
        self.reload = reload
    }

    /// The response to one request, errors included.
    func respond(to request: RPCRequest) -> RPCResponse {
        do {
            return RPCResponse(id: request.id, result: try result(for: request))
        } catch let error as RPCError {
            return RPCResponse(id: request.id, error: error)
        } catch let error as StoreError {
            let code: RPCError.Code = switch error.code {
            case .duplicateFeed: .conflict
            case .notFound: .notFound
            default: .internalError
            }
            if code == .internalError { logger.error("control request failed", metadata: ["method": "\(request.method)", "error": "\(error)"]) }
            return RPCResponse(id: request.id, error: RPCError(code, error.message))
        } catch {
            return RPCResponse(id: request.id, error: RPCError(.internalError, "\(error)"))
        }
    }

    private func result(for request: RPCRequest) throws -> JSONValue {
        guard let method = ControlMethod(rawValue: request.method) else {
            throw RPCError(.methodNotFound, "unknown method \"\(request.method)\"")
        }
        switch method {
        case .version:
            return try ControlCoding.value(of: VersionResult(version: newsdVersion, protocolVersion: 1))
        case .feedAdd:
            return try ControlCoding.value(of: try addFeed(request.decodeParams(FeedAddParams.self)))
        case .feedList:
            return try ControlCoding.value(of: FeedListResult(feeds: try store.feeds().map(FeedInfo.init)))
        case .feedRemove:
            let feed = try resolve(request.decodeParams(FeedReference.self))
            guard try store.removeFeed(id: feed.id) else { throw RPCError(.notFound, "no feed \(feed.id)") }
            logger.notice("feed removed", metadata: ["feed.url": "\(feed.url)"])
            return try ControlCoding.value(of: FeedRemoveResult(removed: FeedInfo(feed)))
        case .feedPoll:
            let reference = try request.decodeParams(FeedReference.self)
            let feedID = reference.all == true ? nil : try resolve(reference).id
            let scheduled = try store.requestPoll(feedID: feedID, now: Date())
            scheduler.pollDueFeedsNow()
            return try ControlCoding.value(of: FeedPollResult(scheduled: scheduled))
        case .feedShow:
            let feed = try resolve(request.decodeParams(FeedReference.self))
            let history = try store.feedHistory(feedID: feed.id, limit: 50).map {
                FeedEventInfo(at: ControlCoding.timestamp($0.at), event: $0.event, detail: $0.detail)
            }
            return try ControlCoding.value(of: FeedShowResult(
                feed: FeedInfo(feed), adaptiveInterval: feed.adaptiveInterval, ttl: feed.timeToLive, etag: feed.etag, lastModified: feed.lastModified,
                history: history))
        case .feedPause, .feedResume:
            let feed = try resolve(request.decodeParams(FeedReference.self))
            let pause = method == .feedPause
            let changed = try store.setPaused(feedID: feed.id, paused: pause, reason: nil, now: Date())
            if changed { logger.notice(pause ? "feed paused" : "feed resumed", metadata: ["feed.url": "\(feed.url)"]) }
            if !pause { scheduler.pollDueFeedsNow() }
            guard let updated = try store.feed(id: feed.id) else { throw RPCError(.notFound, "no feed \(feed.id)") }
            return try ControlCoding.value(of: FeedPauseResult(feed: FeedInfo(updated), changed: changed))
        case .feedSet:
            let params = try request.decodeParams(FeedSetParams.self)
            let feed = try resolve(FeedReference(id: params.id, url: params.url))
            var interval: TimeInterval??
            if let text = params.interval {
                if text == "default" {
                    interval = .some(nil)
                } else if let seconds = DurationParser.parse(text), seconds > 0 {
                    interval = .some(seconds)
                } else {
                    throw RPCError(.invalidParams, "interval: \(DurationParser.hint), or \"default\"; got \"\(text)\"")
                }
            }
            guard interval != nil || params.tags != nil else { throw RPCError(.invalidParams, "nothing to change: give interval or tags") }
            guard let updated = try store.updateFeed(id: feed.id, interval: interval, tags: params.tags) else {
                throw RPCError(.notFound, "no feed \(feed.id)")
            }
            return try ControlCoding.value(of: FeedInfo(updated))
        case .articleList:
            let params = try request.decodeParams(ArticleListParams.self)
            if let status = params.status, ArticleLogEntry.Status(rawValue: status) == nil {
                let statuses = ArticleLogEntry.Status.allCases.map(\.rawValue).joined(separator: ", ")
                throw RPCError(.invalidParams, "status must be one of \(statuses); got \"\(status)\"")
            }
            var filter = ArticleFilter(language: params.lang, status: params.status, limit: min(max(params.limit ?? 50, 1), 10_000))
            if let feed = params.feed { filter.feedID = try resolve(FeedReference(argument: feed)).id }
            if let since = params.since {
                if let date = ControlCoding.date(since) {
                    filter.since = date
                } else if let ago = DurationParser.parse(since) {
                    filter.since = Date() - ago
                } else {
                    throw RPCError(.invalidParams, "since: an RFC 3339 time or a duration such as \"2h\"; got \"\(since)\"")
                }
            }
            let listing = try store.articles(matching: filter).map {
                ArticleSummary(
                    itemID: $0.itemID, status: $0.status, articleID: $0.articleID, feedID: $0.feedID, url: $0.url, title: $0.title,
                    language: $0.language, published: $0.published.map(ControlCoding.timestamp), seen: ControlCoding.timestamp($0.seenAt))
            }
            return try ControlCoding.value(of: ArticleListResult(articles: listing))
        case .articleSearch:
            let params = try request.decodeParams(ArticleSearchParams.self)
            let words = TextNormalizer().normalize(params.query).split(separator: " ").map(String.init)
            guard !words.isEmpty else { throw RPCError(.invalidParams, "query: give at least one word") }
            let hits = try store.search(words: words, language: params.lang, limit: min(max(params.limit ?? 20, 1), 1000)).map {
                SearchHitInfo(
                    id: $0.articleID, title: $0.title, language: $0.language, published: $0.published.map(ControlCoding.timestamp),
                    snippet: $0.snippet)
            }
            return try ControlCoding.value(of: ArticleSearchResult(hits: hits))
        case .articleGet:
            let params = try request.decodeParams(ArticleGetParams.self)
            guard let article = try store.article(id: params.id) else { throw RPCError(.notFound, "no article \(params.id)") }
            var info = ArticleInfo(article)
            info.copies = try store.storyCopies(storyID: article.storyID).map {
                StoryCopyInfo(
                    feedID: $0.feedID, url: $0.url, status: $0.status, reason: $0.reason, similarity: $0.similarity,
                    seen: ControlCoding.timestamp($0.seenAt))
            }
            return try ControlCoding.value(of: info)
        case .stats:
            return try ControlCoding.value(of: try stats())
        case .metrics:
            return try ControlCoding.value(of: try metrics())
        case .jobsList:
            let params = try request.decodeParams(JobsListParams.self)
            let state = try params.state.map { text in
                guard let state = JobState(rawValue: text) else {
                    throw RPCError(.invalidParams, "state must be one of queued, leased, done, dead; got \"\(text)\"")
                }
                return state
            }
            let jobs = try store.jobs(state: state, limit: min(max(params.limit ?? 50, 1), 10_000))
            return try ControlCoding.value(of: JobsListResult(jobs: jobs.map(JobInfo.init)))
        case .jobsRetry:
            let params = try request.decodeParams(JobsRetryParams.self)
            guard (params.id != nil) != (params.allDead == true) else {
                throw RPCError(.invalidParams, "name one job by \"id\", or pass \"all_dead\": true")
            }
            let retried = try store.retryDeadJobs(id: params.id, now: Date())
            if let id = params.id, retried == 0 { throw RPCError(.notFound, "no dead job \(id)") }
            pipeline.wake()
            return try ControlCoding.value(of: JobsRetryResult(retried: retried))
        case .reload:
            return try ControlCoding.value(of: ReloadResult(summary: try reload().get()))
        case .tail:
            throw RPCError(.internalError, "tail is streamed by the connection, not answered here")
        case .opmlImport:
            return try ControlCoding.value(of: try importFeeds(request.decodeParams(OPMLImportParams.self)))
        }
    }

    /// `feed.add`: unless `check` is false, the URL is fetched first (on this connection's
    /// thread) and, when it is a page rather than a feed, the feed it leads to is subscribed.
    private func addFeed(_ params: FeedAddParams) throws -> FeedInfo {
        try Self.validateFeedURL(params.url)
        let interval = try Self.interval(params.interval)
        if try store.feed(url: params.url) != nil { throw RPCError(.conflict, "already subscribed to \(params.url)") }
        var location = FeedLocator.Location(url: params.url)
        if params.check != false {
            location = try locator.locate(params.url)
            if location.discoveredFrom != nil {
                logger.info("feed discovered", metadata: ["page.url": "\(params.url)", "feed.url": "\(location.url)"])
            }
        }
        let feed = try store.addFeed(
            NewFeed(url: location.url, tags: params.tags ?? [], interval: interval, origin: .socket), now: Date())
        logger.notice("feed added", metadata: ["feed.url": "\(feed.url)", "feed.id": "\(feed.id)"])
        scheduler.pollDueFeedsNow()
        var info = FeedInfo(feed)
        info.discoveredFrom = location.discoveredFrom
        return info
    }

    /// `opml.import`: subscribes to a batch of feeds as they are (an OPML file lists feed
    /// URLs; nothing is fetched first). Feeds already subscribed are counted and left alone.
    private func importFeeds(_ params: OPMLImportParams) throws -> OPMLImportResult {
        guard params.feeds.count <= Self.maxImportBatch else {
            throw RPCError(.invalidParams, "at most \(Self.maxImportBatch) feeds per opml.import request, got \(params.feeds.count)")
        }
        let interval = try Self.interval(params.interval)
        var result = OPMLImportResult(added: 0, existing: 0, failed: [])
        for feed in params.feeds {
            do {
                try Self.validateFeedURL(feed.url)
                var tags: [String] = []
                for tag in (feed.tags ?? []) + (params.tags ?? []) where !tag.isEmpty && !tags.contains(tag) { tags.append(tag) }
                _ = try store.addFeed(NewFeed(url: feed.url, tags: tags, interval: interval, origin: .socket), now: Date())
                result.added += 1
            } catch let error as StoreError where error.code == .duplicateFeed {
                result.existing += 1
            } catch let error as RPCError {
                result.failed.append(OPMLImportFailure(url: feed.url, error: error.message))
            } catch let error as StoreError {
                result.failed.append(OPMLImportFailure(url: feed.url, error: error.message))
            }
        }
        logger.notice(
            "feeds imported",
            metadata: ["added": "\(result.added)", "existing": "\(result.existing)", "failed": "\(result.failed.count)"])
        if result.added > 0 { scheduler.pollDueFeedsNow() }
        return result
    }

    private static func validateFeedURL(_ text: String) throws(RPCError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host?.isEmpty == false
        else {
            throw RPCError(.invalidParams, "feed URL must be an absolute http or https URL, got \"\(text)\"")
        }
    }

    private static func interval(_ text: String?) throws(RPCError) -> TimeInterval? {
        guard let text else { return nil }
        guard let seconds = DurationParser.parse(text), seconds > 0 else {
            throw RPCError(.invalidParams, "interval: \(DurationParser.hint), got \"\(text)\"")
        }
        return seconds
    }

    private func resolve(_ reference: FeedReference) throws -> FeedRecord {
        if let id = reference.id {
            guard let feed = try store.feed(id: id) else { throw RPCError(.notFound, "no feed with id \(id)") }
            return feed
        }
        if let url = reference.url {
            guard let feed = try store.feed(url: url) else { throw RPCError(.notFound, "no feed with URL \(url)") }
            return feed
        }
        throw RPCError(.invalidParams, "name a feed by \"id\" or \"url\"")
    }

    private func stats() throws -> StatsResult {
        let counts = try store.statistics()
        let uptime = ContinuousClock.now - startedAt
        let failing = try store.failingFeeds(limit: 10)
            .map {
                StatsResult.FailingFeed(
                    id: $0.id, url: $0.url, failures: $0.consecutiveFailures, lastError: $0.lastError,
                    lastSuccess: $0.lastSuccessAt.map(ControlCoding.timestamp))
            }
        return StatsResult(
            version: newsdVersion, uptimeSeconds: Int(uptime.components.seconds), feeds: counts.feeds,
            pausedFeeds: counts.pausedFeeds, failingFeeds: counts.failingFeeds, items: counts.items, articles: counts.articles,
            jobs: Dictionary(uniqueKeysWithValues: counts.jobs.map { ($0.key.rawValue, $0.value) }),
            processed: statistics.snapshot, workers: pipeline.workerCount, inFlight: pipeline.inFlight,
            polls: statistics.polls, ratePerMinute1m: statistics.perMinute(over: 1), ratePerMinute15m: statistics.perMinute(over: 15),
            failing: failing, instances: try instances())
    }

    /// The daemons on the database; this one first.
    private func instances() throws -> [StatsResult.Instance] {
        let now = Date()
        return try store.instances().map { instance in
            StatsResult.Instance(
                name: instance.owner, answering: instance.owner == instanceName, live: instance.isLive(at: now),
                started: instance.startedAt.map(ControlCoding.timestamp), renewed: instance.renewedAt.map(ControlCoding.timestamp),
                leasedFeeds: instance.leasedFeeds, leasedJobs: instance.leasedJobs, pendingLogLines: instance.pendingLogLines)
        }.sorted { ($0.answering ? 0 : 1, $0.name) < ($1.answering ? 0 : 1, $1.name) }
    }

    private func metrics() throws -> MetricsResult {
        let exposition = MetricsExposition(
            statistics: try store.statistics(), feeds: try store.feeds(), processed: statistics.snapshot, polls: statistics.polls,
            uptime: ContinuousClock.now - startedAt, inFlight: pipeline.inFlight, workers: pipeline.workerCount)
        return MetricsResult(text: exposition.text)
    }
}

extension FeedInfo {
    init(_ feed: FeedRecord) {
        self.init(
            id: feed.id, url: feed.url, title: feed.title, siteURL: feed.siteURL, tags: feed.tags, interval: feed.interval,
            origin: feed.origin.rawValue, paused: feed.isPaused, pausedReason: feed.pausedReason, items: feed.itemCount,
            nextPoll: ControlCoding.timestamp(feed.nextPollAt), lastPolled: feed.lastPolledAt.map(ControlCoding.timestamp),
            lastSuccess: feed.lastSuccessAt.map(ControlCoding.timestamp), lastError: feed.lastError,
            consecutiveFailures: feed.consecutiveFailures)
    }
}

extension JobInfo {
    init(_ job: JobRecord) {
        self.init(
            id: job.id, state: job.state.rawValue, attempts: job.attempts, feedID: job.feedID, url: job.url,
            notBefore: ControlCoding.timestamp(job.notBefore), leaseOwner: job.leaseOwner, lastError: job.lastError,
            created: ControlCoding.timestamp(job.createdAt), finished: job.finishedAt.map(ControlCoding.timestamp))
    }
}

extension ArticleInfo {
    init(_ article: ArticleRecord) {
        self.init(
            id: article.id, feedID: article.feedID, url: article.url, canonicalURL: article.canonicalURL, title: article.title,
            paragraphs: article.paragraphs, text: article.text, byline: article.byline, language: article.language,
            published: article.published.map(ControlCoding.timestamp), image: article.imageURL, siteName: article.siteName,
            words: article.wordCount, fetched: ControlCoding.timestamp(article.fetchedAt), storyID: article.storyID,
            updated: article.updatedAt.map(ControlCoding.timestamp))
    }
}
