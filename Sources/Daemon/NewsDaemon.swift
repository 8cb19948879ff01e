import Control
import Dispatch
import Fetch
import Foundation
import Logging
import Posix
import Store
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The daemon: composes store, fetcher, scheduler, pipeline, article log and control socket,
/// runs until SIGTERM or SIGINT, then drains and stops in order. SIGHUP (or `newsctl reload`)
/// reloads the configuration file and reopens the article log.
///
/// Under systemd it speaks the notify protocol: `READY=1` once the database is open and the
/// control socket listens, `STATUS=` as things change, `RELOADING=1` … `READY=1` around a
/// reload, `STOPPING=1` when the drain begins, and watchdog pings while alive.
public final class NewsDaemon: Sendable {
    /// Why the daemon could not start.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    private let configurationPath: String
    private let logger: Logger
    private let configuration: Mutex<DaemonConfiguration>
    private let parts = Mutex<Parts?>(nil)
    /// The systemd notifier and monitor, once started.
    private let service = Mutex<(notifier: ServiceNotifier, monitor: ServiceMonitor)?>(nil)
    private let stopRequested = DispatchSemaphore(value: 0)
    /// Serialises reloads (from SIGHUP and from the control socket).
    private let reloading = DispatchQueue(label: "newsd.reload")
    private let maintenance = DispatchQueue(label: "newsd.maintenance")

    /// - Parameters:
    ///   - configurationPath: the file `configuration` was read from, read again on reload.
    public init(configurationPath: String, configuration: DaemonConfiguration, logger: Logger) {
        self.configurationPath = configurationPath
        self.configuration = Mutex(configuration)
        self.logger = logger
    }

    /// Starts everything, blocks until a stop signal, then shuts down gracefully.
    public func run() throws(StartError) {
        signal(SIGPIPE, SIG_IGN)
        let systemd = SystemdEnvironment(ProcessInfo.processInfo.environment, pid: getpid())
        let notifier = ServiceNotifier(address: systemd.notifySocket, logger: logger)
        let signals = watchSignals()
        defer { signals.forEach { $0.cancel() } }

        let started: Parts
        do {
            started = try start(listenDescriptors: systemd.listenDescriptors)
        } catch {
            notifier.status("cannot start: \(error)")
            throw error
        }
        let current = configuration.withLock { $0 }
        let monitor = ServiceMonitor(
            notifier: notifier,
            liveness: LivenessCheck(
                store: started.store, scheduler: started.scheduler, pipeline: started.pipeline,
                limits: .forFetching(timeout: current.fetch.timeout, connectTimeout: current.fetch.connectTimeout)),
            summary: { [store = started.store] in try? store.statistics().statusLine },
            pingInterval: systemd.watchdogPingInterval, logger: logger)
        parts.withLock { $0 = started }
        service.withLock { $0 = (notifier, monitor) }
        let status = Self.status(of: started)
        notifier.ready(status: status)
        monitor.start(status: status)
        logger.notice("newsd started", metadata: [
            "version": "\(newsdVersion)", "socket": "\(started.socketDescription)", "database": "\(current.storage.location)",
            "feeds": "\((try? started.store.statistics().feeds) ?? 0)", "workers": "\(current.workers.count)",
            "systemd": "\(notifier.isConnected ? "notify" : "no")",
            "watchdog_s": "\(systemd.watchdogTimeout.map { "\($0.components.seconds)" } ?? "off")",
        ])
        scheduleMaintenance(after: 5)
        stopRequested.wait()
        reloading.sync {}  // a reload in progress finishes first
        monitor.stop()
        notifier.stopping(status: "stopping: finishing \(started.pipeline.inFlight) article jobs in flight")
        stop(started)
    }

    /// The status line, or a plain word when the database cannot say.
    private static func status(of parts: Parts) -> String {
        (try? parts.store.statistics().statusLine) ?? "running"
    }

    private struct Parts: Sendable {
        var store: any NewsStore
        var fetcher: HTTPFetcher
        var articleLog: ArticleLog
        var scheduler: FeedScheduler
        var pipeline: ArticlePipeline
        var control: ControlServer
        var membership: InstanceMembership
        /// Where the control socket is, for the log.
        var socketDescription: String
    }

