import ArgumentParser
import Control
import Feeds
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct OPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opml", abstract: "Import and export subscriptions as OPML.", subcommands: [Import.self, Export.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe to every feed of an OPML file.",
            discussion: """
                Each outline with an xmlUrl is a feed; the folders around it become its tags (outermost first). \\
                The file is read here and sent to the daemon in batches; feeds already subscribed are left as they \\
                are. The feeds are subscribed as listed (not fetched first).
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The OPML file.", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("How often to poll the imported feeds, e.g. 10m (default: the daemon's).", valueName: "duration"))
        var interval: String?
        @Option(name: .customLong("tag"), help: ArgumentHelp("A tag for every imported feed; repeat for several.", valueName: "tag"))
        var tags: [String] = []

        /// Feeds per `opml.import` request: far below the 1 MiB line limit.
        static let batchSize = 200

        func run() throws {
            let data = try Output.readInput(file)
            let subscriptions: [OPMLSubscription]
            do {
                subscriptions = try OPML.parse(data).subscriptions
            } catch {
                Output.error("\(file): \(error.message)")
                throw ExitCode(65)
            }
            try NewsctlCommand.running {
                var client = try global.connect()
                var total = OPMLImportResult(added: 0, existing: 0, failed: [])
                let progress = isatty(STDERR_FILENO) == 1 && !global.json
                var sent = 0
                while sent < subscriptions.count {
                    let batch = subscriptions[sent..<min(sent + Self.batchSize, subscriptions.count)]
                    let params = OPMLImportParams(
                        feeds: batch.map { OPMLImportFeed(url: $0.url, title: $0.title, siteURL: $0.siteURL, tags: $0.tags) },
                        interval: interval, tags: tags.isEmpty ? nil : tags)
                    let result = try client.call(.opmlImport, params, as: OPMLImportResult.self)
                    total.added += result.added
                    total.existing += result.existing
                    total.failed += result.failed
                    sent += batch.count
                    if progress {
                        FileHandle.standardError.write(Data("\rimporting \(sent)/\(subscriptions.count) feeds…".utf8))
                    }
                }
                if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                if global.json { return try Output.json(total) }
                print("imported \(subscriptions.count) feed(s) from \(file): \(total.added) added, \(total.existing) already subscribed, \(total.failed.count) refused")
                for failure in total.failed { print("  \(failure.url): \(failure.error)") }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every subscription as an OPML file (to stdout, or -o FILE).",
            discussion: "Each feed sits in folders named by its tags, in order, so importing the file gives the same tags.")

        @OptionGroup var global: GlobalOptions
        @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let list = try client.call(.feedList, NoParams(), as: FeedListResult.self)
                let subscriptions = list.feeds.map { OPMLSubscription(url: $0.url, title: $0.title, siteURL: $0.siteURL, tags: $0.tags) }
                let text = OPML.document(title: "newsd subscriptions", subscriptions: subscriptions)
                guard let output else { return print(text, terminator: "") }
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    Output.error("cannot write \(output): \(error.localizedDescription)")
                    throw ExitCode(73)
                }
                FileHandle.standardError.write(Data("exported \(subscriptions.count) feed(s) to \(output)\n".utf8))
            }
        }
    }
}
