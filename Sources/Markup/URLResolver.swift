@preconcurrency import CLibXML2

/// Resolves relative references (RFC 3986) with libxml2's `xmlBuildURI`.
public enum URLResolver {
    /// The absolute form of `reference` resolved against `base`.
    ///
    /// Whitespace around the reference is trimmed; characters a URI may not hold (non-ASCII
    /// letters, spaces, ...) are percent-encoded as UTF-8 first, as browsers do. Without a base
    /// the (encoded) reference is returned as it is. Returns `nil` for an empty reference or one
    /// that cannot be resolved.
    public static func resolve(_ reference: String, against base: String?) -> String? {
        let trimmed = reference.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        let encodedReference = percentEncodingInvalidCharacters(trimmed)
        guard let base = base?.trimmingWhitespace(), !base.isEmpty else { return encodedReference }
        LibXML.ensureInitialized()
        let encodedBase = percentEncodingInvalidCharacters(base)
        return LibXML.consume(xmlBuildURI(encodedReference, encodedBase))
    }

    /// Whether a string is an absolute URL with an http or https scheme.
    public static func isHTTP(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// Percent-encodes (as UTF-8) every byte that may not appear in a URI, keeping the
    /// reserved and unreserved characters and existing `%` escapes.
    /// The bytes a URI may hold as they are, as a 256-entry table.
    private static let allowed: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    static func percentEncodingInvalidCharacters(_ text: String) -> String {
        let allowed = Self.allowed
        guard text.utf8.contains(where: { !allowed[Int($0)] }) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if allowed[Int(byte)] {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing whitespace (Unicode White_Space).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
