import Control
import Synchronization

/// What the daemon did since it started: items processed by status, polls by result, and a
/// per-minute history of processed items for rates. Thread-safe.
final class ProcessingStatistics: Sendable {
    /// How a poll ended, for counting.
    enum PollResult: String, CaseIterable, Sendable {
        case fetched
        case notModified = "not_modified"
        case failed
    }

    private struct State {
        var processed: [ArticleLogEntry.Status: Int] = [:]
        var polls: [PollResult: Int] = [:]
        /// Items processed per minute, newest last, for the last hour.
        var minutes: [(minute: Int, count: Int)] = []
    }

    private let state = Mutex(State())
    private let startedAt = ContinuousClock.now

    func count(_ status: ArticleLogEntry.Status, at now: ContinuousClock.Instant = .now) {
        let minute = Int((now - startedAt).components.seconds / 60)
        state.withLock { state in
            state.processed[status, default: 0] += 1
            if state.minutes.last?.minute == minute {
                state.minutes[state.minutes.count - 1].count += 1
            } else {
                state.minutes.append((minute, 1))
                state.minutes.removeAll { $0.minute <= minute - 60 }
            }
        }
    }

    func countPoll(_ result: PollResult) {
        state.withLock { $0.polls[result, default: 0] += 1 }
    }

    /// Items processed, by status.
    var snapshot: [String: Int] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: ArticleLogEntry.Status.allCases.map { ($0.rawValue, state.processed[$0] ?? 0) })
        }
    }

    /// Polls, by result.
    var polls: [String: Int] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: PollResult.allCases.map { ($0.rawValue, state.polls[$0] ?? 0) })
        }
    }

    /// Items processed per minute over the last `minutes` whole minutes (fewer right after start).
    func perMinute(over minutes: Int, now: ContinuousClock.Instant = .now) -> Double {
        let elapsed = now - startedAt
        let current = Int(elapsed.components.seconds / 60)
        let window = max(1, min(minutes, current))
        let total = state.withLock { state in
            state.minutes.filter { $0.minute < current && $0.minute >= current - window }.reduce(0) { $0 + $1.count }
        }
        return current == 0 ? Double(state.withLock { $0.minutes.last?.count ?? 0 }) : Double(total) / Double(window)
    }
}
