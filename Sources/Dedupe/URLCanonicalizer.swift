import Foundation

/// Normalises article URLs so that the same page reached by different links compares equal:
/// scheme and host case, trailing dot, default port, fragment, tracking parameters and parameter
/// order. Paths keep their case and percent-encoding (servers may treat them as distinct).
public enum URLCanonicalizer {
    /// Query parameters that only say where a click came from.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
        "_ga", "_gl", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "__s", "_hsenc", "_hsmi", "mkt_tok",
    ]

    /// The canonical form of `url`, or nil when it is not an absolute http(s) URL.
    public static func canonicalize(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var components = URLComponents(string: trimmed) ?? URLComponents(string: encodeUnsafeCharacters(trimmed)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            var host = components.percentEncodedHost?.lowercased(), !host.isEmpty
        else { return nil }
        while host.hasSuffix(".") { host.removeLast() }
        components.scheme = scheme
        components.percentEncodedHost = host
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { !isTracking($0.name) }.sorted { ($0.name, $0.value ?? "") < ($1.name, $1.value ?? "") }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        }
        return components.string
    }

    static func isTracking(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasPrefix("utm_") || trackingParameters.contains(lowered)
    }

    /// Percent-encodes characters `URLComponents` refuses (spaces, raw non-ASCII in feeds' links).
    static func encodeUnsafeCharacters(_ url: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.insert(charactersIn: "#%")
        return url.addingPercentEncoding(withAllowedCharacters: allowed) ?? url
    }
}
