import Foundation

/// `[[feeds]]`: the feeds listed in the file.
extension ConfigurationDecoder {
    /// Reads every `[[feeds]]` table; reports missing and invalid URLs, intervals below
    /// `minimumInterval`, and URLs listed twice.
    mutating func decodeFeeds(_ root: TOMLTable, minimumInterval: TimeInterval) -> [FeedEntry] {
        guard let value = root["feeds"] else { return [] }
        guard case .array(let elements) = value.kind else {
            report(
                "\"feeds\" must be a list of tables: write [[feeds]] (two brackets) before each feed, got \(value.summary)",
                line: value.line)
            return []
        }
        var feeds: [FeedEntry] = []
        var firstByURL: [String: (index: Int, line: Int)] = [:]
        for (index, element) in elements.enumerated() {
            let path = "feeds[\(index)]"
            guard case .table(let table) = element.kind else {
                report("\"\(path)\" must be a table ([[feeds]]), got \(element.summary)", line: element.line)
                continue
            }
            checkKeys(of: table, path: path, known: Self.knownKeys.first { $0.section == "feeds" }?.keys ?? [])
            let interval = duration(table, "interval", path: path)
            if let interval, interval.value < minimumInterval {
                report(
                    "\"\(path).interval\" is \(DurationParser.format(interval.value)), shorter than \"scheduler.min_interval\" (\(DurationParser.format(minimumInterval))): raise it or lower scheduler.min_interval",
                    line: interval.line)
            }
            let tags = stringArray(table, "tags", path: path) ?? []
            guard table["url"] != nil else {
                report("\"\(path).url\" is missing: every [[feeds]] table needs a url", line: element.line)
                continue
            }
            guard let (url, line) = string(table, "url", path: path) else { continue }
            guard let identity = Self.feedIdentity(url) else {
                report(
                    "\"\(path).url\" must be an http:// or https:// URL with a host, got \(TOMLValue.quoted(url))",
                    line: line)
                continue
            }
            if let first = firstByURL[identity] {
                report(
                    "duplicate feed \(TOMLValue.quoted(url, limit: 200)): \"\(path)\" (line \(line)) repeats \"feeds[\(first.index)]\" (line \(first.line))",
                    line: line)
                continue
            }
            firstByURL[identity] = (index, line)
            feeds.append(FeedEntry(url: url, interval: interval?.value, tags: tags, line: line))
        }
        return feeds
    }

    /// A key that is equal for URLs naming the same feed (scheme and host compared without case),
    /// or nil if `url` is not an http(s) URL with a host.
    static func feedIdentity(_ url: String) -> String? {
        guard
            !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }),
            let separator = url.range(of: "://")
        else { return nil }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var hostAndPort = rest[..<authorityEnd]
        if let at = hostAndPort.lastIndex(of: "@") {
            hostAndPort = hostAndPort[hostAndPort.index(after: at)...]
        }
        var host = hostAndPort
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return nil }
            host = hostAndPort[...close]
            let afterHost = hostAndPort[hostAndPort.index(after: close)...]
            guard afterHost.isEmpty || isPort(afterHost.dropFirst()) && afterHost.hasPrefix(":") else { return nil }
        } else if let colon = hostAndPort.firstIndex(of: ":") {
            host = hostAndPort[..<colon]
            guard isPort(hostAndPort[hostAndPort.index(after: colon)...]) else { return nil }
        }
        guard !host.isEmpty, host != "[]" else { return nil }
        return scheme + "://" + hostAndPort.lowercased() + rest[authorityEnd...]
    }

    private static func isPort(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text)
        else {
            return false
        }
        return (1...65535).contains(port)
    }
}
