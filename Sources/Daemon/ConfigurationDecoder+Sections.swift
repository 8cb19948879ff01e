import Fetch
import Logging

/// The sections of the file and their keys.
extension ConfigurationDecoder {
    /// Every section and the keys it may hold; the key names are a contract with operators.
    static let knownKeys: [(section: String, keys: [String])] = [
        ("storage", ["backend", "path", "url"]),
        ("control", ["socket", "mode", "group", "admin_users", "admin_groups", "read_users", "read_groups"]),
        ("log", ["articles", "level"]),
        (
            "fetch",
            [
                "allow_private_networks", "user_agent", "timeout", "connect_timeout", "max_body_size", "max_redirects",
                "per_host_connections", "per_host_rate", "allow_networks",
            ]
        ),
        ("workers", ["count"]),
        ("scheduler", ["default_interval", "min_interval", "max_interval"]),
        ("shutdown", ["drain_timeout"]),
        ("jobs", ["max_attempts", "lease"]),
        ("retention", ["max_age"]),
        ("feeds", ["url", "interval", "tags"]),
    ]

    /// The longest path a Unix socket may have (`sun_path` holds 108 bytes with the final NUL).
    static let maximumSocketPathLength = 107

    /// The most workers accepted; more would be a typo.
    static let maximumWorkers = 1024

    mutating func decode(_ root: TOMLTable) -> DaemonConfiguration {
        checkSections(of: root)
        var configuration = DaemonConfiguration(baseDirectory: baseDirectory)

        if let table = section(root, "storage") {
            decodeStorage(table, into: &configuration.storage)
        }
        if let table = section(root, "control") {
            if let socket = path(table, "socket", path: "control") {
                if socket.utf8.count > Self.maximumSocketPathLength {
                    report(
                        "\"control.socket\" resolves to \(TOMLValue.quoted(socket, limit: 200)), \(socket.utf8.count) bytes long; Unix socket paths must be at most \(Self.maximumSocketPathLength) bytes",
                        line: table["socket"]?.line)
                } else {
                    configuration.control.socket = socket
                }
            }
            configuration.control.mode = fileMode(table, "mode", path: "control") ?? configuration.control.mode
            configuration.control.group = string(table, "group", path: "control")?.value
            configuration.control.adminUsers = stringArray(table, "admin_users", path: "control") ?? []
            configuration.control.adminGroups = stringArray(table, "admin_groups", path: "control") ?? []
            configuration.control.readUsers = stringArray(table, "read_users", path: "control") ?? []
            configuration.control.readGroups = stringArray(table, "read_groups", path: "control") ?? []
        }
        if let table = section(root, "log") {
            configuration.log.articles = path(table, "articles", path: "log") ?? configuration.log.articles
            configuration.log.level = logLevel(table, "level", path: "log") ?? configuration.log.level
        }
        if let table = section(root, "fetch") {
            decodeFetch(table, into: &configuration.fetch)
        }
        if let table = section(root, "workers") {
            if let count = integer(table, "count", path: "workers", in: 1...Int.max) {
                if count > Self.maximumWorkers {
                    report(
                        "\"workers.count\" must be at most \(Self.maximumWorkers), got \(count)",
                        line: table["count"]?.line)
                } else {
                    configuration.workers.count = count
                }
            }
        }
        if let table = section(root, "scheduler") {
            decodeScheduler(table, into: &configuration.scheduler)
        }
        if let table = section(root, "shutdown") {
            configuration.shutdown.drainTimeout =
                duration(table, "drain_timeout", path: "shutdown", allowsZero: true)?.value
                ?? configuration.shutdown.drainTimeout
        }
        if let table = section(root, "jobs") {
            configuration.jobs.maxAttempts =
                integer(table, "max_attempts", path: "jobs", in: 1...100) ?? configuration.jobs.maxAttempts
            configuration.jobs.lease = duration(table, "lease", path: "jobs")?.value ?? configuration.jobs.lease
        }
        if let table = section(root, "retention") {
            configuration.retention.maxAge = duration(table, "max_age", path: "retention")?.value
        }
        configuration.feeds = decodeFeeds(root, minimumInterval: configuration.scheduler.minInterval)
        return configuration
    }

    /// Reports top-level keys that are not sections, and known sections that are not tables.
    private mutating func checkSections(of root: TOMLTable) {
        let sections = Self.knownKeys.map(\.section)
        for entry in root.entries where !sections.contains(entry.key) {
            let name = TOMLValue.quoted(entry.key, limit: 200)
            if case .table = entry.value.kind {
                var message = "unknown section \(name)"
                if let suggestion = KeySuggestion.closest(to: entry.key, among: sections) {
                    message += " (did you mean \(TOMLValue.quoted(suggestion))?)"
                }
                report(message, line: entry.keyLine)
            } else if let home = Self.knownKeys.first(where: { $0.section != "feeds" && $0.keys.contains(entry.key) }) {
                report(
                    "unknown key \(name) (did you mean \(TOMLValue.quoted("\(home.section).\(entry.key)"))? write it under [\(home.section)])",
                    line: entry.keyLine)
            } else {
                report("unknown key \(name): settings go under a section such as [fetch]", line: entry.keyLine)
            }
        }
    }

