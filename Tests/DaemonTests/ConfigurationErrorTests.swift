import Testing

@testable import Daemon

/// The problems `text` is refused for, one description each, as if read from `config/newsd.toml`.
private func problems(_ text: String) -> [String] {
    do {
        _ = try DaemonConfiguration.parse(text, fileName: "config/newsd.toml", baseDirectory: "/srv/newsd/config")
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

@Suite("Configuration errors")
struct ConfigurationErrorTests {
    @Test func unknownKeySuggestsTheClosestKnownOne() {
        let text = """
            [fetch]
            timeout = "30s"
            allow_privat_networks = true
            """
        #expect(
            problems(text) == [
                #"config/newsd.toml:3: unknown key "fetch.allow_privat_networks" (did you mean "allow_private_networks"?)"#
            ])
    }

    @Test func unknownKeyFarFromAnyKnownOneHasNoSuggestion() {
        #expect(problems("[storage]\ndatabase = \"x\"") == [#"config/newsd.toml:2: unknown key "storage.database""#])
    }

    @Test func unknownSection() {
        #expect(
            problems("[fetcher]\ntimeout = \"1s\"") == [
                #"config/newsd.toml:1: unknown section "fetcher" (did you mean "fetch"?)"#
            ])
        #expect(problems("[metrics]\nport = 9000") == [#"config/newsd.toml:1: unknown section "metrics""#])
    }

    @Test func keyOutsideItsSectionSaysWhereItBelongs() {
        #expect(
            problems("user_agent = \"x\"") == [
                #"config/newsd.toml:1: unknown key "user_agent" (did you mean "fetch.user_agent"? write it under [fetch])"#
            ])
        #expect(
            problems("verbose = true") == [
                #"config/newsd.toml:1: unknown key "verbose": settings go under a section such as [fetch]"#
            ])
    }

    @Test func sectionThatIsNotATable() {
        #expect(problems("workers = 4") == [#"config/newsd.toml:1: "workers" must be a section ([workers]), got 4"#])
    }

    @Test func workersCountMustBeAPositiveInteger() {
        let header = "# comment\n\n[workers]\n"
        #expect(
            problems(header + "count = \"four\"") == [
                #"config/newsd.toml:4: "workers.count" must be an integer >= 1, got "four""#
            ])
        #expect(
            problems(header + "count = 0") == [#"config/newsd.toml:4: "workers.count" must be an integer >= 1, got 0"#])
        #expect(
            problems(header + "count = 2.5") == [
                #"config/newsd.toml:4: "workers.count" must be an integer >= 1, got 2.5"#
            ])
        #expect(
            problems(header + "count = 100000") == [
                #"config/newsd.toml:4: "workers.count" must be at most 1024, got 100000"#
            ])
    }

    @Test func durationsMustBeWrittenWithUnits() {
        #expect(
            problems("[fetch]\ntimeout = 30") == [
                #"config/newsd.toml:2: "fetch.timeout": write durations like "30s", "10m" or "2h", got 30"#
            ])
        #expect(
            problems("[fetch]\nconnect_timeout = \"10 seconds\"") == [
                #"config/newsd.toml:2: "fetch.connect_timeout": write durations like "30s", "10m" or "2h", got "10 seconds""#
            ])
        #expect(
            problems("[fetch]\ntimeout = \"0s\"") == [
                #"config/newsd.toml:2: "fetch.timeout" must be longer than 0s, got "0s""#
            ])
        #expect(
            problems("[shutdown]\ndrain_timeout = \"400d\"") == [
                #"config/newsd.toml:2: "shutdown.drain_timeout" must be at most 365d, got "400d""#
            ])
    }

    @Test func feedIntervalErrorNamesTheFeedAndLine() {
        var text = ""
        for index in 0..<3 {
            text +=
                "[[feeds]]\nurl = \"https://example.org/\(index)\"\ninterval = \"\(index == 2 ? "10 minutes" : "10m")\"\n\n"
        }
        #expect(
            problems(text) == [
                #"config/newsd.toml:11: "feeds[2].interval": write durations like "30s", "10m" or "2h", got "10 minutes""#
            ])
    }

    @Test func feedIntervalBelowTheMinimumIsAnError() {
        let text = """
            [scheduler]
            min_interval = "5m"
            [[feeds]]
            url = "https://example.org/rss"
            interval = "30s"
            """
        #expect(
            problems(text) == [
                #"config/newsd.toml:5: "feeds[0].interval" is 30s, shorter than "scheduler.min_interval" (5m): raise it or lower scheduler.min_interval"#
            ])
    }

    @Test func defaultIntervalBelowTheMinimumIsAnError() {
        #expect(
            problems("[scheduler]\ndefault_interval = \"30s\"") == [
                #"config/newsd.toml:2: "scheduler.default_interval" is 30s, shorter than "scheduler.min_interval" (1m): raise it or lower scheduler.min_interval"#
            ])
        #expect(
            problems("[scheduler]\nmin_interval = \"1h\"") == [
                #"config/newsd.toml:2: "scheduler.min_interval" is 1h, longer than the default "scheduler.default_interval" (15m): set default_interval too"#
            ])
    }

    @Test func duplicateFeedsNameBothLines() {
        let text = """
            [[feeds]]
            url = "https://example.org/rss"

            [[feeds]]
            url = "https://other.example/rss"

            [[feeds]]
            url = "https://EXAMPLE.org/rss"
            """
        #expect(
            problems(text) == [
                #"config/newsd.toml:8: duplicate feed "https://EXAMPLE.org/rss": "feeds[2]" (line 8) repeats "feeds[0]" (line 2)"#
            ])
    }

    @Test func feedsNeedAValidURL() {
        let text = """
            [[feeds]]
            interval = "10m"

            [[feeds]]
            url = "ftp://example.org/rss"

            [[feeds]]
            url = "https:///no-host"

            [[feeds]]
            url = "https://exa mple.org/"

            [[feeds]]
            url = 42

            [[feeds]]
            url = "https://example.org:99999/"
            urll = "x"
            """
        #expect(
            problems(text) == [
                #"config/newsd.toml:1: "feeds[0].url" is missing: every [[feeds]] table needs a url"#,
                #"config/newsd.toml:5: "feeds[1].url" must be an http:// or https:// URL with a host, got "ftp://example.org/rss""#,
                #"config/newsd.toml:8: "feeds[2].url" must be an http:// or https:// URL with a host, got "https:///no-host""#,
                #"config/newsd.toml:11: "feeds[3].url" must be an http:// or https:// URL with a host, got "https://exa mple.org/""#,
                #"config/newsd.toml:14: "feeds[4].url" must be a string, got 42"#,
                #"config/newsd.toml:17: "feeds[5].url" must be an http:// or https:// URL with a host, got "https://example.org:99999/""#,
                #"config/newsd.toml:18: unknown key "feeds[5].urll" (did you mean "url"?)"#,
            ])
    }

    @Test func feedsMustBeAnArrayOfTables() {
        #expect(
            problems("[feeds]\nurl = \"https://example.org/rss\"") == [
                #"config/newsd.toml:1: "feeds" must be a list of tables: write [[feeds]] (two brackets) before each feed, got a table"#
            ])
        #expect(
            problems("feeds = [\"https://example.org/rss\"]") == [
                #"config/newsd.toml:1: "feeds[0]" must be a table ([[feeds]]), got "https://example.org/rss""#
            ])
    }

    @Test func tagsMustBeNonEmptyStrings() {
        let text = """
            [[feeds]]
            url = "https://example.org/rss"
            tags = "world"
            [[feeds]]
            url = "https://example.org/other"
            tags = [
              "ok",
              7,
              " ",
            ]
            """
        #expect(
            problems(text) == [
                #"config/newsd.toml:3: "feeds[0].tags" must be an array of strings, got "world""#,
                #"config/newsd.toml:8: "feeds[1].tags[1]" must be a string, got 7"#,
                #"config/newsd.toml:9: "feeds[1].tags[2]" must not be empty"#,
            ])
    }

    @Test func wrongTypesNameKeyAndLine() {
        let text = """
            [storage]
            path = 5
            [control]
            mode = 660
            [log]
            level = "verbose"
            [fetch]
            allow_private_networks = "no"
            max_redirects = -1
            max_body_size = "16MB"
            user_agent = "evil\\r\\nX-Injected: 1"
            """
        #expect(
            problems(text) == [
                #"config/newsd.toml:2: "storage.path" must be a string, got 5"#,
                #"config/newsd.toml:4: "control.mode" must be a string of octal digits such as "0660" (at most 0777), got 660"#,
                #"config/newsd.toml:6: "log.level" must be one of "debug", "info", "notice", "warning", "error", got "verbose""#,
                #"config/newsd.toml:8: "fetch.allow_private_networks" must be true or false, got "no""#,
                #"config/newsd.toml:9: "fetch.max_redirects" must be an integer from 0 to 50, got -1"#,
                #"config/newsd.toml:10: "fetch.max_body_size": write sizes like "512KiB", "16MiB" or "1GiB", or an integer of bytes, got "16MB""#,
                #"config/newsd.toml:11: "fetch.user_agent" must not contain control characters such as line breaks"#,
            ])
    }

    @Test func badPaths() {
        let text = """
            [storage]
            path = ""
            [log]
            articles = "~/articles.jsonl"
            [control]
            socket = "\(String(repeating: "s", count: 120))"
            mode = "0999"
            """
        let found = problems(text)
        #expect(found.count == 4)
        #expect(found[0] == #"config/newsd.toml:2: "storage.path" must not be empty"#)
        #expect(
            found[1].hasPrefix(#"config/newsd.toml:4: "log.articles" starts with "~", which newsd does not expand"#))
        #expect(found[2].hasPrefix(#"config/newsd.toml:6: "control.socket" resolves to"#))
        #expect(found[2].hasSuffix("Unix socket paths must be at most 107 bytes"))
        #expect(found[3].hasPrefix(#"config/newsd.toml:7: "control.mode" must be a string of octal digits"#))
    }

    @Test func allProblemsAreCollectedInLineOrder() throws {
        let text = """
            [[feeds]]
            url = "https://example.org/rss"
            interval = "soon"

            [workers]
            count = "four"

            [fetch]
            timeout = 30
            allow_privat_networks = true

            [shutdown]
            drain = "20s"
            """
        do {
            _ = try DaemonConfiguration.parse(text, fileName: "config/newsd.toml", baseDirectory: "/srv")
            Issue.record("a bad configuration was accepted")
        } catch {
            #expect(error.problems.compactMap(\.line) == [3, 6, 9, 10, 13])
            #expect(error.description.split(separator: "\n").count == 5)
            #expect(error.description.split(separator: "\n").allSatisfy { $0.hasPrefix("config/newsd.toml:") })
        }
    }

    @Test func tomlSyntaxErrorNamesFileLineAndColumn() throws {
        let text = "[fetch]\ntimeout = \"30s\"\ntimeout = \"40s\"\n"
        #expect(problems(text) == [#"config/newsd.toml:3:1: duplicate key "timeout": already defined on line 2"#])
        #expect(
            problems("[fetch\n") == [
                #"config/newsd.toml:1:7: expected "]" to close the table header, found the end of the line"#
            ])
    }
}

@Suite("Key suggestions")
struct KeySuggestionTests {
    @Test(arguments: [
        ("allow_privat_networks", "allow_private_networks"),
        ("conect_timeout", "connect_timeout"),
        ("max_body", nil),
        ("urls", "url"),
        ("xyz", nil),
    ])
    func closestKey(typo: String, expected: String?) {
        let known = ["url", "allow_private_networks", "connect_timeout", "timeout", "max_body_size"]
        #expect(KeySuggestion.closest(to: typo, among: known) == expected)
    }

    @Test func editDistance() {
        #expect(KeySuggestion.editDistance("kitten", "sitting") == 3)
        #expect(KeySuggestion.editDistance("", "abc") == 3)
        #expect(KeySuggestion.editDistance("عربي", "عربى") == 1)
    }
}
