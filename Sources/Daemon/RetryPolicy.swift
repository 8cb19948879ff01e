import Foundation

/// When to try again after a failure: exponential backoff with jitter, capped.
struct RetryPolicy: Sendable {
    var base: TimeInterval
    var cap: TimeInterval
    /// Attempts in all, the first included; nil retries forever (feeds are never given up on).
    var maxAttempts: Int?

    /// Article jobs: 30 s, 2 min, 8 min … (at most an hour) until `attempts` are spent, then dead.
    static func articleJobs(attempts: Int) -> RetryPolicy {
        RetryPolicy(base: 30, cap: 3600, maxAttempts: attempts)
    }
    /// Feed polls: 1 min, four times longer after each failure, up to 6 h, for ever.
    static let feedPolls = RetryPolicy(base: 60, cap: 6 * 3600, maxAttempts: nil)

    /// The delay after the `failures`-th consecutive failure (1-based), or nil when no attempt is left.
    func delay(afterFailure failures: Int, jitter: Double = Double.random(in: 0.9...1.1)) -> TimeInterval? {
        if let maxAttempts, failures >= maxAttempts { return nil }
        let exponent = min(max(failures - 1, 0), 30)
        let raw = base * pow(4, Double(exponent))
        return min(cap, raw) * jitter
    }
}
