import ArgumentParser
import Control
import Foundation

struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Show processed articles: the latest, and with -f every new one as it happens.",
        discussion: "Readable, coloured lines on a terminal; JSON lines (as in the article log) when the output goes to a pipe or a file, or with --json. --text forces the readable form.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .shortAndLong, help: "Keep streaming new articles.") var follow = false
    @Option(name: [.short, .long], help: "How many recent articles to show first.") var last = 10
    @Option(help: ArgumentHelp("Only this feed (id or URL).", valueName: "id|url")) var feed: String?
    @Option(help: ArgumentHelp("Only feeds with this tag.", valueName: "tag")) var tag: String?
    @Flag(help: "Readable lines even when not on a terminal.") var text = false
    @Option(help: ArgumentHelp("Only this language, e.g. ar.", valueName: "code")) var lang: String?
    @Option(help: ArgumentHelp("Only this status: new, duplicate, updated, failed.", valueName: "status")) var status: String?

    func validate() throws {
        if let status, ArticleLogEntry.Status(rawValue: status) == nil {
            throw ValidationError("--status must be one of new, duplicate, updated, failed")
        }
        if last < 0 { throw ValidationError("--last must be 0 or more") }
    }

    func run() throws {
        try NewsctlCommand.running {
            var client = try global.connect()
            let params = TailParams(
                follow: follow, last: last, feed: feed, tag: tag, lang: lang, status: status.flatMap(ArticleLogEntry.Status.init))
            let id = try client.send(.tail, params)
            while true {
                switch try client.receive() {
                case .notification(let message) where message.method == tailEventMethod:
                    guard let params = message.params, let entry = try? ControlCoding.decode(ArticleLogEntry.self, from: params) else { continue }
                    try show(entry)
                case .notification(let message) where message.method == tailSkippedMethod:
                    let skipped = message.params.flatMap { try? ControlCoding.decode(TailSkipped.self, from: $0) }
                    Output.error("skipped \(skipped?.skipped ?? 0) article(s): reading too slowly")
                case .notification:
                    continue
                case .response(let response) where response.id == .number(id) || response.id == nil:
                    if let error = response.error { throw ControlClient.Failure.refused(error) }
                    if !follow { return }
                case .response:
                    continue
                }
            }
        }
    }

    private func show(_ entry: ArticleLogEntry) throws {
        if global.json || (!Output.isTerminal && !text) { return try Output.json(entry) }
        let time = entry.ts.split(separator: "T").last.map { String($0.prefix(8)) } ?? entry.ts
        let colors: [ArticleLogEntry.Status: String] = [.new: "32", .duplicate: "33", .updated: "36", .failed: "31"]
        let status = Output.color(entry.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0), colors[entry.status] ?? "0")
        var line = "\(time) \(status)"
        line += entry.articleID.map { "#\($0)" } ?? "-"
        line += " [\(entry.lang ?? "??")] \(entry.words)w \(entry.ms)ms  \(entry.title ?? "(untitled)")"
        if let duplicateOf = entry.duplicateOf { line += "  = #\(duplicateOf)" }
        line += "  \(entry.url)"
        if let error = entry.error { line += "  " + Output.color(error, "31") }
        print(line)
        fflush(nil)  // a pipe is block-buffered; a follower must see each line at once
    }
}
