import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dates as HTTP headers write them (`Date`, `Expires`, `Last-Modified`, `Retry-After`):
/// RFC 9110's preferred form and its two obsolete ones.
public enum HTTPDate {
    private static let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]
    private static let months = Array("JanFebMarAprMayJunJulAugSepOctNovDec".utf8)

    /// The date, or nil when the text is none of the HTTP forms.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = parseFixdate(trimmed) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in formats {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }

    /// The preferred form exactly as servers send it (`Sun, 06 Nov 1994 08:49:37 GMT`), read
    /// without a `DateFormatter`: making one per header was most of the cost of interpreting a
    /// 304. Anything else (another zone, a day past the month's end) is left to the formatter.
    static func parseFixdate(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), bytes[4] == 32, bytes[7] == 32, bytes[11] == 32,
                bytes[16] == 32, bytes[19] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":"), bytes[25] == 32,
                bytes[26] == UInt8(ascii: "G"), bytes[27] == UInt8(ascii: "M"), bytes[28] == UInt8(ascii: "T")
            else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let day = number(5..<7), let year = number(12..<16), let hour = number(17..<19),
                let minute = number(20..<22), let second = number(23..<25),
                let monthIndex = stride(from: 0, to: months.count, by: 3).first(where: {
                    months[$0] == bytes[8] && months[$0 + 1] == bytes[9] && months[$0 + 2] == bytes[10]
                })
            else { return nil }
            // The C library's calendar (UTC, no time zone files): a date it has to normalise
            // (30 February, hour 24) is not one as written.
            var fields = tm()
            fields.tm_year = Int32(year - 1900)
            fields.tm_mon = Int32(monthIndex / 3)
            fields.tm_mday = Int32(day)
            fields.tm_hour = Int32(hour)
            fields.tm_min = Int32(minute)
            fields.tm_sec = Int32(second)
            let requested = fields
            let seconds = timegm(&fields)
            guard fields.tm_mday == requested.tm_mday, fields.tm_mon == requested.tm_mon, fields.tm_hour == requested.tm_hour,
                fields.tm_min == requested.tm_min, fields.tm_sec == requested.tm_sec
            else { return nil }
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
    }
}
