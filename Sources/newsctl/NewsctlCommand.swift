import ArgumentParser
import Control
import Foundation

/// Lets `--socket PATH` and `--json` stand before the subcommand (`newsctl --socket S feed list`)
/// by moving them behind it, where every command's `GlobalOptions` reads them.
@main
enum Newsctl {
    static func main() {
        NewsctlCommand.main(hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
    }

    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("--socket") || first == "--json" {
            rest.removeFirst()
            leading.append(first)
            if first == "--socket", let value = rest.first {
                leading.append(value)
                rest.removeFirst()
            }
        }
        if let terminator = rest.firstIndex(of: "--") {
            return Array(rest[..<terminator]) + leading + Array(rest[terminator...])
        }
        return Array(rest) + leading
    }
}

/// `newsctl`: steer and watch a running newsd over its control socket.
struct NewsctlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsctl",
        abstract: "Steer and watch a running newsd.",
        discussion: """
            Talks to the daemon over its control socket (JSON-RPC 2.0, one message per line). \
            Every command takes --socket PATH (default: $NEWSD_SOCKET, else ./var/run/newsd.sock when it exists, \
            else /run/newsd/control.sock) and --json, before or after its name.

            Exit status: 0 done, 1 the daemon refused, 3 not found, 64 usage error, 69 daemon unreachable.
            """,
        subcommands: [
            FeedCommand.self, ArticleCommand.self, TailCommand.self, StatsCommand.self, MetricsCommand.self, JobsCommand.self,
            ReloadCommand.self,
            VersionCommand.self, ExtractCommand.self, OPMLCommand.self, ParseCommand.self,
        ])

    /// Runs a command body, turning client failures into a message and an exit status.
    static func running(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as ControlClient.Failure {
            Output.error(failure.description)
            throw ExitCode(failure.exitCode)
        }
    }
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the daemon's version.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try NewsctlCommand.running {
            var client = try global.connect()
            let version = try client.call(.version, NoParams(), as: VersionResult.self)
            if global.json { try Output.json(version) } else { print("newsd \(version.version) (protocol \(version.protocolVersion))") }
        }
    }
}
