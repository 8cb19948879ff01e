import Foundation

/// Reads typed settings out of a parsed TOML document, collecting every problem instead of
/// stopping at the first. Each problem names the file, the full key and its line.
///
/// The readers return nil both when a key is absent and when it is wrong (having reported it), so
/// that callers keep the default and carry on looking for more problems.
struct ConfigurationDecoder {
    /// A setting's value and the line it is written on.
    typealias Located<Value> = (value: Value, line: Int)

    let fileName: String
    /// Absolute folder that relative paths are resolved against.
    let baseDirectory: String
    private(set) var problems: [ConfigurationError.Problem] = []

    init(fileName: String, baseDirectory: String) {
        self.fileName = fileName
        self.baseDirectory = baseDirectory
    }

    mutating func report(_ message: String, line: Int?) {
        problems.append(ConfigurationError.Problem(fileName: fileName, line: line, message: message))
    }

    /// `"path.key"`, quoted for messages.
    static func name(_ path: String, _ key: String) -> String {
        TOMLValue.quoted(path.isEmpty ? key : "\(path).\(key)", limit: 200)
    }

    /// Reports every key of `table` that is not in `known`, suggesting the closest known one.
    mutating func checkKeys(of table: TOMLTable, path: String, known: [String]) {
        for entry in table.entries where !known.contains(entry.key) {
            var message = "unknown key \(Self.name(path, entry.key))"
            if let suggestion = KeySuggestion.closest(to: entry.key, among: known) {
                message += " (did you mean \(TOMLValue.quoted(suggestion))?)"
            }
            report(message, line: entry.keyLine)
        }
    }

    // MARK: Readers

    mutating func string(_ table: TOMLTable, _ key: String, path: String) -> Located<String>? {
        guard let value = table[key] else { return nil }
        guard case .string(let text) = value.kind else {
            report("\(Self.name(path, key)) must be a string, got \(value.summary)", line: value.line)
            return nil
        }
        return (text, value.line)
    }

    mutating func bool(_ table: TOMLTable, _ key: String, path: String) -> Bool? {
        guard let value = table[key] else { return nil }
        guard case .bool(let flag) = value.kind else {
            report("\(Self.name(path, key)) must be true or false, got \(value.summary)", line: value.line)
            return nil
        }
        return flag
    }

    /// An integer within `range`; the message states the range the way operators read it.
    mutating func integer(_ table: TOMLTable, _ key: String, path: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = table[key] else { return nil }
        let requirement =
            range.upperBound == .max
            ? "an integer >= \(range.lowerBound)" : "an integer from \(range.lowerBound) to \(range.upperBound)"
        guard case .integer(let number) = value.kind, let integer = Int(exactly: number), range.contains(integer) else {
            report("\(Self.name(path, key)) must be \(requirement), got \(value.summary)", line: value.line)
            return nil
        }
        return integer
    }

    /// The longest duration accepted anywhere: a year.
    static let maximumDuration: TimeInterval = 365 * 86_400

    /// A duration such as `"30s"`; zero only if `allowsZero`.
    mutating func duration(_ table: TOMLTable, _ key: String, path: String, allowsZero: Bool = false) -> Located<
        TimeInterval
    >? {
        guard let value = table[key] else { return nil }
        guard case .string(let text) = value.kind, let seconds = DurationParser.parse(text) else {
            report("\(Self.name(path, key)): \(DurationParser.hint), got \(value.summary)", line: value.line)
            return nil
        }
        if seconds == 0 && !allowsZero {
            report("\(Self.name(path, key)) must be longer than 0s, got \(value.summary)", line: value.line)
            return nil
        }
        if seconds > Self.maximumDuration {
            report("\(Self.name(path, key)) must be at most 365d, got \(value.summary)", line: value.line)
            return nil
        }
        return (seconds, value.line)
    }

    /// A size: a string such as `"16MiB"` or an integer of bytes; at least one byte.
    mutating func byteSize(_ table: TOMLTable, _ key: String, path: String) -> Int? {
        guard let value = table[key] else { return nil }
        let size: Int? =
            switch value.kind {
            case .string(let text): ByteSizeParser.parse(text)
            case .integer(let number): Int(exactly: number)
            default: nil
            }
        guard let size, size >= 0 else {
            report("\(Self.name(path, key)): \(ByteSizeParser.hint), got \(value.summary)", line: value.line)
            return nil
        }
        guard size > 0 else {
            report("\(Self.name(path, key)) must be at least 1 byte, got \(value.summary)", line: value.line)
            return nil
        }
        return size
    }

    /// A file path, made absolute against the configuration file's folder.
    mutating func path(_ table: TOMLTable, _ key: String, path: String) -> String? {
        guard let (text, line) = string(table, key, path: path) else { return nil }
        if text.isEmpty {
            report("\(Self.name(path, key)) must not be empty", line: line)
            return nil
        }
        if text.contains("\0") {
            report("\(Self.name(path, key)) must not contain a NUL character", line: line)
            return nil
        }
        if text.hasPrefix("~") {
            report(
                "\(Self.name(path, key)) starts with \"~\", which newsd does not expand: write an absolute path or one relative to the configuration file",
                line: line)
            return nil
        }
        return PathResolver.resolve(text, against: baseDirectory)
    }

    /// An array of non-empty strings.
    mutating func stringArray(_ table: TOMLTable, _ key: String, path: String) -> [String]? {
        guard let value = table[key] else { return nil }
        guard case .array(let elements) = value.kind else {
            report("\(Self.name(path, key)) must be an array of strings, got \(value.summary)", line: value.line)
            return nil
        }
        var strings: [String] = []
        var isValid = true
        for (index, element) in elements.enumerated() {
            let elementName = Self.name(path, "\(key)[\(index)]")
            switch element.kind {
            case .string(let text) where text.allSatisfy(\.isWhitespace):
                report("\(elementName) must not be empty", line: element.line)
                isValid = false
            case .string(let text):
                strings.append(text)
            default:
                report("\(elementName) must be a string, got \(element.summary)", line: element.line)
                isValid = false
            }
        }
        return isValid ? strings : nil
    }
}
