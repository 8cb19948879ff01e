import Foundation

/// Parses the date formats feeds and pages use, normalised to UTC.
///
/// RFC 822/1123/2822 as feeds write them (weekday optional, seconds optional, two-digit years,
/// `GMT`/`UT`/`EST`/`PDT`/... and numeric zones, dashes between date parts, asctime order),
/// and RFC 3339 / ISO 8601 (`2018-03-16T09:12:00+03:00`, fractions, `Z`, a space instead of `T`,
/// date only). Arabic-Indic digits are read as digits. A string that is not a date gives `nil`:
/// nothing is invented. A missing zone, or an alphabetic zone this parser does not know, is read
/// as UTC.
public enum DateParser {
    /// The date in `text`, in whichever supported format it is written.
    public static func parse(_ text: String) -> Date? {
        let normalized = normalizeDigits(text.trimmingWhitespace())
        guard !normalized.isEmpty, normalized.utf8.count < 128 else { return nil }
        if let date = parseISO8601(normalized) { return date }
        return parseRFC822(normalized)
    }

    /// An RFC 3339 / ISO 8601 date-time or date (`2018-03-16`, `2018-03-16T06:12Z`,
    /// `2018-03-16T09:12:00.250+03:00`, `2018-03-16 06:12:00`).
    public static func parseISO8601(_ text: String) -> Date? {
        var scanner = ByteScanner(Array(normalizeDigits(text.trimmingWhitespace()).utf8))
        guard let year = scanner.number(digits: 4...4), scanner.skip("-"),
            let month = scanner.number(digits: 1...2), scanner.skip("-"),
            let day = scanner.number(digits: 1...2)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if scanner.skip("T") || scanner.skip("t") || (scanner.peekIs(" ") && scanner.lookaheadIsDigit(1) && scanner.skip(" ")) {
            guard let h = scanner.number(digits: 1...2), scanner.skip(":"), let m = scanner.number(digits: 2...2) else {
                return nil
            }
            hour = h
            minute = m
            if scanner.skip(":") {
                guard let s = scanner.number(digits: 2...2) else { return nil }
                second = s
                if scanner.skip(".") || scanner.skip(",") {
                    let digits = scanner.digitRun()
                    guard !digits.isEmpty else { return nil }
                    fraction = Double("0." + digits) ?? 0
                }
            }
            _ = scanner.skip(" ")
            if scanner.skip("Z") || scanner.skip("z") {
                offset = 0
            } else if let sign = scanner.sign() {
                guard let zoneHours = scanner.number(digits: 2...2) else { return nil }
                var zoneMinutes = 0
                if scanner.skip(":") {
                    guard let m = scanner.number(digits: 2...2) else { return nil }
                    zoneMinutes = m
                } else if let m = scanner.number(digits: 2...2) {
                    zoneMinutes = m
                }
                guard zoneHours <= 18, zoneMinutes < 60 else { return nil }
                offset = sign * (zoneHours * 3600 + zoneMinutes * 60)
            } else {
                _ = scanner.skipLetters()  // "UTC", "GMT" or an unknown zone name: read as UTC
            }
        }
        guard scanner.isAtEndIgnoringTrailingNoise else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            fraction: fraction, offset: offset)
    }

    /// An RFC 822 family date as feeds write it (`Fri, 16 Mar 2018 06:12:00 GMT`,
    /// `16 Mar 2018 09:12 +0300`, `Fri, 16-Mar-18 06:12:00 EST`, `Fri Mar 16 06:12:00 2018`).
    public static func parseRFC822(_ text: String) -> Date? {
        let tokens = tokenize(translatingArabicNames(normalizeDigits(text.trimmingWhitespace())))
        guard !tokens.isEmpty else { return nil }
        var day: Int?, month: Int?, year: Int?
        var time: (hour: Int, minute: Int, second: Int)?
        var offset: Int?
        var meridiem: Int?  // 0 = AM, 12 = PM
        var started = false
        // Year first (`2020/1/10 14:33`): the numbers after it are month, then day.
        var yearFirst = false
        if case .number(_, let digits)? = tokens.first, digits == 4 { yearFirst = true }
        for token in tokens {
            if case .word = token {} else { started = true }
            switch token {
            case .word(let word):
                if let m = months[word], month == nil {
                    started = true
                    month = m
                } else if weekdays.contains(where: { $0.hasPrefix(word) && word.count >= 3 }) {
                    continue
                } else if word == "AM" || word == "PM" {
                    meridiem = word == "AM" ? 0 : 12
                } else if let zone = zones[word] {
                    guard time != nil || offset == nil else { return nil }
                    offset = (offset ?? 0) + zone
                } else if time != nil, word.count <= 5, offset == nil {
                    offset = 0  // an unknown zone abbreviation: read as UTC
                } else if word == "AT" || word == "ON" || word == "THE" || word == "OF" || word == "DE" {
                    continue
                } else if !started {
                    continue  // a weekday in another language ("Seg,", "ven.")
                } else {
                    return nil
                }
            case .number(let value, let digits):
                if digits == 4 || digits == 3 {
                    guard year == nil, digits == 4 else { return nil }
                    year = value
                } else if yearFirst, month == nil, digits <= 2, (1...12).contains(value) {
                    month = value
                } else if day == nil, digits <= 2, (1...31).contains(value) {
                    day = value
                } else if year == nil, digits == 2 {
                    year = value < 50 ? 2000 + value : 1900 + value
                } else {
                    return nil
                }
            case .time(let hour, let minute, let second):
                guard time == nil else { return nil }
                time = (hour, minute, second)
            case .offset(let seconds):
                guard offset == nil || offset == 0 else { return nil }
                offset = seconds
            }
        }
        guard let day, let month, let year else { return nil }
        var (hour, minute, second) = time ?? (0, 0, 0)
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + meridiem
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            fraction: 0, offset: offset ?? 0)
    }

    // MARK: Calendar arithmetic

    static func makeDate(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Double, offset: Int
    ) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        if hour == 24 && (minute != 0 || second != 0) { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    // MARK: Tables

    static let monthNames = [
        "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
        "NOVEMBER", "DECEMBER",
    ]
    static let months: [String: Int] = {
        var table: [String: Int] = [:]
        for (index, name) in monthNames.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["SEPT"] = 9
        // French, Spanish, Portuguese, German and Italian names and abbreviations feeds use.
        let foreign: [String: Int] = [
            "JANVIER": 1, "FÉVRIER": 2, "FEVRIER": 2, "FÉV": 2, "FEV": 2, "MARS": 3, "AVRIL": 4, "AVR": 4, "MAI": 5,
            "JUIN": 6, "JUILLET": 7, "JUIL": 7, "AOÛT": 8, "AOUT": 8, "SEPTEMBRE": 9, "OCTOBRE": 10, "NOVEMBRE": 11,
            "DÉCEMBRE": 12, "DECEMBRE": 12, "DÉC": 12, "ENERO": 1, "ENE": 1, "FEBRERO": 2, "MARZO": 3, "ABRIL": 4,
            "ABR": 4, "MAYO": 5, "JUNIO": 6, "JULIO": 7, "AGOSTO": 8, "AGO": 8, "SEPTIEMBRE": 9, "SETIEMBRE": 9,
            "OCTUBRE": 10, "NOVIEMBRE": 11, "DICIEMBRE": 12, "DIC": 12, "JANEIRO": 1, "FEVEREIRO": 2, "MARÇO": 3,
            "MARCO": 3, "MAIO": 5, "JUNHO": 6, "JULHO": 7, "SETEMBRO": 9, "SET": 9, "OUTUBRO": 10, "OUT": 10,
            "NOVEMBRO": 11, "DEZEMBRO": 12, "DEZ": 12, "JANUAR": 1, "FEBRUAR": 2, "MÄRZ": 3, "MRZ": 3, "JUNI": 6,
            "JULI": 7, "OKTOBER": 10, "OKT": 10, "DEZEMBER": 12, "GENNAIO": 1, "FEBBRAIO": 2, "APRILE": 4,
            "MAGGIO": 5, "GIUGNO": 6, "LUGLIO": 7, "SETTEMBRE": 9, "OTTOBRE": 10, "DICEMBRE": 12,
        ]
        table.merge(foreign) { english, _ in english }
        return table
    }()
    static let weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]

    /// Zone abbreviations with one meaning (RFC 822's, and common unambiguous ones), in seconds.
    static let zones: [String: Int] = {
        let hours: [String: Double] = [
            "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "MET": 1, "CEST": 2,
            "MEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
            "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "JST": 9, "KST": 9,
            "AEST": 10, "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13, "GST": 4, "PKT": 5,
        ]
        return hours.mapValues { Int($0 * 3600) }
    }()

    // MARK: Tokens

    enum Token {
        case word(String)
        case number(Int, digits: Int)
        case time(Int, Int, Int)
        case offset(Int)
    }

    /// Arabic month names (Egyptian/Gulf and Levantine) and weekdays in English, the Arabic
    /// comma as a comma.
    static func translatingArabicNames(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x0600...0x06FF).contains($0.value) }) else { return text }
        var result = text.replacingOccurrences(of: "،", with: ",")
        for (arabic, english) in arabicNames { result = result.replacingOccurrences(of: arabic, with: english) }
        return result
    }

    /// Longest first, so "كانون الثاني" is replaced before "كانون".
    static let arabicNames: [(String, String)] = [
        ("تشرين الأول", "Oct"), ("تشرين الاول", "Oct"), ("تشرين الثاني", "Nov"), ("كانون الأول", "Dec"),
        ("كانون الاول", "Dec"), ("كانون الثاني", "Jan"), ("يناير", "Jan"), ("فبراير", "Feb"), ("مارس", "Mar"),
        ("أبريل", "Apr"), ("ابريل", "Apr"), ("إبريل", "Apr"), ("مايو", "May"), ("يونيو", "Jun"), ("يونيه", "Jun"),
        ("يوليو", "Jul"), ("يوليه", "Jul"), ("أغسطس", "Aug"), ("اغسطس", "Aug"), ("سبتمبر", "Sep"), ("أكتوبر", "Oct"),
        ("اكتوبر", "Oct"), ("نوفمبر", "Nov"), ("ديسمبر", "Dec"), ("شباط", "Feb"), ("آذار", "Mar"), ("نيسان", "Apr"),
        ("أيار", "May"), ("ايار", "May"), ("حزيران", "Jun"), ("تموز", "Jul"), ("آب", "Aug"), ("أيلول", "Sep"),
        ("ايلول", "Sep"), ("الأحد", "Sun"), ("الاحد", "Sun"), ("الإثنين", "Mon"), ("الاثنين", "Mon"),
        ("الثلاثاء", "Tue"), ("الأربعاء", "Wed"), ("الاربعاء", "Wed"), ("الخميس", "Thu"), ("الجمعة", "Fri"),
        ("السبت", "Sat"),
    ]

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let bytes = Array(text.uppercased().utf8)
        var index = 0
        var sawTime = false
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        // ASCII letters, and the bytes of accented Latin letters (février, août, März).
        func isLetter(_ b: UInt8) -> Bool { (65...90).contains(b) || b == 0xC3 || (0x80...0xBF).contains(b) }
        while index < bytes.count {
            let byte = bytes[index]
            if isLetter(byte) {
                let start = index
                while index < bytes.count, isLetter(bytes[index]) { index += 1 }
                var word = String(decoding: bytes[start..<index], as: UTF8.self)
                if index < bytes.count, bytes[index] == UInt8(ascii: "."), months[word] != nil { index += 1 }
                if word == "SEPT" { word = "SEP" }
                tokens.append(.word(word))
            } else if isDigit(byte) {
                let start = index
                while index < bytes.count, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ":") { index += 1 }
                let run = String(decoding: bytes[start..<index], as: UTF8.self)
                if run.contains(":") {
                    let pieces: [Substring] = run.split(separator: ":", omittingEmptySubsequences: false)
                    let parts = pieces.map { Int($0) }
                    guard parts.count >= 2, parts.count <= 3, parts.allSatisfy({ $0 != nil }),
                        pieces.dropFirst().allSatisfy({ $0.count == 2 }), pieces[0].count <= 2
                    else { return [] }
                    // Fractional seconds after the time are skipped.
                    if index < bytes.count, bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                        index += 1
                        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                    }
                    tokens.append(.time(parts[0]!, parts[1]!, parts.count == 3 ? parts[2]! : 0))
                    sawTime = true
                } else {
                    guard run.count <= 4, let value = Int(run) else { return [] }
                    tokens.append(.number(value, digits: run.count))
                }
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && sawTime && index + 1 < bytes.count
                && isDigit(bytes[index + 1])
            {
                let sign = byte == UInt8(ascii: "+") ? 1 : -1
                index += 1
                let start = index
                while index < bytes.count, isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ":") { index += 1 }
                let digits = String(decoding: bytes[start..<index], as: UTF8.self).replacingOccurrences(of: ":", with: "")
                guard let value = Int(digits) else { return [] }
                let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
                guard digits.count == 2 || digits.count == 4 || digits.count == 1, hours <= 18, minutes < 60 else { return [] }
                tokens.append(.offset(sign * (hours * 3600 + minutes * 60)))
            } else if byte == UInt8(ascii: "(") {
                // A comment such as "(EST)" or "(Coordinated Universal Time)": skipped.
                while index < bytes.count, bytes[index] != UInt8(ascii: ")") { index += 1 }
                index += 1
            } else if byte == 0x20 || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: ".") || byte == 0x09
            {
                index += 1
            } else {
                return []
            }
        }
        return tokens
    }

    /// Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic (U+06F0–06F9) digits as ASCII digits.
    static func normalizeDigits(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x0660...0x0669).contains($0.value) || (0x06F0...0x06F9).contains($0.value) })
        else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0660...0x0669: scalars.append(Unicode.Scalar(scalar.value - 0x0660 + 48)!)
            case 0x06F0...0x06F9: scalars.append(Unicode.Scalar(scalar.value - 0x06F0 + 48)!)
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