    private func start(listenDescriptors: [Int32]) throws(StartError) -> Parts {
        let configuration = self.configuration.withLock { $0 }
        let store: any NewsStore
        do {
            store = try configuration.storage.open()
            try store.syncConfiguredFeeds(Self.configuredFeeds(configuration), now: Date())
        } catch {
            throw StartError(description: "\(error)")
        }
        recoverLeasesOfDeadProcesses(store)
        let fetcher: HTTPFetcher
        do {
            fetcher = try HTTPFetcher(configuration: FetchConfiguration(
                userAgent: configuration.fetch.userAgent, allowPrivateNetworks: configuration.fetch.allowPrivateNetworks,
                connectTimeout: configuration.fetch.connectTimeout, timeout: configuration.fetch.timeout,
                maxBodyBytes: configuration.fetch.maxBodySize, maxRedirects: configuration.fetch.maxRedirects,
                maxConnectionsPerHost: configuration.fetch.perHostConnections,
                maxRequestsPerSecondPerHost: configuration.fetch.perHostRate, allowedNetworks: configuration.fetch.allowNetworks))
        } catch {
            throw StartError(description: "cannot start the fetcher: \(error)")
        }
        let articleLog: ArticleLog
        do {
            // Lines an earlier run left in the outbox are taken over with the dead (`membership`).
            articleLog = try ArticleLog(path: configuration.log.articles, logger: logger)
        } catch {
            throw StartError(description: "cannot open the article log: \(error)")
        }
        let tail = TailHub()
        tail.preload(articleLog.recentEntries(limit: 1000))
        let statistics = ProcessingStatistics()
        let deduplicator: StoryDeduplicator
        do {
            deduplicator = StoryDeduplicator(stored: try store.fingerprints())
        } catch {
            throw StartError(description: "cannot load the near-duplicate index: \(error)")
        }
        logger.info(
            "near-duplicate index loaded",
            metadata: ["articles": "\(deduplicator.indexedArticles)", "bytes": "\(deduplicator.indexBytes)"])
        // One owner for the daemon's job and feed leases.
        let leaseOwner = LeaseOwner.current().description
        let pipeline = ArticlePipeline(
            dependencies: .init(
                store: store, fetcher: fetcher, log: articleLog, tail: tail, statistics: statistics, deduplicator: deduplicator,
                logger: logger),
            settings: Self.pipelineSettings(configuration), leaseOwner: leaseOwner)
        let membership = InstanceMembership(
            store: store, owner: leaseOwner, logPath: articleLog.path, pipeline: pipeline, leaseDuration: configuration.jobs.lease,
            logger: logger)
        membership.start()
        let scheduler = FeedScheduler(
            store: store, fetcher: fetcher, interpreter: Self.interpreter(configuration), pipeline: pipeline,
            statistics: statistics, logger: logger, leaseOwner: leaseOwner, leaseDuration: configuration.jobs.lease)
        let socketGroup = try Self.socketGroup(configuration)
        let access: AccessPolicy
        do {
            access = try AccessPolicy(configuration.control, socketGroup: socketGroup)
        } catch {
            throw StartError(description: "\(error)")
        }
        let (listener, socketDescription) = try listen(
            passed: listenDescriptors, configuration: configuration, group: configuration.control.group == nil ? nil : socketGroup)
        let locator = FeedLocator(fetch: { [fetcher] request in fetcher.fetch(request) })
        let handler = ControlHandler(
            store: store, scheduler: scheduler, pipeline: pipeline, statistics: statistics, logger: logger, locator: locator,
            instanceName: leaseOwner, reload: { [weak self] in self?.reload() ?? .failure(RPCError(.unavailable, "newsd is stopping")) })
        let control = ControlServer(listener: listener, access: access, handler: handler, tail: tail, logger: logger)
        control.start()
        pipeline.wake()
        scheduler.start()
        return Parts(
            store: store, fetcher: fetcher, articleLog: articleLog, scheduler: scheduler, pipeline: pipeline, control: control,
            membership: membership, socketDescription: socketDescription)
    }

