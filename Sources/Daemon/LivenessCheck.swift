import Store

/// Whether the daemon is alive enough to pet systemd's watchdog: the feed scheduler still
/// ticks, the database answers a read, and article jobs in flight still finish.
///
/// The check runs the read itself, so a database that blocks every reader (a wedged lock)
/// blocks the check too and no ping goes out, which is what the watchdog is for.
struct LivenessCheck: Sendable {
    /// How long each part may stand still before the daemon counts as hung.
    struct Limits: Sendable, Equatable {
        /// The scheduler ticks every second.
        var schedulerStall: Double = 30
        /// Jobs in flight with none finishing; longer than a page transfer may take.
        var workerStall: Duration = .seconds(120)

        /// Limits for a fetcher whose transfers take at most `fetchTimeout` plus
        /// `connectTimeout` seconds: jobs may wait for a connection slot behind others.
        static func forFetching(timeout: Double, connectTimeout: Double) -> Limits {
            let transfer = Int64((timeout + connectTimeout).rounded(.up))
            return Limits(workerStall: .seconds(max(120, 4 * transfer)))
        }
    }

    let store: any NewsStore
    let scheduler: FeedScheduler
    let pipeline: ArticlePipeline
    let limits: Limits

    /// Nil when the daemon is alive, else what is wrong (for the log and `STATUS=`).
    func failure() -> String? {
        let sinceTick = scheduler.secondsSinceLastTick
        if sinceTick > limits.schedulerStall {
            return "the feed scheduler has not run for \(Int(sinceTick)) s"
        }
        do {
            // A primary-key lookup: the cheapest read the store offers, and it needs the
            // database's read lock like every other read.
            _ = try store.feed(id: 0)
        } catch {
            return "the database does not answer: \(error)"
        }
        let stalled = pipeline.stalledFor
        if stalled > limits.workerStall {
            return "article jobs in flight have not progressed for \(stalled.components.seconds) s"
        }
        return nil
    }
}
