import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Processes the benchmark started, killed if it is interrupted so none outlives it.
final class ChildProcesses: Sendable {
    static let shared = ChildProcesses()
    private let pids = Mutex<Set<Int32>>([])
    /// Set once, from the main thread, before any signal can arrive; kept so the sources live.
    private nonisolated(unsafe) static var signalSources: [any DispatchSourceSignal] = []

    func add(_ pid: Int32) { pids.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: Int32) { pids.withLock { _ = $0.remove(pid) } }

    /// On SIGINT or SIGTERM: kill every child, then exit 130.
    func killOnInterrupt() {
        let queue = DispatchQueue(label: "newsd-bench.signals")
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                for pid in pids.withLock({ $0 }) { kill(pid, SIGKILL) }
                FileHandle.standardError.write(Data("newsd-bench: interrupted; children killed\n".utf8))
                exit(130)
            }
            source.resume()
            return source
        }
        Self.signalSources = sources
    }
}
