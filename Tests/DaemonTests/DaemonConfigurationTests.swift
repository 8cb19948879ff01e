import Foundation
import Logging
import Testing

@testable import Daemon

/// The configuration from `text`, as if read from `config/newsd.toml` in `/srv/newsd`.
private func parse(_ text: String) throws(ConfigurationError) -> DaemonConfiguration {
    try DaemonConfiguration.parse(text, fileName: "config/newsd.toml", baseDirectory: "/srv/newsd/config")
}

/// The problems `text` is refused for, one description each.
private func problems(_ text: String) -> [String] {
    do {
        _ = try parse(text)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

private let sample = """
    # newsd configuration
    [storage]
    path = "../var/newsd.sqlite"

    [control]
    socket = "../var/run/newsd.sock"
    mode = "0600"

    [log]
    articles = "../var/log/articles.jsonl"
    level = "notice"

    [fetch]
    allow_private_networks = true
    user_agent = "test-agent/1.0"
    timeout = "45s"
    connect_timeout = "5s"
    max_body_size = "512KiB"
    max_redirects = 3

    [workers]
    count = 8

    [scheduler]
    default_interval = "1h30m"
    min_interval = "2m"

    [shutdown]
    drain_timeout = "0s"

    [[feeds]]
    url = "https://www.example.org/rss.xml"
    interval = "10m"
    tags = ["world", "ar"]

    [[feeds]]
    url = "http://news.example.com/feed"
    """

@Suite("Configuration")
struct DaemonConfigurationTests {
    @Test func sampleIsReadCompletely() throws {
        let configuration = try parse(sample)
        #expect(configuration.storage.path == "/srv/newsd/var/newsd.sqlite")
        #expect(configuration.control.socket == "/srv/newsd/var/run/newsd.sock")
        #expect(configuration.control.mode == 0o600)
        #expect(configuration.log.articles == "/srv/newsd/var/log/articles.jsonl")
        #expect(configuration.log.level == .notice)
        #expect(configuration.fetch.allowPrivateNetworks)
        #expect(configuration.fetch.userAgent == "test-agent/1.0")
        #expect(configuration.fetch.timeout == 45)
        #expect(configuration.fetch.connectTimeout == 5)
        #expect(configuration.fetch.maxBodySize == 512 * 1024)
        #expect(configuration.fetch.maxRedirects == 3)
        #expect(configuration.workers.count == 8)
        #expect(configuration.scheduler.defaultInterval == 5400)
        #expect(configuration.scheduler.minInterval == 120)
        #expect(configuration.shutdown.drainTimeout == 0)
        #expect(
            configuration.feeds == [
                FeedEntry(url: "https://www.example.org/rss.xml", interval: 600, tags: ["world", "ar"], line: 32),
                FeedEntry(url: "http://news.example.com/feed", interval: nil, tags: [], line: 37),
            ])
    }

    @Test func emptyFileGivesDefaults() throws {
        let configuration = try parse("")
        #expect(configuration == DaemonConfiguration(baseDirectory: "/srv/newsd/config"))
        #expect(configuration.storage.path == "/srv/newsd/config/var/newsd.sqlite")
        #expect(configuration.control.socket == "/srv/newsd/config/var/run/newsd.sock")
        #expect(configuration.control.mode == 0o660)
        #expect(configuration.log.articles == "/srv/newsd/config/var/log/articles.jsonl")
        #expect(configuration.log.level == .info)
        #expect(!configuration.fetch.allowPrivateNetworks)
        #expect(configuration.fetch.userAgent == "newsd/0.1.0 (+https://github.com/newsd/newsd)")
        #expect(configuration.fetch.userAgent == DaemonConfiguration.defaultUserAgent)
        #expect(configuration.fetch.timeout == 30)
        #expect(configuration.fetch.connectTimeout == 10)
        #expect(configuration.fetch.maxBodySize == 16 * 1024 * 1024)
        #expect(configuration.fetch.maxRedirects == 5)
        #expect(configuration.workers.count == max(1, ProcessInfo.processInfo.activeProcessorCount))
        #expect(configuration.scheduler.defaultInterval == 900)
        #expect(configuration.scheduler.minInterval == 60)
        #expect(configuration.shutdown.drainTimeout == 20)
        #expect(configuration.feeds.isEmpty)
    }

    @Test func emptySectionsGiveDefaults() throws {
        let configuration = try parse("[storage]\n[control]\n[log]\n[fetch]\n[workers]\n[scheduler]\n[shutdown]\n")
        #expect(configuration == DaemonConfiguration(baseDirectory: "/srv/newsd/config"))
    }

    @Test func relativePathsResolveAgainstTheFilesFolder() throws {
        let configuration = try parse(
            """
            [storage]
            path = "./data/../db/./newsd.sqlite"
            [control]
            socket = "/run/newsd/control.sock"
            [log]
            articles = "../../../../../var/log/articles.jsonl"
            """)
        #expect(configuration.storage.path == "/srv/newsd/config/db/newsd.sqlite")
        #expect(configuration.control.socket == "/run/newsd/control.sock")
        #expect(configuration.log.articles == "/var/log/articles.jsonl")
    }

    @Test func relativeBaseDirectoryIsMadeAbsolute() throws {
        let configuration = try DaemonConfiguration.parse(
            "[storage]\npath = \"../var/newsd.sqlite\"", fileName: "config/newsd.toml", baseDirectory: "config")
        let checkout = FileManager.default.currentDirectoryPath
        #expect(configuration.storage.path == PathResolver.normalize(checkout + "/var/newsd.sqlite"))
        #expect(configuration.storage.path.hasPrefix("/"))
    }

    @Test func loadReadsTheFileAndResolvesAgainstItsFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-config-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/config", withIntermediateDirectories: true)
        try sample.write(toFile: root + "/config/newsd.toml", atomically: true, encoding: .utf8)

        let configuration = try DaemonConfiguration.load(contentsOf: root + "/config/newsd.toml")
        let checkout = PathResolver.normalize(root)
        #expect(configuration.storage.path == checkout + "/var/newsd.sqlite")
        #expect(configuration.control.socket == checkout + "/var/run/newsd.sock")
        #expect(configuration.log.articles == checkout + "/var/log/articles.jsonl")
        #expect(configuration.feeds.count == 2)
    }

    @Test func loadNamesTheFileInErrors() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-config-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let file = root + "/newsd.toml"
        try "[workers]\ncount = 0\n".write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try DaemonConfiguration.load(contentsOf: file)
            Issue.record("count = 0 was accepted")
        } catch {
            #expect(error.description == "\(file):2: \"workers.count\" must be an integer >= 1, got 0")
        }
    }

    @Test func missingFileIsAClearError() {
        do {
            _ = try DaemonConfiguration.load(contentsOf: "/nonexistent/newsd.toml")
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.problems.count == 1)
            #expect(
                error.description
                    == "/nonexistent/newsd.toml: cannot open the configuration file: No such file or directory")
        }
    }

    @Test func directoryIsAClearError() {
        do {
            _ = try DaemonConfiguration.load(contentsOf: "/")
            Issue.record("a directory was accepted")
        } catch {
            #expect(error.description.contains("Is a directory"))
        }
    }

    @Test func invalidUTF8IsAnErrorWithItsLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-config-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let file = root + "/newsd.toml"
        try Data("[log]\nlevel = \"".utf8 + [0xFF, 0xFE] + Data("\"\n".utf8)).write(to: URL(fileURLWithPath: file))
        do {
            _ = try DaemonConfiguration.load(contentsOf: file)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.description == "\(file):2: the configuration file is not UTF-8 text")
        }
    }

    @Test func arabicTagSurvivesIntact() throws {
        let configuration = try parse(
            """
            [[feeds]]
            url = "https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9"
            tags = ["عربي", "أخبار"]
            """)
        #expect(configuration.feeds.first?.tags == ["عربي", "أخبار"])
        #expect(configuration.feeds.first?.tags.first?.unicodeScalars.map(\.value) == [0x639, 0x631, 0x628, 0x64A])
    }

    @Test func feedsMayBeInlineTables() throws {
        let configuration = try parse(
            """
            feeds = [
              { url = "https://a.example/rss" },
              { url = "https://b.example/rss", interval = "2h" },
            ]
            """)
        #expect(configuration.feeds.map(\.url) == ["https://a.example/rss", "https://b.example/rss"])
        #expect(configuration.feeds.map(\.interval) == [nil, 7200])
    }

    @Test func sizesMayBeIntegersOfBytes() throws {
        #expect(try parse("[fetch]\nmax_body_size = 1048576").fetch.maxBodySize == 1 << 20)
        #expect(try parse("[fetch]\nmax_body_size = \"1GiB\"").fetch.maxBodySize == 1 << 30)
    }

    @Test(arguments: [
        ("\"debug\"", Logger.Level.debug), ("\"info\"", .info), ("\"notice\"", .notice), ("\"warning\"", .warning),
        ("\"error\"", .error),
    ])
    func logLevels(text: String, level: Logger.Level) throws {
        #expect(try parse("[log]\nlevel = \(text)").log.level == level)
    }

    @Test func feedURLsAcceptPortsUserInfoAndIPv6() throws {
        let configuration = try parse(
            """
            [[feeds]]
            url = "http://127.0.0.1:8080/feed.xml"
            [[feeds]]
            url = "https://user@[::1]:8443/rss?x=1#top"
            [[feeds]]
            url = "HTTPS://Example.ORG/مقالات.xml"
            """)
        #expect(configuration.feeds.count == 3)
        #expect(configuration.feeds[2].url == "HTTPS://Example.ORG/مقالات.xml")
    }
}
