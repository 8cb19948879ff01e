import ArgumentParser
import Control
import Foundation

struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Add, list, show, change, pause, resume, poll and remove feeds.",
        subcommands: [Add.self, List.self, Show.self, Change.self, Pause.self, Resume.self, Poll.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe to a feed; it is polled at once.",
            discussion: """
                The daemon fetches the URL first. A feed is subscribed as it is; a site's page is searched for \
                its feed (the page's <link rel="alternate"> feeds, then /feed, /rss.xml, /atom.xml, /feed.json, \
                /index.xml ...) and the first candidate that is a feed is subscribed instead. --no-check \
                subscribes to the URL without fetching it.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The feed's URL, or a site's page (http or https).") var url: String
        @Option(help: ArgumentHelp("How often to poll, e.g. 90s, 10m, 2h (default: the daemon's).", valueName: "duration"))
        var interval: String?
        @Option(name: .customLong("tag"), help: ArgumentHelp("A tag for the feed; repeat for several.", valueName: "tag"))
        var tags: [String] = []
        @Flag(help: "Subscribe without fetching the URL first (no check that it is a feed, no discovery).")
        var noCheck = false

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let feed = try client.call(
                    .feedAdd, FeedAddParams(url: url, interval: interval, tags: tags.isEmpty ? nil : tags, check: noCheck ? false : nil),
                    as: FeedInfo.self)
                if global.json { return try Output.json(feed) }
                if let page = feed.discoveredFrom {
                    print("added feed \(feed.id): \(feed.url) (found from \(page))")
                } else {
                    print("added feed \(feed.id): \(feed.url)")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List feeds with their health.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let list = try client.call(.feedList, NoParams(), as: FeedListResult.self)
                if global.json { return try Output.json(list) }
                if list.feeds.isEmpty { return print("no feeds (add one with: newsctl feed add URL)") }
                Output.table(
                    ["ID", "STATE", "ITEMS", "EVERY", "LAST POLL", "NEXT", "FEED"],
                    list.feeds.map { feed in
                        let state = feed.paused ? "paused" : feed.consecutiveFailures > 0 ? Output.color("failing", "31") : "ok"
                        let every = feed.interval.map(Output.duration) ?? "default"
                        let name = feed.title.map { "\($0) <\(feed.url)>" } ?? feed.url
                        return [String(feed.id), state, String(feed.items), every, Output.relative(feed.lastPolled), Output.relative(feed.nextPoll), name]
                    })
                for feed in list.feeds where feed.consecutiveFailures > 0 {
                    print("feed \(feed.id): \(feed.consecutiveFailures) failed poll(s), last error: \(feed.lastError ?? "?")")
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unsubscribe from a feed and delete its articles.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The feed's id or URL.", valueName: "id|url")) var feed: String

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let result = try client.call(.feedRemove, FeedReference(argument: feed), as: FeedRemoveResult.self)
                if global.json { try Output.json(result) } else { print("removed feed \(result.removed.id): \(result.removed.url)") }
            }
        }
    }

    struct Poll: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Poll a feed (or all) now instead of when due.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The feed's id or URL.", valueName: "id|url")) var feed: String?
        @Flag(help: "Poll every feed.") var all = false

        func validate() throws {
            if all == (feed != nil) { throw ValidationError("name one feed, or pass --all") }
        }

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let reference = all ? FeedReference(all: true) : FeedReference(argument: feed!)
                let result = try client.call(.feedPoll, reference, as: FeedPollResult.self)
                if global.json { try Output.json(result) } else { print("polling \(result.scheduled) feed(s) now") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one feed: settings, health and history.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The feed's id or URL.", valueName: "id|url")) var feed: String

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let result = try client.call(.feedShow, FeedReference(argument: feed), as: FeedShowResult.self)
                if global.json { return try Output.json(result) }
                let info = result.feed
                print(Output.color(info.title ?? info.url, "1"))
                var lines: [(String, String)] = [("id", String(info.id)), ("url", info.url)]
                if let site = info.siteURL { lines.append(("site", site)) }
                lines.append(("tags", info.tags.isEmpty ? "-" : info.tags.joined(separator: ", ")))
                lines.append(("origin", info.origin))
                var every = info.interval.map(Output.duration)
                    ?? result.adaptiveInterval.map { "adaptive, now \(Output.duration($0))" } ?? "default"
                if let ttl = result.ttl { every += "; the feed asks for at least \(Output.duration(ttl))" }
                lines.append(("interval", every))
                let state = info.paused ? "paused (\(info.pausedReason ?? "by the operator"))"
                    : info.consecutiveFailures > 0 ? "failing: \(info.consecutiveFailures) poll(s) in a row" : "ok"
                lines.append(("state", state))
                lines.append(("items", String(info.items)))
                lines.append(("last poll", "\(Output.relative(info.lastPolled)) (\(info.lastPolled ?? "never"))"))
                lines.append(("last success", "\(Output.relative(info.lastSuccess)) (\(info.lastSuccess ?? "never"))"))
                lines.append(("next poll", info.paused ? "-" : "\(Output.relative(info.nextPoll)) (\(info.nextPoll))"))
                if let error = info.lastError { lines.append(("last error", error)) }
                if let etag = result.etag { lines.append(("etag", etag)) }
                if let modified = result.lastModified { lines.append(("last modified", modified)) }
                for (name, value) in lines { print(name.padding(toLength: 14, withPad: " ", startingAt: 0) + value) }
                if !result.history.isEmpty {
                    print("\nhistory:")
                    for event in result.history { print("  \(event.at)  \(event.event)  \(event.detail)") }
                }
            }
        }
    }

    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a feed's interval or tags.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The feed's id or URL.", valueName: "id|url")) var feed: String
        @Option(help: ArgumentHelp("How often to poll, e.g. 10m, or \"default\" to adapt to the feed.", valueName: "duration"))
        var interval: String?
        @Option(name: .customLong("tag"), help: ArgumentHelp("The feed's tags, replacing the old; repeat for several.", valueName: "tag"))
        var tags: [String] = []
        @Flag(help: "Remove every tag.") var noTags = false

        func validate() throws {
            if interval == nil && tags.isEmpty && !noTags { throw ValidationError("give --interval, --tag or --no-tags") }
            if noTags && !tags.isEmpty { throw ValidationError("--no-tags and --tag do not go together") }
        }

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let reference = FeedReference(argument: feed)
                let params = FeedSetParams(
                    id: reference.id, url: reference.url, interval: interval, tags: noTags ? [] : (tags.isEmpty ? nil : tags))
                let info = try client.call(.feedSet, params, as: FeedInfo.self)
                if global.json { try Output.json(info) } else { print("updated feed \(info.id): \(info.url)") }
            }
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop polling a feed until it is resumed.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The feed's id or URL.", valueName: "id|url")) var feed: String

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let result = try client.call(.feedPause, FeedReference(argument: feed), as: FeedPauseResult.self)
                if global.json { return try Output.json(result) }
                print(result.changed ? "paused feed \(result.feed.id)" : "feed \(result.feed.id) was already paused")
            }
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Poll a paused feed again, at once.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The feed's id or URL.", valueName: "id|url")) var feed: String

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let result = try client.call(.feedResume, FeedReference(argument: feed), as: FeedPauseResult.self)
                if global.json { return try Output.json(result) }
                print(result.changed ? "resumed feed \(result.feed.id)" : "feed \(result.feed.id) was not paused")
            }
        }
    }
}
