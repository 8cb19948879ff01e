import Foundation

/// Turns paths written in a configuration file into absolute paths, without touching the file
/// system: `..` and `.` are resolved by their spelling, symbolic links are left alone.
enum PathResolver {
    /// `path` made absolute against `base` (itself made absolute against the current directory).
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(absolute(base) + "/" + path)
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// The folder holding `path`, as an absolute path.
    static func directory(of path: String) -> String {
        let full = absolute(path)
        guard let slash = full.lastIndex(of: "/"), slash != full.startIndex else { return "/" }
        return String(full[..<slash])
    }

    /// An absolute path with empty, `.` and `..` components removed.
    static func normalize(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
