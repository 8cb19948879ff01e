import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `perf record` attached to the daemon (software clock events, so it works in VMs without
/// hardware counters).
final class Profiler {
    private let process = Process()

    init(pid: Int32, output: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["perf", "record", "-e", "cpu-clock", "-F", "499", "-g", "-p", "\(pid)", "-o", output]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        ChildProcesses.shared.add(process.processIdentifier)
    }

    /// Ends the recording (SIGINT, as perf expects) and waits for the file to be written.
    func stop() {
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        ChildProcesses.shared.remove(process.processIdentifier)
    }
}
