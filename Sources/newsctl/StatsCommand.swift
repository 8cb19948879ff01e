import ArgumentParser
import Control
import Foundation

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show counts, queue depths and health.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try NewsctlCommand.running {
            var client = try global.connect()
            let stats = try client.call(.stats, NoParams(), as: StatsResult.self)
            if global.json { return try Output.json(stats) }
            func count(_ values: [String: Int], _ keys: [String]) -> String {
                keys.map { "\($0) \(values[$0] ?? 0)" }.joined(separator: ", ")
            }
            print("newsd \(stats.version), up \(Output.duration(Double(stats.uptimeSeconds)))")
            print("feeds      \(stats.feeds) (\(stats.failingFeeds) failing, \(stats.pausedFeeds) paused)")
            print("articles   \(stats.articles) stored from \(stats.items) items")
            print("jobs       \(count(stats.jobs, ["queued", "leased", "done", "dead"]))")
            print("processed  \(count(stats.processed, ["new", "duplicate", "updated", "failed"])) since start")
            print("rate       \(String(format: "%.1f", stats.ratePerMinute1m))/min last minute, \(String(format: "%.1f", stats.ratePerMinute15m))/min last 15")
            print("polls      \(count(stats.polls, ["fetched", "not_modified", "failed"])) since start")
            print("workers    \(stats.workers), \(stats.inFlight) jobs in flight")
            for instance in stats.instances {
                var state = instance.live ? "live" : "not live"
                if instance.answering { state += ", answering" }
                if let renewed = instance.renewed { state += ", renewed \(renewed)" }
                print(
                    "instance   \(instance.name) (\(state)): \(instance.leasedFeeds) feeds and \(instance.leasedJobs) jobs leased, "
                        + "\(instance.pendingLogLines) log lines pending")
            }
            for feed in stats.failing {
                print("failing    feed \(feed.id) (\(feed.failures) in a row): \(feed.url): \(feed.lastError ?? "?")")
            }
        }
    }
}
