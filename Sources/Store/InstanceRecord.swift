import Foundation

/// A daemon working on the database, as the database knows it: its instance lease (renewed
/// while it runs) and what it holds. Owners that hold leases or outbox lines without an
/// instance lease (a daemon killed before registering) are listed too, with no lease times.
public struct InstanceRecord: Sendable, Equatable {
    /// The owner name the daemon leases under (`host:pid:nonce`).
    public var owner: String
    public var startedAt: Date?
    /// When the daemon last renewed its instance lease, and until when the lease runs.
    public var renewedAt: Date?
    public var expiresAt: Date?
    /// Where the daemon writes its article log, on its own host.
    public var logPath: String?
    /// Feeds it holds a poll lease on, and jobs it has leased (expired leases included, until
    /// another daemon takes them).
    public var leasedFeeds: Int
    public var leasedJobs: Int
    /// Article-log lines committed for it and not yet confirmed as written.
    public var pendingLogLines: Int

    public init(
        owner: String, startedAt: Date? = nil, renewedAt: Date? = nil, expiresAt: Date? = nil, logPath: String? = nil,
        leasedFeeds: Int = 0, leasedJobs: Int = 0, pendingLogLines: Int = 0
    ) {
        self.owner = owner
        self.startedAt = startedAt
        self.renewedAt = renewedAt
        self.expiresAt = expiresAt
        self.logPath = logPath
        self.leasedFeeds = leasedFeeds
        self.leasedJobs = leasedJobs
        self.pendingLogLines = pendingLogLines
    }

    /// Whether its instance lease runs at `now` (false for an owner that never registered).
    public func isLive(at now: Date) -> Bool {
        expiresAt.map { $0 > now } ?? false
    }
}

extension [InstanceRecord] {
    /// Merges per-owner counts into the registered instances: one record per owner, by owner.
    static func merging(
        registered: [InstanceRecord], feeds: [String: Int], jobs: [String: Int], lines: [String: Int]
    ) -> [InstanceRecord] {
        var byOwner = Dictionary(registered.map { ($0.owner, $0) }, uniquingKeysWith: { first, _ in first })
        for (owner, count) in feeds { byOwner[owner, default: InstanceRecord(owner: owner)].leasedFeeds = count }
        for (owner, count) in jobs { byOwner[owner, default: InstanceRecord(owner: owner)].leasedJobs = count }
        for (owner, count) in lines { byOwner[owner, default: InstanceRecord(owner: owner)].pendingLogLines = count }
        return byOwner.values.sorted { $0.owner < $1.owner }
    }
}
