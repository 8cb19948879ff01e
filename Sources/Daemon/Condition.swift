import Foundation

/// A wake-up signal threads can wait on with a deadline.
///
/// Waiters read `generation` before checking their own state and pass it to `wait`, so a
/// wake-up that lands between the check and the wait is not lost.
final class Condition: @unchecked Sendable {
    // NSCondition is thread-safe; @unchecked because Foundation does not mark it Sendable.
    private let condition = NSCondition()
    private var count = 0

    /// Changes on every `wake`.
    var generation: Int {
        condition.lock()
        defer { condition.unlock() }
        return count
    }

    func wake() {
        condition.lock()
        count &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until a `wake` after `generation` was read, or until `deadline`.
    func wait(since generation: Int, until deadline: ContinuousClock.Instant) {
        condition.lock()
        defer { condition.unlock() }
        while count == generation {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return }
            let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
            if !condition.wait(until: Date(timeIntervalSinceNow: seconds)) { return }
        }
    }
}
