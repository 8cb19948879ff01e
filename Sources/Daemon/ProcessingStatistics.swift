import Control
import Synchronization

/// Counts of items processed since the daemon started, by status.
final class ProcessingStatistics: Sendable {
    private let counts = Mutex([ArticleLogEntry.Status: Int]())

    func count(_ status: ArticleLogEntry.Status) {
        counts.withLock { $0[status, default: 0] += 1 }
    }

    var snapshot: [String: Int] {
        counts.withLock { counts in
            Dictionary(uniqueKeysWithValues: ArticleLogEntry.Status.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
        }
    }
}
