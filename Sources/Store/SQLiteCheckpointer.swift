import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log into the database file every `interval`, on a queue and a
/// connection of its own (a passive checkpoint: it never waits for, nor holds up, the writer).
///
/// SQLite's automatic checkpoint ran in whichever transaction crossed the threshold, so the
/// article committer, the pipeline's one serial stage, also wrote back every page the WAL held
/// (40% of the pages it wrote at 3,000 farm feeds) and waited for the database file's fsync.
/// The automatic checkpoint stays, at a size the store's writer reaches only if this falls
/// behind (`SQLiteStore.fallbackCheckpointPages`).
///
/// `@unchecked Sendable`: the timer (a dispatch source, safe to cancel from any thread) is set
/// up once in `init`; `stopped` makes `stop` run once.
final class SQLiteCheckpointer: @unchecked Sendable {
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "newsd.sqlite.checkpoint", qos: .utility)
    private let timer: DispatchSourceTimer
    private let stopped = Mutex(false)

    init(path: String, interval: TimeInterval) throws {
        var configuration = Configuration()
        configuration.label = "newsd.checkpoint"
        configuration.busyMode = .timeout(10)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { [connection] in
            // A failure (I/O) leaves the log to the writer's automatic checkpoint.
            _ = try? connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Stops the checkpoints, waiting for one under way, and closes the connection.
    func stop() {
        guard !stopped.withLock({ stopped in defer { stopped = true }; return stopped }) else { return }
        timer.cancel()
        queue.sync {}
        try? connection.close()
    }
}
