import ArgumentParser
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The daemon's control socket.", discussion: "Default: $NEWSD_SOCKET, else ./var/run/newsd.sock when it exists, else /run/newsd/control.sock.", valueName: "path"))
    var socket: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    /// The socket to use: the option, the environment, a checkout's, the system's.
    var socketPath: String {
        if let socket { return socket }
        if let environment = ProcessInfo.processInfo.environment["NEWSD_SOCKET"], !environment.isEmpty { return environment }
        let local = FileManager.default.currentDirectoryPath + "/var/run/newsd.sock"
        if FileManager.default.fileExists(atPath: local) { return local }
        return "/run/newsd/control.sock"
    }

    func connect() throws -> ControlClient {
        try ControlClient(path: socketPath)
    }
}
