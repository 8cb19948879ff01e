import Control
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
    private let startedAt = ContinuousClock.now

    init(store: any NewsStore, scheduler: FeedScheduler, pipeline: ArticlePipeline, statistics: ProcessingStatistics, logger: Logger) {
        self.store = store
        self.scheduler = scheduler
        self.pipeline = pipeline
        self.statistics = statistics
        self.logger = logger
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
        case .articleGet:
            let params = try request.decodeParams(ArticleGetParams.self)
            guard let article = try store.article(id: params.id) else { throw RPCError(.notFound, "no article \(params.id)") }
            return try ControlCoding.value(of: ArticleInfo(article))
        case .stats:
            return try ControlCoding.value(of: try stats())
        case .tail:
            throw RPCError(.internalError, "tail is streamed by the connection, not answered here")
        }
    }

    private func addFeed(_ params: FeedAddParams) throws -> FeedInfo {
        guard let url = URL(string: params.url), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host?.isEmpty == false
        else {
            throw RPCError(.invalidParams, "feed URL must be an absolute http or https URL, got \"\(params.url)\"")
        }
        var interval: TimeInterval?
        if let text = params.interval {
            guard let seconds = DurationParser.parse(text), seconds > 0 else {
                throw RPCError(.invalidParams, "interval: \(DurationParser.hint), got \"\(text)\"")
            }
            interval = seconds
        }
        let feed = try store.addFeed(NewFeed(url: params.url, tags: params.tags ?? [], interval: interval, origin: .socket), now: Date())
        logger.notice("feed added", metadata: ["feed.url": "\(feed.url)", "feed.id": "\(feed.id)"])
        scheduler.pollDueFeedsNow()
        return FeedInfo(feed)
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
        return StatsResult(
            version: newsdVersion, uptimeSeconds: Int(uptime.components.seconds), feeds: counts.feeds,
            pausedFeeds: counts.pausedFeeds, failingFeeds: counts.failingFeeds, items: counts.items, articles: counts.articles,
            jobs: Dictionary(uniqueKeysWithValues: counts.jobs.map { ($0.key.rawValue, $0.value) }),
            processed: statistics.snapshot, workers: pipeline.workerCount, inFlight: pipeline.inFlight)
    }
}

extension FeedInfo {
    init(_ feed: FeedRecord) {
        self.init(
            id: feed.id, url: feed.url, title: feed.title, siteURL: feed.siteURL, tags: feed.tags, interval: feed.interval,
            origin: feed.origin.rawValue, paused: feed.isPaused, items: feed.itemCount,
            nextPoll: ControlCoding.timestamp(feed.nextPollAt), lastPolled: feed.lastPolledAt.map(ControlCoding.timestamp),
            lastSuccess: feed.lastSuccessAt.map(ControlCoding.timestamp), lastError: feed.lastError,
            consecutiveFailures: feed.consecutiveFailures)
    }
}

extension ArticleInfo {
    init(_ article: ArticleRecord) {
        self.init(
            id: article.id, feedID: article.feedID, url: article.url, canonicalURL: article.canonicalURL, title: article.title,
            paragraphs: article.paragraphs, text: article.text, byline: article.byline, language: article.language,
            published: article.published.map(ControlCoding.timestamp), image: article.imageURL, siteName: article.siteName,
            words: article.wordCount, fetched: ControlCoding.timestamp(article.fetchedAt))
    }
}
