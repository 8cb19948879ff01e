/// Bare values: booleans, integers, floats and date-times.
extension TOMLDocumentParser {
    /// Parses a bare value; the cursor is on its first byte.
    mutating func parseScalar() throws(TOMLError) -> TOMLValue {
        let startLine = line
        let startMark = mark
        let start = position
        while let byte = peek(), Self.isScalarByte(byte) { position += 1 }
        // A date and a time may be separated by a space: "1979-05-27 07:32:00".
        if Self.isFullDate(bytes[start..<position]), peek() == TOMLByte.space,
            let hour = peek(1), Self.isDigit(hour), let hour2 = peek(2), Self.isDigit(hour2),
            peek(3) == UInt8(ascii: ":")
        {
            position += 1
            while let byte = peek(), Self.isScalarByte(byte) { position += 1 }
        }
        let token = Array(bytes[start..<position])
        guard !token.isEmpty else {
            var message = "expected a value, found \(describeCurrent())"
            if let byte = peek(), byte >= 0x80 || TOMLByte.isBareKey(byte) {
                message += " (strings must be quoted)"
            }
            throw error(.syntax, message)
        }
        let text = String(decoding: token, as: UTF8.self)
        func fail(_ code: TOMLError.Code, _ message: String) -> TOMLError {
            error(code, message, at: startMark)
        }
        switch text {
        case "true": return TOMLValue(.bool(true), line: startLine)
        case "false": return TOMLValue(.bool(false), line: startLine)
        case "inf", "+inf": return TOMLValue(.float(.infinity), line: startLine)
        case "-inf": return TOMLValue(.float(-.infinity), line: startLine)
        case "nan", "+nan", "-nan": return TOMLValue(.float(.nan), line: startLine)
        default: break
        }
        if Self.isFullDate(token.prefix(10)) || (token.count >= 3 && token[2] == UInt8(ascii: ":")) {
            guard let problem = Self.dateTimeProblem(token) else {
                return TOMLValue(.dateTime(text), line: startLine)
            }
            throw fail(.invalidValue, "\(TOMLValue.quoted(text)) is not a valid date-time: \(problem)")
        }
        guard let first = token.first, Self.isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
        else {
            throw fail(.syntax, "\(TOMLValue.quoted(text)) is not a value (strings must be quoted)")
        }
        if token.count > 2, token[0] == UInt8(ascii: "0"), let radix = Self.radix(token[1]) {
            switch Self.parseRadixInteger(token[2...], radix: radix) {
            case .success(let value): return TOMLValue(.integer(value), line: startLine)
            case .failure(let problem): throw fail(problem.code, "\(TOMLValue.quoted(text)) \(problem.message)")
            }
        }
        let isFloat = token.contains { $0 == TOMLByte.dot || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let result = isFloat ? Self.parseFloat(token) : Self.parseDecimalInteger(token)
        switch result {
        case .success(let value): return TOMLValue(value, line: startLine)
        case .failure(let problem): throw fail(problem.code, "\(TOMLValue.quoted(text)) \(problem.message)")
        }
    }

    /// Why a bare value is not valid, completing "\"<token>\" …".
    struct ScalarProblem: Error {
        let code: TOMLError.Code
        let message: String

        static func syntax(_ message: String) -> ScalarProblem { ScalarProblem(code: .syntax, message: message) }
        static func invalid(_ message: String) -> ScalarProblem { ScalarProblem(code: .invalidValue, message: message) }
    }

    static func isScalarByte(_ byte: UInt8) -> Bool {
        TOMLByte.isBareKey(byte) || byte == UInt8(ascii: "+") || byte == TOMLByte.dot || byte == UInt8(ascii: ":")
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func radix(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    /// Checks that digits and underscores alternate properly: at least one digit, and every
    /// underscore between two digits.
    static func digitsWithUnderscores(_ token: ArraySlice<UInt8>, isDigit: (UInt8) -> Bool) -> [UInt8]? {
        var digits: [UInt8] = []
        var previousWasDigit = false
        for byte in token {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { return nil }
                previousWasDigit = false
            } else if isDigit(byte) {
                digits.append(byte)
                previousWasDigit = true
            } else {
                return nil
            }
        }
        return previousWasDigit ? digits : nil
    }

    /// Parses the digits after `0x`, `0o` or `0b`.
    static func parseRadixInteger(_ token: ArraySlice<UInt8>, radix: UInt64) -> Result<Int64, ScalarProblem> {
        let isRadixDigit = { (byte: UInt8) -> Bool in
            guard let value = hexValue(byte) else { return false }
            return UInt64(value) < radix
        }
        guard let digits = digitsWithUnderscores(token, isDigit: isRadixDigit) else {
            return .failure(
                .syntax(
                    "is not a valid integer: after the prefix come digits of base \(radix), with single underscores only between digits"
                ))
        }
        var value: UInt64 = 0
        for digit in digits {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(hexValue(digit) ?? 0))
            guard !overflow1, !overflow2, sum <= UInt64(Int64.max) else {
                return .failure(.invalid("does not fit in a 64-bit signed integer"))
            }
            value = sum
        }
        return .success(Int64(value))
    }

    /// Parses a decimal integer with an optional sign.
    static func parseDecimalInteger(_ token: [UInt8]) -> Result<TOMLValue.Kind, ScalarProblem> {
        var body = token[...]
        var isNegative = false
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            isNegative = sign == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        guard let digits = digitsWithUnderscores(body, isDigit: isDigit) else {
            return .failure(
                .syntax(
                    "is not a valid number: write digits, with single underscores only between digits (strings must be quoted)"
                ))
        }
        if digits.count > 1 && digits[0] == UInt8(ascii: "0") {
            return .failure(.syntax("is not a valid integer: leading zeros are not allowed"))
        }
        var magnitude: UInt64 = 0
        for digit in digits {
            let (shifted, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return .failure(.invalid("does not fit in a 64-bit signed integer")) }
            magnitude = sum
        }
        if isNegative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                return .failure(.invalid("does not fit in a 64-bit signed integer"))
            }
            return .success(.integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)))
        }
        guard magnitude <= UInt64(Int64.max) else {
            return .failure(.invalid("does not fit in a 64-bit signed integer"))
        }
        return .success(.integer(Int64(magnitude)))
    }

    /// Parses a float: an integer part, then a fraction, an exponent, or both.
    static func parseFloat(_ token: [UInt8]) -> Result<TOMLValue.Kind, ScalarProblem> {
        let invalid = ScalarProblem.syntax(
            "is not a valid float: write an integer part, then a fraction (\".5\"), an exponent (\"e-3\") or both, with digits on both sides of the dot"
        )
        var body = token[...]
        var cleaned: [UInt8] = []
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            cleaned.append(sign)
            body = body.dropFirst()
        }
        let exponentIndex = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentIndex ?? body.endIndex)]
        let dotIndex = mantissa.firstIndex(of: TOMLByte.dot)
        guard let integerDigits = digitsWithUnderscores(mantissa[..<(dotIndex ?? mantissa.endIndex)], isDigit: isDigit)
        else {
            return .failure(invalid)
        }
        if integerDigits.count > 1 && integerDigits[0] == UInt8(ascii: "0") {
            return .failure(.syntax("is not a valid float: leading zeros are not allowed"))
        }
        cleaned += integerDigits
        if let dotIndex {
            guard let fraction = digitsWithUnderscores(mantissa[(dotIndex + 1)...], isDigit: isDigit) else {
                return .failure(invalid)
            }
            cleaned.append(TOMLByte.dot)
            cleaned += fraction
        }
        if let exponentIndex {
            var exponent = body[(exponentIndex + 1)...]
            cleaned.append(UInt8(ascii: "e"))
            if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                cleaned.append(sign)
                exponent = exponent.dropFirst()
            }
            guard let exponentDigits = digitsWithUnderscores(exponent, isDigit: isDigit) else {
                return .failure(invalid)
            }
            cleaned += exponentDigits
        }
        guard let value = Double(String(decoding: cleaned, as: UTF8.self)) else { return .failure(invalid) }
        return .success(.float(value))
    }

    // MARK: Date-times

    /// Whether `token` is exactly `YYYY-MM-DD` in shape.
    static func isFullDate(_ token: some Collection<UInt8>) -> Bool {
        guard token.count == 10 else { return false }
        for (offset, byte) in token.enumerated() {
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard isDigit(byte) else { return false }
            }
        }
        return true
    }

    /// Checks an offset date-time, local date-time, local date or local time.
    /// - Returns: what is wrong, or nil if it is valid.
    static func dateTimeProblem(_ token: [UInt8]) -> String? {
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= token.count else { return nil }
            var value = 0
            for byte in token[index..<(index + width)] {
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += width
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < token.count, token[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
        func time() -> String? {
            guard let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2) else {
                return "write times as HH:MM:SS"
            }
            guard hour < 24, minute < 60, second <= 60 else { return "the time is out of range" }
            if index < token.count && token[index] == TOMLByte.dot {
                index += 1
                let start = index
                while index < token.count && isDigit(token[index]) { index += 1 }
                if index == start { return "a decimal point in the seconds must be followed by digits" }
            }
            return nil
        }

        if token.count >= 3 && token[2] == UInt8(ascii: ":") {
            if let problem = time() { return problem }
            return index == token.count ? nil : "a local time cannot have anything after it"
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else {
            return "write dates as YYYY-MM-DD"
        }
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysInMonth = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...daysInMonth).contains(day) else { return "there is no day \(day) in month \(month) of \(year)" }
        if index == token.count { return nil }
        guard expect("T") || expect("t") || expect(" ") else { return "a date must be followed by \"T\" and a time" }
        if let problem = time() { return problem }
        if index == token.count { return nil }
        if expect("Z") || expect("z") {
            return index == token.count ? nil : "nothing may follow the \"Z\" offset"
        }
        guard expect("+") || expect("-") else { return "write offsets as Z, +HH:MM or -HH:MM" }
        guard let offsetHour = number(2), expect(":"), let offsetMinute = number(2), index == token.count else {
            return "write offsets as Z, +HH:MM or -HH:MM"
        }
        guard offsetHour < 24, offsetMinute < 60 else { return "the offset is out of range" }
        return nil
    }
}
