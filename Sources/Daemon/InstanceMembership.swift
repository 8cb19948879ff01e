import Dispatch
import Foundation
import Logging
import Store
import Synchronization

/// This daemon's place among the daemons sharing its database: it keeps its instance lease
/// renewed while it runs, and hands the outbox lines of daemons found dead to the pipeline to
/// write (`ArticlePipeline.adoptLogLines`), so every processed item reaches one log once.
///
/// A daemon is dead when its instance lease ran out, when it is a process of this host that no
/// longer exists (as for job leases, `LeaseOwner.isDeadLocalProcess`), or when it holds outbox
/// lines without an instance (it stopped with lines a failed write left, or wrote them before
/// owners were kept). Renewals come every third of the lease; the lease is `[jobs] lease`.
/// Confined to its own queue.
final class InstanceMembership: Sendable {
    private let store: any NewsStore
    private let owner: String
    private let logPath: String
    private let pipeline: ArticlePipeline
    private let logger: Logger
    private let leaseDuration: Mutex<TimeInterval>
    private let stopped = Mutex(false)
    private let queue = DispatchQueue(label: "newsd.membership")

    init(store: any NewsStore, owner: String, logPath: String, pipeline: ArticlePipeline, leaseDuration: TimeInterval, logger: Logger) {
        self.store = store
        self.owner = owner
        self.logPath = logPath
        self.pipeline = pipeline
        self.leaseDuration = Mutex(leaseDuration)
        self.logger = logger
    }

    /// Registers this daemon and takes over what dead ones left, then does both again every
    /// third of the lease.
    func start() {
        queue.sync { renewAndSweep() }
        scheduleNext()
    }

    func update(leaseDuration: TimeInterval) {
        self.leaseDuration.withLock { $0 = leaseDuration }
    }

    /// Stops renewing and taking over; a sweep in progress finishes first.
    func stop() {
        stopped.withLock { $0 = true }
        queue.sync {}
    }

    /// Gives up the instance lease, once the pipeline has committed and logged everything.
    func leave() {
        do {
            try store.removeInstance(owner: owner)
        } catch {
            logger.warning("removing this daemon's instance lease failed; it expires on its own", metadata: ["error": "\(error)"])
        }
    }

    private var renewalInterval: TimeInterval {
        min(60, max(0.5, leaseDuration.withLock { $0 } / 3))
    }

    private func scheduleNext() {
        queue.asyncAfter(deadline: .now() + renewalInterval) { [weak self] in
            guard let self, !stopped.withLock({ $0 }) else { return }
            renewAndSweep()
            scheduleNext()
        }
    }

    private func renewAndSweep() {
        let now = Date()
        do {
            try store.renewInstance(owner: owner, logPath: logPath, leaseDuration: leaseDuration.withLock { $0 }, now: now)
            let instances = try store.instances()
            for instance in instances where instance.owner != owner {
                if instance.owner == "" || instance.expiresAt == nil {
                    // Lines without a live owner; an owner that only holds leases is left to their expiry.
                    if instance.pendingLogLines > 0 { pipeline.adoptLogLines(of: instance.owner, logPath: instance.logPath) }
                } else if Self.isDead(instance, now: now) {
                    pipeline.adoptLogLines(of: instance.owner, logPath: instance.logPath)
                }
            }
            // Own lines still pending when the commits before this have run: a write failed.
            if instances.first(where: { $0.owner == owner })?.pendingLogLines ?? 0 > 0 {
                pipeline.adoptLogLines(of: nil, logPath: nil)
            }
        } catch {
            logger.warning("renewing this daemon's instance lease failed; tried again soon", metadata: ["error": "\(error)"])
        }
    }

    /// Whether a registered daemon is dead: its lease ran out, or it was a process of this host.
    static func isDead(_ instance: InstanceRecord, now: Date) -> Bool {
        if !instance.isLive(at: now) { return true }
        return LeaseOwner(instance.owner)?.isDeadLocalProcess ?? false
    }
}