/// A cursor over ASCII bytes for ``DateParser/parseISO8601(_:)``.
private struct ByteScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func skip(_ character: Character) -> Bool {
        guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    func peekIs(_ character: Character) -> Bool {
        index < bytes.count && bytes[index] == character.asciiValue
    }

    func lookaheadIsDigit(_ distance: Int) -> Bool {
        index + distance < bytes.count && (48...57).contains(bytes[index + distance])
    }

    mutating func number(digits: ClosedRange<Int>) -> Int? {
        let start = index
        var value = 0
        while index < bytes.count, index - start < digits.upperBound, (48...57).contains(bytes[index]) {
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
        }
        guard digits.contains(index - start) else {
            index = start
            return nil
        }
        return value
    }

    mutating func digitRun() -> String {
        let start = index
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") || skip("\u{2212}") { return -1 }
        return nil
    }

    mutating func skipLetters() -> Bool {
        let start = index
        while index < bytes.count, (65...90).contains(bytes[index]) || (97...122).contains(bytes[index]) { index += 1 }
        return index > start
    }

    /// At the end, or only a bracketed zone name (`[UTC]`) or whitespace remains.
    var isAtEndIgnoringTrailingNoise: Bool {
        let rest = bytes[index...]
        return rest.allSatisfy { $0 == 0x20 } || rest.first == UInt8(ascii: "[")
    }
}
