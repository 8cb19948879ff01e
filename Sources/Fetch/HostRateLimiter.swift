/// Token buckets, one per host: at most `rate` requests a second to a host, with bursts of
/// `burst`. Used only on the fetcher thread.
struct HostRateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let rate: Double
    let burst: Double
    private var buckets: [String: Bucket] = [:]

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    /// Takes a token for `host` if one is there; otherwise returns how long until one is.
    mutating func take(_ host: String, now: ContinuousClock.Instant = .now) -> Duration? {
        var bucket = buckets[host] ?? Bucket(tokens: burst, updated: now)
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(burst, bucket.tokens + seconds * rate)
        bucket.updated = now
        defer { buckets[host] = bucket.tokens >= burst ? nil : bucket }  // full buckets need no memory
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        return .milliseconds(Int(((1 - bucket.tokens) / rate * 1000).rounded(.up)))
    }
}