    /// The group that owns the control socket: `[control] group`, else the daemon's own.
    private static func socketGroup(_ configuration: DaemonConfiguration) throws(StartError) -> UInt32 {
        guard let name = configuration.control.group else { return getegid() }
        guard let gid = UserDatabase.groupID(name) else {
            throw StartError(description: "control.group: no group \"\(name)\" on this system")
        }
        return gid
    }

    /// The control socket: the one systemd passed (socket activation; its file is systemd's and
    /// stays), else a new one at the configured path.
    private func listen(
        passed descriptors: [Int32], configuration: DaemonConfiguration, group: UInt32?
    ) throws(StartError) -> (ListeningSocket, String) {
        if let descriptor = descriptors.first {
            guard descriptors.count == 1 else {
                throw StartError(description: "systemd passed \(descriptors.count) sockets; newsd.socket must have exactly one ListenStream=")
            }
            do {
                return (try ListeningSocket.activated(descriptor: descriptor), "fd \(descriptor) from systemd")
            } catch {
                throw StartError(description: "cannot use the control socket systemd passed: \(error)")
            }
        }
        do {
            let socketPath = configuration.control.socket
            try FileManager.default.createDirectory(
                atPath: (socketPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            return (try ListeningSocket.unix(path: socketPath, mode: mode_t(configuration.control.mode), group: group), socketPath)
        } catch {
            throw StartError(description: "cannot listen on the control socket: \(error)")
        }
    }

    private func stop(_ parts: Parts) {
        let drainTimeout = configuration.withLock { $0.shutdown.drainTimeout }
        let deadline = ContinuousClock.now + .milliseconds(Int(drainTimeout * 1000))
        logger.notice("stopping: finishing work in flight", metadata: ["deadline_s": "\(Int(drainTimeout))"])
        parts.scheduler.stop(until: deadline)
        let unfinished = parts.pipeline.drain(until: deadline)
        parts.control.stop()
        parts.fetcher.shutdown()
        parts.membership.stop()
        parts.pipeline.waitForCommits()  // and the log lines a last sweep took over
        parts.membership.leave()
        parts.articleLog.sync()
        maintenance.sync {}
        do {
            try parts.store.close()
        } catch {
            logger.error("closing the database failed", metadata: ["error": "\(error)"])
        }
        logger.notice("newsd stopped", metadata: ["unfinished_jobs_requeued": "\(unfinished)"])
    }

    /// Reads the configuration file again and applies what can change while running: feeds,
    /// intervals, worker count, job attempts and lease, retention; reopens the article log.
    /// An invalid file changes nothing.
    /// - Returns: a summary for the operator, or why the file was refused.
    func reload() -> Result<String, RPCError> {
        reloading.sync {
            guard let parts = parts.withLock({ $0 }) else { return .failure(RPCError(.unavailable, "newsd is not running")) }
            let hooks = service.withLock { $0 }
            hooks?.notifier.reloading()
            defer {
                let status = Self.status(of: parts)
                hooks?.notifier.ready(status: status)
                hooks?.monitor.statusWasSent(status)
            }
            parts.articleLog.reopen()
            let new: DaemonConfiguration
            do {
                new = try DaemonConfiguration.load(contentsOf: configurationPath)
            } catch {
                logger.error("reload refused: invalid configuration; running on as before", metadata: ["problems": "\(error)"])
                return .failure(RPCError(.invalidParams, "invalid configuration, nothing changed:\n\(error)"))
            }
            let old = configuration.withLock { $0 }
            do {
                try parts.store.syncConfiguredFeeds(Self.configuredFeeds(new), now: Date())
            } catch {
                logger.error("reload failed: feeds not updated", metadata: ["error": "\(error)"])
                return .failure(RPCError(.internalError, "feeds not updated: \(error)"))
            }
            parts.scheduler.update(Self.interpreter(new), leaseDuration: new.jobs.lease)
            parts.pipeline.update(Self.pipelineSettings(new))
            parts.membership.update(leaseDuration: new.jobs.lease)
            configuration.withLock { $0 = new }
            parts.scheduler.pollDueFeedsNow()
            var restartNeeded: [String] = []
            if new.storage != old.storage { restartNeeded.append("storage") }
            if new.control != old.control { restartNeeded.append("control") }
            if new.log != old.log { restartNeeded.append("log") }
            if new.fetch != old.fetch { restartNeeded.append("fetch") }
            var summary = "configuration reloaded: \(new.feeds.count) configured feeds, \(new.workers.count) workers"
            if !restartNeeded.isEmpty {
                summary += "; changes in [\(restartNeeded.joined(separator: "], ["))] take effect at the next start"
            }
            logger.notice("configuration reloaded", metadata: ["summary": "\(summary)"])
            return .success(summary)
        }
    }

    /// Retention, hourly: prunes articles older than `[retention] max_age`, and the jobs that
    /// finished before then.
    private func scheduleMaintenance(after seconds: Double) {
        maintenance.asyncAfter(deadline: .now() + seconds) { [weak self] in
            guard let self, let parts = parts.withLock({ $0 }) else { return }
            if let maxAge = configuration.withLock({ $0.retention.maxAge }) {
                do {
                    let now = Date()
                    let pruned = try parts.store.pruneArticles(fetchedBefore: now - maxAge, now: now)
                    let jobs = try parts.store.pruneFinishedJobs(finishedBefore: now - maxAge)
                    if pruned > 0 || jobs > 0 {
                        logger.info("old articles pruned", metadata: ["articles": "\(pruned)", "finished_jobs": "\(jobs)"])
                    }
                } catch {
                    logger.error("pruning old articles failed", metadata: ["error": "\(error)"])
                }
            }
            scheduleMaintenance(after: 3600)
        }
    }

    private func watchSignals() -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "newsd.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                if number == SIGHUP {
                    logger.info("SIGHUP: reloading the configuration and reopening the article log")
                    _ = reload()
                } else {
                    logger.notice("stop requested", metadata: ["signal": "\(number == SIGTERM ? "SIGTERM" : "SIGINT")"])
                    stopRequested.signal()
                }
            }
            source.resume()
            sources.append(source)
        }
        return sources
    }

    private static func configuredFeeds(_ configuration: DaemonConfiguration) -> [NewFeed] {
        configuration.feeds.map { NewFeed(url: $0.url, tags: $0.tags, interval: $0.interval, origin: .configuration) }
    }

    private static func interpreter(_ configuration: DaemonConfiguration) -> FeedPollInterpreter {
        FeedPollInterpreter(
            defaultInterval: configuration.scheduler.defaultInterval, minInterval: configuration.scheduler.minInterval,
            maxInterval: configuration.scheduler.maxInterval)
    }

    private static func pipelineSettings(_ configuration: DaemonConfiguration) -> ArticlePipeline.Settings {
        ArticlePipeline.Settings(
            workers: configuration.workers.count, retryPolicy: .articleJobs(attempts: configuration.jobs.maxAttempts),
            leaseDuration: configuration.jobs.lease,
            // Other daemons' polls queue jobs this one is not told of: look every second.
            sharedQueuePoll: configuration.storage.backend == .postgres ? 1 : nil)
    }

    /// Takes back the jobs and feeds of daemons on this host that were killed, rather than
    /// waiting for their leases to expire.
    private func recoverLeasesOfDeadProcesses(_ store: any NewsStore) {
        do {
            for owner in try store.leaseOwners().compactMap(LeaseOwner.init) where owner.isDeadLocalProcess {
                let released = try store.releaseLeases(owner: owner.description, refundAttempt: false)
                let feeds = try store.releaseFeedLeases(owner: owner.description, feedIDs: nil)
                logger.notice(
                    "took back jobs and feeds of a daemon that died",
                    metadata: ["owner": "\(owner)", "jobs": "\(released)", "feeds": "\(feeds)"])
            }
        } catch {
            logger.warning("checking leases of earlier runs failed; they expire on their own", metadata: ["error": "\(error)"])
        }
    }
}
