import ArgumentParser
import Control

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Print the daemon's metrics in Prometheus text format.",
        discussion: "For a node_exporter textfile collector, e.g.: newsctl metrics > /var/lib/node_exporter/newsd.prom")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try NewsctlCommand.running {
            var client = try global.connect()
            let result = try client.call(.metrics, NoParams(), as: MetricsResult.self)
            if global.json { try Output.json(result) } else { print(result.text, terminator: "") }
        }
    }
}
