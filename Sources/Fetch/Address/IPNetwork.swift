/// A block of addresses in CIDR form (`10.1.0.0/16`, `fd00::/8`), or one address.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    /// Parses `address/prefix` or a bare address (a network of one); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        let width = if case .v4 = address { 32 } else { 128 }
        var prefix = width
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...width).contains(value) else { return nil }
            prefix = value
        }
        self.address = address
        self.prefixLength = prefix
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// Whether `other` lies in this network (IPv4 and IPv6 never match each other).
    public func contains(_ other: IPAddress) -> Bool {
        switch (address, other) {
        case (.v4(let network), .v4(let candidate)):
            guard prefixLength > 0 else { return true }
            let mask = UInt32.max << (32 - prefixLength)
            return network & mask == candidate & mask
        case (.v6(let networkHigh, let networkLow), .v6(let high, let low)):
            if prefixLength <= 64 {
                let mask = prefixLength == 0 ? 0 : UInt64.max << (64 - prefixLength)
                return networkHigh & mask == high & mask
            }
            let mask = UInt64.max << (128 - prefixLength)
            return networkHigh == high && networkLow & mask == low & mask
        default:
            return false
        }
    }
}
