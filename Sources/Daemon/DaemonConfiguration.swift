import Fetch
import Foundation
import Logging
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The daemon's configuration, read from one TOML file (`config/newsd.toml` is the sample).
///
/// Every section and key is optional but a feed's `url`. Paths are absolute: relative ones in the
/// file are resolved against the file's folder. Durations are in seconds, sizes in bytes.
public struct DaemonConfiguration: Sendable, Equatable {
    /// `[storage]`: which database, and where it lives.
    public struct Storage: Sendable, Equatable {
        /// The database engines newsd can keep its store in.
        public enum Backend: String, Sendable, Equatable, CaseIterable {
            /// One embedded file (the default): one daemon per database.
            case sqlite
            /// A PostgreSQL server several daemons can share.
            case postgres
        }

        /// `backend`: `"sqlite"` (default) or `"postgres"`.
        public var backend: Backend = .sqlite
        /// `path`: the SQLite database file. Default `var/newsd.sqlite`; unused with postgres.
        public var path: String
        /// `url`: the PostgreSQL database, `postgresql://user@host:5432/newsd` (anything libpq
        /// reads in a URI; a password is better kept in `~/.pgpass` or `PGPASSWORD`). Required
        /// with postgres, refused with sqlite.
        public var url: String?

        /// Where the store is, for logs and `--check-config`: the file, or the server with any
        /// password hidden.
        public var location: String {
            switch backend {
            case .sqlite: path
            case .postgres: url.map(PostgresStore.redacted) ?? "postgresql (no url)"
            }
        }
    }

    /// `[control]`: the control socket.
    public struct Control: Sendable, Equatable {
        /// `socket`: the Unix socket's path. Default `var/run/newsd.sock`.
        public var socket: String
        /// `mode`: the socket file's permission bits, written as octal digits (`"0660"`). Default 0o660.
        public var mode: UInt32
        /// `group`: the group the socket file belongs to (name or number); default the daemon's.
        public var group: String?
        /// `admin_users`, `admin_groups`: who may change things (names or numbers). root and the
        /// daemon's own user always may.
        public var adminUsers: [String]
        public var adminGroups: [String]
        /// `read_users`, `read_groups`: who may only look (tail, stats, list, show, search).
        /// When no list is given at all, members of the socket's group may look.
        public var readUsers: [String]
        public var readGroups: [String]
    }

    /// `[log]`: the processed-article log and the level of diagnostics.
    public struct Log: Sendable, Equatable {
        /// `articles`: the JSON Lines file of processed articles. Default `var/log/articles.jsonl`.
        public var articles: String
        /// `level`: the lowest level of diagnostics written to stderr: debug, info, notice, warning
        /// or error. Default info.
        public var level: Logger.Level
    }

    /// `[fetch]`: how feeds and pages are downloaded.
    public struct Fetch: Sendable, Equatable {
        /// `allow_private_networks`: whether URLs may resolve to loopback, private or link-local
        /// addresses. Default false.
        public var allowPrivateNetworks: Bool
        /// `user_agent`. Default `DaemonConfiguration.defaultUserAgent`.
        public var userAgent: String
        /// `timeout`: the longest one transfer may take, in seconds. Default 30.
        public var timeout: TimeInterval
        /// `connect_timeout`: the longest connecting may take, in seconds. Default 10.
        public var connectTimeout: TimeInterval
        /// `max_body_size`: the largest response body accepted, in bytes. Default 16 MiB.
        public var maxBodySize: Int
        /// `max_redirects`: how many redirects to follow. Default 5.
        public var maxRedirects: Int
        /// `per_host_connections`: connections open to one host at once. Default 6.
        public var perHostConnections: Int
        /// `per_host_rate`: requests started per second to one host (bursts of twice that); nil
        /// (written 0) for no limit. Default 5.
        public var perHostRate: Double?
        /// `allow_networks`: non-public networks fetching may reach although
        /// `allow_private_networks` is false, e.g. `["10.1.0.0/16", "192.168.1.5"]`.
        public var allowNetworks: [IPNetwork]
    }

    /// `[workers]`: the worker pool.
    public struct Workers: Sendable, Equatable {
        /// `count`: how many feeds are processed at once. Default: the number of CPUs.
        public var count: Int
    }

    /// `[scheduler]`: how often feeds are polled.
    public struct Scheduler: Sendable, Equatable {
        /// `default_interval`: for feeds without their own, in seconds. Default 15 minutes.
        public var defaultInterval: TimeInterval
        /// `min_interval`: the shortest interval allowed, in seconds. Default 1 minute.
        public var minInterval: TimeInterval
        /// `max_interval`: the longest a feed waits between polls, however rarely it publishes
        /// (feeds without an interval of their own adapt to how often they publish). Default 1 day.
        public var maxInterval: TimeInterval
    }

    /// `[shutdown]`: graceful shutdown.
    public struct Shutdown: Sendable, Equatable {
        /// `drain_timeout`: how long SIGTERM waits for work in flight, in seconds. Default 20.
        public var drainTimeout: TimeInterval
    }

