import ArgumentParser
import Daemon
import Foundation
import Logging

/// `newsd`: the daemon, run in the foreground (systemd style).
@main
struct NewsdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsd",
        abstract: "Keep up with news feeds: poll, extract, deduplicate, store.",
        discussion: "Runs in the foreground until SIGTERM or SIGINT; SIGHUP reopens the article log. Exit status: 0 after a clean stop, 1 when it cannot start, 78 for a configuration error.",
        version: newsdVersion)

    @Option(name: .long, help: ArgumentHelp("Run with this configuration file.", valueName: "file"))
    var config: String?

    @Option(name: .customLong("check-config"), help: ArgumentHelp("Validate this configuration file and exit.", valueName: "file"))
    var checkConfig: String?

    func validate() throws {
        if (config == nil) == (checkConfig == nil) {
            throw ValidationError("pass --config FILE to run, or --check-config FILE to validate")
        }
    }

    func run() throws {
        let path = checkConfig ?? config!
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(contentsOf: path)
        } catch {
            FileHandle.standardError.write(Data("newsd: invalid configuration\n\(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        if checkConfig != nil {
            print("\(path): OK (\(configuration.feeds.count) feeds, \(configuration.storage.backend.rawValue) database \(configuration.storage.location), socket \(configuration.control.socket))")
            return
        }
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, level: configuration.log.level) }
        let logger = Logger(label: "newsd")
        do {
            try NewsDaemon(configurationPath: path, configuration: configuration, logger: logger).run()
        } catch {
            logger.critical("newsd cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }
}
