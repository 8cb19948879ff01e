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
/// runs until SIGTERM or SIGINT, then drains and stops in order.
public final class NewsDaemon: Sendable {
    /// Why the daemon could not start.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    private let configuration: DaemonConfiguration
    private let logger: Logger
    private let stopRequested = DispatchSemaphore(value: 0)

    public init(configuration: DaemonConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts everything, blocks until a stop signal, then shuts down gracefully.
    ///
    /// Under systemd it speaks the notify protocol: `READY=1` once the database is open and the
    /// control socket listens, `STATUS=` as things change, `RELOADING=1` … `READY=1` around a
    /// SIGHUP, `STOPPING=1` when the drain begins, and watchdog pings while alive.
    public func run() throws(StartError) {
        signal(SIGPIPE, SIG_IGN)
        let systemd = SystemdEnvironment(ProcessInfo.processInfo.environment, pid: getpid())
        let notifier = ServiceNotifier(address: systemd.notifySocket, logger: logger)
        let signals = watchSignals()
        defer { signals.forEach { $0.cancel() } }

        let parts: Parts
        do {
            parts = try start(listenDescriptors: systemd.listenDescriptors)
        } catch {
            notifier.status("cannot start: \(error)")
            throw error
        }
        let monitor = ServiceMonitor(
            notifier: notifier,
            liveness: LivenessCheck(
                store: parts.store, scheduler: parts.scheduler, pipeline: parts.pipeline,
                limits: .forFetching(timeout: configuration.fetch.timeout, connectTimeout: configuration.fetch.connectTimeout)),
            summary: { [store = parts.store] in try? store.statistics().statusLine },
            pingInterval: systemd.watchdogPingInterval, logger: logger)
        let status = Self.status(of: parts)
        notifier.ready(status: status)
        monitor.start(status: status)
        logger.notice("newsd started", metadata: [
            "version": "\(newsdVersion)", "socket": "\(parts.socketDescription)", "database": "\(configuration.storage.path)",
            "feeds": "\((try? parts.store.statistics().feeds) ?? 0)", "workers": "\(configuration.workers.count)",
            "systemd": "\(notifier.isConnected ? "notify" : "no")",
            "watchdog_s": "\(systemd.watchdogTimeout.map { "\($0.components.seconds)" } ?? "off")",
        ])
        while true {
            stopRequested.wait()
            if reloadRequested.withLock({ flag in defer { flag = false }; return flag }) {
                notifier.reloading()
                parts.articleLog.reopen()
                let status = Self.status(of: parts)
                notifier.ready(status: status)
                monitor.statusWasSent(status)
                continue
            }
            break
        }
        monitor.stop()
        notifier.stopping(status: "stopping: finishing \(parts.pipeline.inFlight) article jobs in flight")
        stop(parts)
    }

    /// The status line, or a plain word when the database cannot say.
    private static func status(of parts: Parts) -> String {
        (try? parts.store.statistics().statusLine) ?? "running"
    }

    private struct Parts {
        var store: SQLiteStore
        var fetcher: HTTPFetcher
        var articleLog: ArticleLog
        var scheduler: FeedScheduler
        var pipeline: ArticlePipeline
        var control: ControlServer
        /// Where the control socket is, for the log.
        var socketDescription: String
    }

    private func start(listenDescriptors: [Int32]) throws(StartError) -> Parts {
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: configuration.storage.path)
            try store.syncConfiguredFeeds(
                configuration.feeds.map { NewFeed(url: $0.url, tags: $0.tags, interval: $0.interval, origin: .configuration) },
                now: Date())
        } catch {
            throw StartError(description: "\(error)")
        }
        let fetcher: HTTPFetcher
        do {
            fetcher = try HTTPFetcher(configuration: FetchConfiguration(
                userAgent: configuration.fetch.userAgent, allowPrivateNetworks: configuration.fetch.allowPrivateNetworks,
                connectTimeout: configuration.fetch.connectTimeout, timeout: configuration.fetch.timeout,
                maxBodyBytes: configuration.fetch.maxBodySize, maxRedirects: configuration.fetch.maxRedirects))
        } catch {
            throw StartError(description: "cannot start the fetcher: \(error)")
        }
        let articleLog: ArticleLog
        do {
            articleLog = try ArticleLog(path: configuration.log.articles, logger: logger)
        } catch {
            throw StartError(description: "cannot open the article log: \(error)")
        }
        let tail = TailHub()
        tail.preload(articleLog.recentEntries(limit: 1000))
        let statistics = ProcessingStatistics()
        let pipeline = ArticlePipeline(
            dependencies: .init(store: store, fetcher: fetcher, log: articleLog, tail: tail, statistics: statistics, logger: logger),
            workers: configuration.workers.count, leaseOwner: Self.leaseOwner())
        let scheduler = FeedScheduler(
            store: store, fetcher: fetcher,
            interpreter: FeedPollInterpreter(
                defaultInterval: configuration.scheduler.defaultInterval, minInterval: configuration.scheduler.minInterval),
            pipeline: pipeline, logger: logger)
        let (listener, socketDescription) = try listen(passed: listenDescriptors)
        let control = ControlServer(
            listener: listener,
            handler: ControlHandler(store: store, scheduler: scheduler, pipeline: pipeline, statistics: statistics, logger: logger),
            tail: tail, logger: logger)
        control.start()
        pipeline.wake()
        scheduler.start()
        return Parts(
            store: store, fetcher: fetcher, articleLog: articleLog, scheduler: scheduler, pipeline: pipeline, control: control,
            socketDescription: socketDescription)
    }

    /// The control socket: the one systemd passed (socket activation; its file is systemd's and
    /// stays), else a new one at the configured path.
    private func listen(passed descriptors: [Int32]) throws(StartError) -> (ListeningSocket, String) {
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
            return (try ListeningSocket.unix(path: socketPath, mode: mode_t(configuration.control.mode)), socketPath)
        } catch {
            throw StartError(description: "cannot listen on the control socket: \(error)")
        }
    }

    private func stop(_ parts: Parts) {
        let deadline = ContinuousClock.now + .milliseconds(Int(configuration.shutdown.drainTimeout * 1000))
        logger.notice("stopping: finishing work in flight", metadata: ["deadline_s": "\(Int(configuration.shutdown.drainTimeout))"])
        parts.scheduler.stop(until: deadline)
        let unfinished = parts.pipeline.drain(until: deadline)
        parts.control.stop()
        parts.fetcher.shutdown()
        parts.articleLog.sync()
        do {
            try parts.store.close()
        } catch {
            logger.error("closing the database failed", metadata: ["error": "\(error)"])
        }
        logger.notice("newsd stopped", metadata: ["unfinished_jobs_requeued": "\(unfinished)"])
    }

    private let reloadRequested = Mutex(false)

    private func watchSignals() -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "newsd.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                if number == SIGHUP {
                    logger.info("SIGHUP: reopening the article log")
                    reloadRequested.withLock { $0 = true }
                } else {
                    logger.notice("stop requested", metadata: ["signal": "\(number == SIGTERM ? "SIGTERM" : "SIGINT")"])
                }
                stopRequested.signal()
            }
            source.resume()
            sources.append(source)
        }
        return sources
    }

    /// Names this process in job leases: host and pid, unique among live daemons.
    private static func leaseOwner() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
    }
}
