import Foundation

/// Reads and writes durations the way operators write them: `"30s"`, `"10m"`, `"2h"`, `"1d"`,
/// `"500ms"`, and combinations from the largest unit down such as `"1h30m"`. Numbers may have a
/// fraction (`"1.5h"`). Bare numbers, spaces, signs and unknown units are refused.
public enum DurationParser {
    /// The advice given when a duration cannot be read.
    public static let hint = "write durations like \"30s\", \"10m\" or \"2h\""

    /// The units, largest first, with their length in seconds.
    private static let units: [(name: String, seconds: Double)] = [
        ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1), ("ms", 0.001),
    ]

    /// Parses a duration.
    /// - Returns: the duration in seconds, or nil if `text` is not a duration.
    public static func parse(_ text: String) -> TimeInterval? {
        let bytes = Array(text.utf8)
        var index = 0
        var total: Double = 0
        var previousUnit = -1
        while index < bytes.count {
            let numberStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            let integerDigits = index - numberStart
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                guard index > fractionStart else { return nil }
            }
            guard integerDigits > 0, integerDigits <= 12 else { return nil }
            let number = Double(String(decoding: bytes[numberStart..<index], as: UTF8.self))
            let unitStart = index
            while index < bytes.count, isLetter(bytes[index]) { index += 1 }
            let unitName = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard let number, let unit = units.firstIndex(where: { $0.name == unitName }), unit > previousUnit else {
                return nil
            }
            previousUnit = unit
            total += number * units[unit].seconds
        }
        guard previousUnit >= 0, total.isFinite else { return nil }
        return total
    }

    /// Writes a duration the way `parse` reads it, e.g. 5400 as `"1h30m"` and 0.5 as `"500ms"`.
    /// Fractions of a millisecond are rounded.
    public static func format(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite, seconds >= 0 else { return String(seconds) + "s" }
        guard seconds < 1e15 else { return String(Int64(seconds / 86_400)) + "d" }
        var milliseconds = Int64((seconds * 1000).rounded())
        if milliseconds == 0 { return "0s" }
        var result = ""
        for (name, length) in units {
            let unitMilliseconds = Int64(length * 1000)
            let count = milliseconds / unitMilliseconds
            if count > 0 {
                result += "\(count)\(name)"
                milliseconds -= count * unitMilliseconds
            }
        }
        return result
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