    /// The table of a known section, with its unknown keys reported; nil if absent or not a table.
    private mutating func section(_ root: TOMLTable, _ name: String) -> TOMLTable? {
        guard let value = root[name] else { return nil }
        guard case .table(let table) = value.kind else {
            report("\"\(name)\" must be a section ([\(name)]), got \(value.summary)", line: value.line)
            return nil
        }
        checkKeys(of: table, path: name, known: Self.knownKeys.first { $0.section == name }?.keys ?? [])
        return table
    }

    private mutating func decodeFetch(_ table: TOMLTable, into fetch: inout DaemonConfiguration.Fetch) {
        fetch.allowPrivateNetworks = bool(table, "allow_private_networks", path: "fetch") ?? fetch.allowPrivateNetworks
        if let (agent, line) = string(table, "user_agent", path: "fetch") {
            if agent.trimmingCharacters(in: .whitespaces).isEmpty {
                report("\"fetch.user_agent\" must not be empty", line: line)
            } else if agent.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                report("\"fetch.user_agent\" must not contain control characters such as line breaks", line: line)
            } else {
                fetch.userAgent = agent
            }
        }
        fetch.timeout = duration(table, "timeout", path: "fetch")?.value ?? fetch.timeout
        fetch.connectTimeout = duration(table, "connect_timeout", path: "fetch")?.value ?? fetch.connectTimeout
        fetch.maxBodySize = byteSize(table, "max_body_size", path: "fetch") ?? fetch.maxBodySize
        fetch.maxRedirects = integer(table, "max_redirects", path: "fetch", in: 0...50) ?? fetch.maxRedirects
        fetch.perHostConnections =
            integer(table, "per_host_connections", path: "fetch", in: 1...64) ?? fetch.perHostConnections
        if let value = table["per_host_rate"] {
            let rate: Double? = switch value.kind {
            case .integer(let number): Double(number)
            case .float(let number): number
            default: nil
            }
            if let rate, rate >= 0, rate.isFinite {
                fetch.perHostRate = rate == 0 ? nil : rate
            } else {
                report("\"fetch.per_host_rate\" must be a number of requests per second >= 0 (0: no limit), got \(value.summary)", line: value.line)
            }
        }
        if let networks = stringArray(table, "allow_networks", path: "fetch") {
            var parsed: [IPNetwork] = []
            for (index, text) in networks.enumerated() {
                if let network = IPNetwork(text.trimmingCharacters(in: .whitespaces)) {
                    parsed.append(network)
                } else {
                    let line = table["allow_networks"]?.arrayValue?[index].line ?? table["allow_networks"]?.line
                    report("\"fetch.allow_networks[\(index)]\" must be an address or a network such as \"10.1.0.0/16\", got \(TOMLValue.quoted(text))", line: line)
                }
            }
            fetch.allowNetworks = parsed
        }
    }

    private mutating func decodeScheduler(_ table: TOMLTable, into scheduler: inout DaemonConfiguration.Scheduler) {
        let minimum = duration(table, "min_interval", path: "scheduler")
        scheduler.minInterval = minimum?.value ?? scheduler.minInterval
        if let (maximum, line) = duration(table, "max_interval", path: "scheduler") {
            if maximum < scheduler.minInterval {
                report(
                    "\"scheduler.max_interval\" is \(DurationParser.format(maximum)), shorter than \"scheduler.min_interval\" (\(DurationParser.format(scheduler.minInterval)))",
                    line: line)
            } else {
                scheduler.maxInterval = maximum
            }
        }
        if let (interval, line) = duration(table, "default_interval", path: "scheduler") {
            if interval < scheduler.minInterval {
                report(
                    "\"scheduler.default_interval\" is \(DurationParser.format(interval)), shorter than \"scheduler.min_interval\" (\(DurationParser.format(scheduler.minInterval))): raise it or lower scheduler.min_interval",
                    line: line)
            } else {
                scheduler.defaultInterval = interval
            }
        } else if table["default_interval"] == nil, scheduler.defaultInterval < scheduler.minInterval, let minimum {
            report(
                "\"scheduler.min_interval\" is \(DurationParser.format(minimum.value)), longer than the default \"scheduler.default_interval\" (\(DurationParser.format(scheduler.defaultInterval))): set default_interval too",
                line: minimum.line)
        }
    }

    /// A file mode written as a string of octal digits, such as `"0660"`.
    private mutating func fileMode(_ table: TOMLTable, _ key: String, path: String) -> UInt32? {
        guard let value = table[key] else { return nil }
        let octalDigits = "01234567"
        guard case .string(let text) = value.kind, (1...4).contains(text.count), text.allSatisfy(octalDigits.contains),
            let mode = UInt32(text, radix: 8), mode <= 0o777
        else {
            report(
                "\(Self.name(path, key)) must be a string of octal digits such as \"0660\" (at most 0777), got \(value.summary)",
                line: value.line)
            return nil
        }
        return mode
    }

    private static let logLevels: [(name: String, level: Logger.Level)] = [
        ("debug", .debug), ("info", .info), ("notice", .notice), ("warning", .warning), ("error", .error),
    ]

    private mutating func logLevel(_ table: TOMLTable, _ key: String, path: String) -> Logger.Level? {
        guard let value = table[key] else { return nil }
        guard case .string(let text) = value.kind, let match = Self.logLevels.first(where: { $0.name == text }) else {
            let names = Self.logLevels.map { TOMLValue.quoted($0.name) }.joined(separator: ", ")
            report("\(Self.name(path, key)) must be one of \(names), got \(value.summary)", line: value.line)
            return nil
        }
        return match.level
    }
}
