import Foundation

/// A feed listed in the configuration file under `[[feeds]]`.
public struct FeedEntry: Sendable, Equatable {
    /// The feed's URL as written: http or https, with a host.
    public var url: String
    /// How often to poll it, in seconds; nil means `scheduler.default_interval`.
    public var interval: TimeInterval?
    /// The operator's tags for it, in the order written.
    public var tags: [String]
    /// The line of its `url` key in the configuration file (0 for a feed not read from a file).
    public var line: Int

    /// Creates a feed entry.
    public init(url: String, interval: TimeInterval? = nil, tags: [String] = [], line: Int = 0) {
        self.url = url
        self.interval = interval
        self.tags = tags
        self.line = line
    }
}
