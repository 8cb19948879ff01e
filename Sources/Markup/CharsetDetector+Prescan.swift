import Foundation

extension CharsetDetector {
    /// The charset label a page declares in `<meta charset>` or `<meta http-equiv=content-type
    /// content="...; charset=...">`, found by the WHATWG prescan of the first `limit` bytes
    /// (comments and other tags skipped). A second, longer look (32 KiB) catches pages whose
    /// head is bloated by inline scripts and styles.
    public static func prescanMeta(_ data: Data, limit: Int = 4096) -> String? {
        if let found = prescan(Array(data.prefix(limit))) { return found }
        guard data.count > limit else { return nil }
        return prescan(Array(data.prefix(max(limit, 32768))))
    }

    private static func prescan(_ bytes: [UInt8]) -> String? {
        var position = 0
        let count = bytes.count
        func matches(_ text: String, at index: Int) -> Bool {
            var index = index
            for expected in text.utf8 {
                guard index < count, lower(bytes[index]) == expected else { return false }
                index += 1
            }
            return true
        }
        while position < count {
            guard bytes[position] == UInt8(ascii: "<") else {
                position += 1
                continue
            }
            if matches("<!--", at: position) {
                position = find("-->", in: bytes, from: position + 4).map { $0 + 3 } ?? count
            } else if matches("<meta", at: position), position + 5 < count,
                isSpaceOrSlash(bytes[position + 5])
            {
                position += 5
                var gotPragma = false
                var needPragma: Bool? = nil
                var charset: String? = nil
                var seen = Set<String>()
                while let (name, value, next) = attribute(in: bytes, from: position) {
                    position = next
                    guard seen.insert(name).inserted else { continue }
                    switch name {
                    case "http-equiv":
                        if value.lowercased() == "content-type" { gotPragma = true }
                    case "content":
                        if charset == nil, let found = charsetFromMetaContent(value) {
                            charset = found
                            needPragma = true
                        }
                    case "charset":
                        charset = value
                        needPragma = false
                    default: break
                    }
                }
                if let charset, let needPragma, !needPragma || gotPragma {
                    let trimmed = charset.trimmingWhitespace()
                    if !trimmed.isEmpty { return trimmed }
                }
            } else if position + 1 < count, isASCIILetter(bytes[position + 1])
                || (bytes[position + 1] == UInt8(ascii: "/") && position + 2 < count && isASCIILetter(bytes[position + 2]))
            {
                // Another tag: skip its name and attributes.
                position += 1
                while position < count, !isSpaceOrSlash(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                    position += 1
                }
                while let (_, _, next) = attribute(in: bytes, from: position) { position = next }
            } else if matches("<!", at: position) || matches("</", at: position) || matches("<?", at: position) {
                position = find(">", in: bytes, from: position + 2).map { $0 + 1 } ?? count
            } else {
                position += 1
            }
        }
        return nil
    }

    /// The WHATWG "get an attribute" step: returns (lowercased name, value, next position), or
    /// nil at the end of the tag (the position is then past `>`... the caller moves on).
    private static func attribute(in bytes: [UInt8], from start: Int) -> (String, String, Int)? {
        var position = start
        let count = bytes.count
        while position < count, isSpaceOrSlash(bytes[position]) { position += 1 }
        guard position < count, bytes[position] != UInt8(ascii: ">") else { return nil }
        var name: [UInt8] = []
        var value: [UInt8] = []
        // Name.
        while position < count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "="), !name.isEmpty { break }
            if isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") { break }
            name.append(lower(byte))
            position += 1
        }
        while position < count, isSpace(bytes[position]) { position += 1 }
        guard position < count, bytes[position] == UInt8(ascii: "=") else {
            return (String(decoding: name, as: UTF8.self), "", position)
        }
        position += 1
        while position < count, isSpace(bytes[position]) { position += 1 }
        guard position < count else { return nil }
        let quote = bytes[position]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            position += 1
            while position < count, bytes[position] != quote {
                value.append(bytes[position])
                position += 1
            }
            position += 1
        } else {
            while position < count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                value.append(bytes[position])
                position += 1
            }
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self), position)
    }

    /// The WHATWG "extract a character encoding from a meta element" algorithm on a
    /// `content` attribute value (`text/html; charset=windows-1256`).
    public static func charsetFromMetaContent(_ content: String) -> String? {
        let bytes = Array(content.utf8)
        var position = 0
        while position + 7 <= bytes.count {
            guard String(decoding: bytes[position..<position + 7], as: UTF8.self).lowercased() == "charset" else {
                position += 1
                continue
            }
            position += 7
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { continue }
            position += 1
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { return nil }
            let quote = bytes[position]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                guard let end = bytes[(position + 1)...].firstIndex(of: quote) else { return nil }
                return String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
            }
            let end = bytes[position...].firstIndex { isSpace($0) || $0 == UInt8(ascii: ";") } ?? bytes.count
            return end > position ? String(decoding: bytes[position..<end], as: UTF8.self) : nil
        }
        return nil
    }

    private static func find(_ needle: String, in bytes: [UInt8], from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard start <= bytes.count - pattern.count else { return nil }
        var index = start
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0], Array(bytes[index..<index + pattern.count]) == pattern { return index }
            index += 1
        }
        return nil
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    private static func isSpaceOrSlash(_ byte: UInt8) -> Bool { isSpace(byte) || byte == UInt8(ascii: "/") }
    private static func isASCIILetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
}
