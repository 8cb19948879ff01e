/// Reads and writes sizes the way operators write them: `"512KiB"`, `"16MiB"`, `"1GiB"`, or a
/// number of bytes (`"1024"`, `"1024B"`). Units are binary and spelt exactly so; `"16MB"` is
/// refused rather than guessed at.
public enum ByteSizeParser {
    /// The advice given when a size cannot be read.
    public static let hint = "write sizes like \"512KiB\", \"16MiB\" or \"1GiB\", or an integer of bytes"

    private static let units: [(name: String, bytes: Int)] = [
        ("B", 1), ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
    ]

    /// Parses a size.
    /// - Returns: the size in bytes, or nil if `text` is not a size or does not fit in an `Int`.
    public static func parse(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unitName = text.dropFirst(digits.count)
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let multiplier = unitName.isEmpty ? 1 : units.first { $0.name == unitName }?.bytes
        guard let multiplier else { return nil }
        let (size, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : size
    }

    /// Writes a size with the largest unit that divides it exactly, e.g. 16777216 as `"16MiB"`.
    public static func format(_ bytes: Int) -> String {
        for (name, length) in units.reversed() where bytes != 0 && bytes % length == 0 {
            return "\(bytes / length)\(name)"
        }
        return "\(bytes)B"
    }
}