    /// `[jobs]`: the durable queue of article jobs.
    public struct Jobs: Sendable, Equatable {
        /// `max_attempts`: tries before a job is dead (kept with its last error). Default 3.
        public var maxAttempts: Int
        /// `lease`: how long a daemon owns a job it works on, or a feed it polls, before another process
        /// may take it over. Default 5m.
        public var lease: TimeInterval
    }

    /// `[retention]`: how long articles are kept.
    public struct Retention: Sendable, Equatable {
        /// `max_age`: articles fetched longer ago are pruned (a tombstone keeps them from coming back
        /// as new). Default: kept for ever.
        public var maxAge: TimeInterval?
    }

    /// The User-Agent sent when the file does not set `fetch.user_agent`.
    public static let defaultUserAgent = "newsd/\(newsdVersion) (+https://github.com/newsd/newsd)"

    /// `[storage]`.
    public var storage: Storage
    /// `[control]`.
    public var control: Control
    /// `[log]`.
    public var log: Log
    /// `[fetch]`.
    public var fetch: Fetch
    /// `[workers]`.
    public var workers: Workers
    /// `[scheduler]`.
    public var scheduler: Scheduler
    /// `[shutdown]`.
    public var shutdown: Shutdown
    /// `[jobs]`.
    public var jobs: Jobs
    /// `[retention]`.
    public var retention: Retention
    /// `[[feeds]]`, in file order.
    public var feeds: [FeedEntry]

    /// The configuration of an empty file: all defaults, with paths resolved against `baseDirectory`
    /// (made absolute against the current directory if it is relative).
    public init(baseDirectory: String) {
        storage = Storage(path: PathResolver.resolve("var/newsd.sqlite", against: baseDirectory))
        control = Control(
            socket: PathResolver.resolve("var/run/newsd.sock", against: baseDirectory), mode: 0o660, group: nil,
            adminUsers: [], adminGroups: [], readUsers: [], readGroups: [])
        log = Log(articles: PathResolver.resolve("var/log/articles.jsonl", against: baseDirectory), level: .info)
        fetch = Fetch(
            allowPrivateNetworks: false, userAgent: Self.defaultUserAgent, timeout: 30, connectTimeout: 10,
            maxBodySize: 16 << 20, maxRedirects: 5, perHostConnections: 6, perHostRate: 5, allowNetworks: [])
        workers = Workers(count: max(1, ProcessInfo.processInfo.activeProcessorCount))
        scheduler = Scheduler(defaultInterval: 15 * 60, minInterval: 60, maxInterval: 86_400)
        shutdown = Shutdown(drainTimeout: 20)
        jobs = Jobs(maxAttempts: 3, lease: 300)
        retention = Retention(maxAge: nil)
        feeds = []
    }

    /// Reads the configuration file at `path`.
    ///
    /// Relative paths in it are resolved against the file's folder; messages name the file as
    /// `path` is written.
    /// - Throws: `ConfigurationError` listing every problem found, or why the file cannot be read.
    public static func load(contentsOf path: String) throws(ConfigurationError) -> DaemonConfiguration {
        let text = try readFile(path)
        return try parse(text, fileName: path, baseDirectory: PathResolver.directory(of: path))
    }

    /// Parses configuration text.
    /// - Parameters:
    ///   - text: the TOML document.
    ///   - fileName: how messages name the file.
    ///   - baseDirectory: the folder relative paths are resolved against.
    /// - Throws: `ConfigurationError` listing every problem found (a TOML syntax error stops at
    ///   the first).
    public static func parse(_ text: String, fileName: String, baseDirectory: String) throws(ConfigurationError)
        -> DaemonConfiguration
    {
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(text)
        } catch {
            throw ConfigurationError(problems: [
                .init(fileName: fileName, line: error.line, column: error.column, message: error.message)
            ])
        }
        var decoder = ConfigurationDecoder(fileName: fileName, baseDirectory: PathResolver.absolute(baseDirectory))
        let configuration = decoder.decode(root)
        guard decoder.problems.isEmpty else { throw ConfigurationError(problems: decoder.problems) }
        return configuration
    }

    /// The largest configuration file read; anything bigger is surely the wrong file.
    static let maximumFileSize = 4 << 20

    /// Reads a whole file as UTF-8 text.
    private static func readFile(_ path: String) throws(ConfigurationError) -> String {
        func failure(_ message: String, line: Int? = nil) -> ConfigurationError {
            ConfigurationError(problems: [.init(fileName: path, line: line, message: message)])
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw failure("cannot open the configuration file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read the configuration file: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            guard bytes.count <= maximumFileSize else {
                throw failure("the configuration file is larger than 4 MiB; is it the right file?")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw failure("the configuration file is not UTF-8 text", line: firstInvalidUTF8Line(bytes))
        }
        return text
    }

    /// The line of the first byte that is not valid UTF-8.
    private static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1 }
            case .emptyInput, .error:
                return line
            }
        }
    }
}
