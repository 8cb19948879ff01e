import Foundation
import Markup

/// Dates in feeds: the two forms nearly every feed writes (RFC 822 as in
/// `Sun, 01 Jun 2025 11:54:25 GMT` or `+0300`, and RFC 3339 as in `2025-06-01T11:54:25Z`) read
/// by a strict fast path; everything else by ``DateParser`` (RFC 822 variants, ISO 8601 forms,
/// Arabic and European month names). The result is UTC; a date that cannot be read is nil.
enum FeedDate {
    static func parse(_ text: String) -> Date? {
        var text = text
        if let date = text.withUTF8({ fastRFC822($0) ?? fastRFC3339($0) }) { return date }
        return DateParser.parse(text)
    }

    /// `Www, D[D] Mmm YYYY HH:MM:SS (GMT|UT|UTC|Z|±HHMM)`, nothing more or less.
    static func fastRFC822(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var scanner = Scanner(bytes: bytes)
        guard scanner.weekday(), scanner.skip(","), scanner.skip(" "), let day = scanner.digits(1...2), scanner.skip(" "),
            let month = scanner.month(), scanner.skip(" "), let year = scanner.digits(4...4), scanner.skip(" "),
            let hour = scanner.digits(2...2), scanner.skip(":"), let minute = scanner.digits(2...2), scanner.skip(":"),
            let second = scanner.digits(2...2), scanner.skip(" ")
        else { return nil }
        let offset: Int
        if scanner.rest("GMT") || scanner.rest("UT") || scanner.rest("UTC") || scanner.rest("Z") {
            offset = 0
        } else if let sign = scanner.sign(), let hours = scanner.digits(2...2), let minutes = scanner.digits(2...2), scanner.atEnd,
            hours <= 18, minutes < 60
        {
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: 0, offset: offset)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, nothing more or less.
    static func fastRFC3339(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var scanner = Scanner(bytes: bytes)
        guard let year = scanner.digits(4...4), scanner.skip("-"), let month = scanner.digits(2...2), scanner.skip("-"),
            let day = scanner.digits(2...2), scanner.skip("T"), let hour = scanner.digits(2...2), scanner.skip(":"),
            let minute = scanner.digits(2...2), scanner.skip(":"), let second = scanner.digits(2...2)
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            var scale = 0.1
            var digits = 0
            while let digit = scanner.digits(1...1) {
                fraction += Double(digit) * scale
                scale /= 10
                digits += 1
            }
            guard digits > 0 else { return nil }
        }
        let offset: Int
        if scanner.rest("Z") {
            offset = 0
        } else if let sign = scanner.sign(), let hours = scanner.digits(2...2), scanner.skip(":"),
            let minutes = scanner.digits(2...2), scanner.atEnd, hours <= 18, minutes < 60
        {
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction, offset: offset)
    }

    /// The instant of a strictly valid civil date and time (no leap second, no hour 24).
    static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Double, offset: Int) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= DateParser.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = DateParser.daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction)
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: ClosedRange<Int>) -> Int? {
            let start = index
            var value = 0
            while index < bytes.count, index - start < count.upperBound, (48...57).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
            }
            guard count.contains(index - start) else {
                index = start
                return nil
            }
            return value
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }

        /// Whether exactly `text` remains.
        mutating func rest(_ text: StaticString) -> Bool {
            guard bytes.count - index == text.utf8CodeUnitCount,
                memcmp(bytes.baseAddress! + index, text.utf8Start, text.utf8CodeUnitCount) == 0
            else { return false }
            index = bytes.count
            return true
        }

        mutating func word() -> UInt32? {
            guard index + 3 <= bytes.count else { return nil }
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            index += 3
            return value
        }

        mutating func weekday() -> Bool {
            guard let word = word() else { return false }
            return Self.weekdays.contains(word)
        }

        mutating func month() -> Int? {
            guard let word = word(), let month = Self.months.firstIndex(of: word) else { return nil }
            return month + 1
        }

        static func pack(_ text: String) -> UInt32 {
            let bytes = Array(text.utf8)
            return UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
        }
        static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(pack)
        static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map(pack)
    }
}
