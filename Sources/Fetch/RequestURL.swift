/// Makes a URL as found in a feed safe to put on the wire.
///
/// Feeds carry URLs with raw UTF-8 (Arabic paths and queries are common) and stray spaces.
/// libcurl 7.88 percent-encodes raw bytes in the path but sends them raw in the query and refuses
/// spaces outright, so both are percent-encoded here, after the host and before libcurl sees
/// them. Existing `%XX` escapes and the host (libcurl converts IDN hosts itself) are left alone.
enum RequestURL {
    static func encoded(_ url: String) -> String {
        let bytes = Array(url.utf8)
        guard bytes.contains(where: needsEncoding) else { return url }
        // Everything up to the end of the authority (`scheme://host:port`) stays as it is.
        var start = 0
        if let schemeEnd = url.range(of: "://") {
            start = url.utf8.distance(from: url.utf8.startIndex, to: schemeEnd.upperBound)
            while start < bytes.count, !"/?#".utf8.contains(bytes[start]) { start += 1 }
        }
        var result = Array(bytes[..<start])
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in bytes[start...] {
            if needsEncoding(byte) {
                result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Bytes that may not appear raw in a URL's path, query or fragment.
    private static func needsEncoding(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte <= 0x20 || byte == 0x7F || "\"<>`".utf8.contains(byte)
    }
}
