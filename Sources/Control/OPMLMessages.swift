/// One feed of an `opml.import` batch.
public struct OPMLImportFeed: Sendable, Codable, Equatable {
    public var url: String
    public var title: String?
    public var siteURL: String?
    /// The OPML folders around the feed, outermost first.
    public var tags: [String]?

    public init(url: String, title: String? = nil, siteURL: String? = nil, tags: [String]? = nil) {
        self.url = url
        self.title = title
        self.siteURL = siteURL
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case url, title, tags
        case siteURL = "site_url"
    }
}

/// `opml.import` params: a batch of feeds (the client parses the file and sends it in
/// batches, so no message nears the line limit).
public struct OPMLImportParams: Sendable, Codable, Equatable {
    public var feeds: [OPMLImportFeed]
    /// A duration such as "90s", "10m" or "2h" for every feed; the daemon's default when absent.
    public var interval: String?
    /// Tags added to every feed of the batch, after its own.
    public var tags: [String]?

    public init(feeds: [OPMLImportFeed], interval: String? = nil, tags: [String]? = nil) {
        self.feeds = feeds
        self.interval = interval
        self.tags = tags
    }
}

/// A feed of an `opml.import` batch that was not subscribed, and why.
public struct OPMLImportFailure: Sendable, Codable, Equatable {
    public var url: String
    public var error: String

    public init(url: String, error: String) {
        self.url = url
        self.error = error
    }
}

/// `opml.import` result.
public struct OPMLImportResult: Sendable, Codable, Equatable {
    /// Feeds subscribed now.
    public var added: Int
    /// Feeds already subscribed (left as they were).
    public var existing: Int
    /// Feeds refused (not an http or https URL, ...), with the reason.
    public var failed: [OPMLImportFailure]

    public init(added: Int, existing: Int, failed: [OPMLImportFailure]) {
        self.added = added
        self.existing = existing
        self.failed = failed
    }
}
