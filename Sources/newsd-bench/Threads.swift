import Foundation
import Synchronization

/// Runs `body(index)` on `count` threads of its own (not the Dispatch pool, which would not start
/// more threads than CPUs for blocking work) and returns their results in index order.
func onThreads<T: Sendable>(_ count: Int, name: String, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let results = Mutex<[Int: T]>([:])
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        let thread = Thread {
            let result = body(index)
            results.withLock { $0[index] = result }
            done.leave()
        }
        thread.name = "\(name)-\(index)"
        thread.stackSize = 1 << 20
        thread.start()
    }
    done.wait()
    return results.withLock { all in (0..<count).map { all[$0]! } }
}

/// Writes a line to stdout at once (no stdio buffering, so progress shows through a pipe too).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
