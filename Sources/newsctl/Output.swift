import ArgumentParser
import Control
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Printing for people and for scripts.
enum Output {
    static let isTerminal = isatty(STDOUT_FILENO) == 1

    /// Prints a value as one line of JSON.
    static func json(_ value: some Encodable) throws {
        print(try ControlCoding.text(value))
        fflush(nil)
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("newsctl: \(message)\n".utf8))
    }

    /// The bytes of an input file; one that cannot be read is reported and exits 66 (EX_NOINPUT).
    static func readInput(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let failure {
            error("cannot read \(path): \(failure.localizedDescription)")
            throw ExitCode(66)
        }
    }

    /// ANSI colour on a terminal, plain text otherwise.
    static func color(_ text: String, _ code: String) -> String {
        isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Left-aligned columns, widths fitted to the content.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for (index, row) in all.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            let line = cells.joined(separator: "  ")
            print(index == 0 ? color(line, "1") : line)
        }
    }

    /// "10m", "2h", "90s" for a number of seconds.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole % 3600 == 0 && whole >= 3600 { return "\(whole / 3600)h" }
        if whole % 60 == 0 && whole >= 60 { return "\(whole / 60)m" }
        return "\(whole)s"
    }

    /// "3m ago", "in 20s" relative to now, for an RFC 3339 time.
    static func relative(_ timestamp: String?) -> String {
        guard let timestamp, let date = ControlCoding.date(timestamp) else { return "-" }
        let seconds = date.timeIntervalSinceNow
        let text = duration(abs(seconds) < 1 ? 0 : abs(seconds).rounded(.down))
        return seconds > 0 ? "in \(text)" : "\(text) ago"
    }
}
