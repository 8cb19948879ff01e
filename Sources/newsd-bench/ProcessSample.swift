import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What `/proc` says about a process right now: memory and CPU time.
struct ProcessSample: Sendable {
    /// Resident set size, bytes.
    var rssBytes: Int
    /// Peak resident set size (VmHWM), bytes.
    var peakRSSBytes: Int
    /// CPU time in user mode, seconds.
    var userSeconds: Double
    /// CPU time in the kernel, seconds.
    var systemSeconds: Double
    var cpuSeconds: Double { userSeconds + systemSeconds }

    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Reads `/proc/PID/status` and `/proc/PID/stat`; nil once the process is gone.
    static func read(pid: Int32) -> ProcessSample? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let times = cpuTimes(statPath: "/proc/\(pid)/stat")
        else { return nil }
        func kilobytes(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return ProcessSample(
            rssBytes: kilobytes("VmRSS") * 1024, peakRSSBytes: kilobytes("VmHWM") * 1024, userSeconds: times.user,
            systemSeconds: times.system)
    }

    /// CPU seconds by thread name (`comm`), summed over the process's threads alive now.
    static func cpuByThreadName(pid: Int32) -> [String: Double] {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return [:] }
        var result: [String: Double] = [:]
        for task in tasks {
            let path = "/proc/\(pid)/task/\(task)/stat"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), let open = text.firstIndex(of: "("),
                let close = text.lastIndex(of: ")"), let times = cpuTimes(statPath: path)
            else { continue }
            result[String(text[text.index(after: open)..<close]), default: 0] += times.user + times.system
        }
        return result
    }

    /// utime and stime (fields 14 and 15) of a `stat` file, in seconds.
    private static func cpuTimes(statPath: String) -> (user: Double, system: Double)? {
        guard let text = try? String(contentsOfFile: statPath, encoding: .utf8), let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name, which may itself hold spaces; field 3 (state) comes first.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user / ticksPerSecond, system / ticksPerSecond)
    }
}
