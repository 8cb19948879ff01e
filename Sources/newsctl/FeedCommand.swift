import ArgumentParser
import Control
import Foundation

struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Add, list, remove and poll feeds.",
        subcommands: [Add.self, List.self, Remove.self, Poll.self])

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
}
