/// What kind of network an address belongs to, for deciding whether the fetcher may reach it.
public enum IPAddressClass: Sendable, Hashable, CustomStringConvertible {
    /// An ordinary address on the public internet.
    case global
    /// This host: `127.0.0.0/8`, `::1`.
    case loopback
    /// A private network: `10/8`, `172.16/12`, `192.168/16`, `fc00::/7`, `fec0::/10`.
    case privateNetwork
    /// Link-local: `169.254/16`, `fe80::/10`.
    case linkLocal
    /// The unspecified address and "this network": `0.0.0.0/8`, `::`.
    case unspecified
    /// Carrier-grade NAT shared address space: `100.64/10`.
    case sharedAddressSpace
    /// Multicast: `224/4`, `ff00::/8`.
    case multicast
    /// The limited broadcast address `255.255.255.255`.
    case broadcast
    /// Reserved, documentation and benchmarking ranges: `240/4`, `192.0.0/24`, `192.0.2/24`,
    /// `198.18/15`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32`, `100::/64`.
    case reserved

    /// Classifies an address; IPv6 forms that carry an IPv4 address take that address's class.
    public init(_ address: IPAddress) {
        switch address {
        case .v4(let value): self = Self.classify(v4: value)
        case .v6(let high, let low):
            if let embedded = address.embeddedIPv4 {
                self = IPAddressClass(embedded)
            } else {
                self = Self.classify(v6High: high, low: low)
            }
        }
    }

    /// Words for an operator: `"loopback address"`.
    public var description: String {
        switch self {
        case .global: "public address"
        case .loopback: "loopback address"
        case .privateNetwork: "private network address"
        case .linkLocal: "link-local address"
        case .unspecified: "unspecified address"
        case .sharedAddressSpace: "carrier-grade NAT shared address"
        case .multicast: "multicast address"
        case .broadcast: "broadcast address"
        case .reserved: "reserved address"
        }
    }

    private static func classify(v4 value: UInt32) -> IPAddressClass {
        func within(_ prefix: UInt32, _ length: UInt32) -> Bool {
            let mask: UInt32 = length == 0 ? 0 : ~0 << (32 - length)
            return value & mask == prefix
        }
        if value == 0xFFFF_FFFF { return .broadcast }
        if within(0x0000_0000, 8) { return .unspecified }         // 0.0.0.0/8
        if within(0x7F00_0000, 8) { return .loopback }            // 127.0.0.0/8
        if within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) {
            return .privateNetwork                                 // 10/8, 172.16/12, 192.168/16
        }
        if within(0xA9FE_0000, 16) { return .linkLocal }          // 169.254/16
        if within(0x6440_0000, 10) { return .sharedAddressSpace } // 100.64/10
        if within(0xE000_0000, 4) { return .multicast }           // 224/4
        if within(0xF000_0000, 4) || within(0xC000_0000, 24) || within(0xC000_0200, 24)
            || within(0xC612_0000, 15) || within(0xC633_6400, 24) || within(0xCB00_7100, 24)
        {
            return .reserved                                       // 240/4, 192.0.0/24, 192.0.2/24,
        }                                                          // 198.18/15, 198.51.100/24, 203.0.113/24
        return .global
    }

    private static func classify(v6High high: UInt64, low: UInt64) -> IPAddressClass {
        if high == 0 && low == 0 { return .unspecified }          // ::
        if high == 0 && low == 1 { return .loopback }             // ::1
        let top16 = high >> 48
        if top16 & 0xFE00 == 0xFC00 { return .privateNetwork }    // fc00::/7
        if top16 & 0xFFC0 == 0xFE80 { return .linkLocal }         // fe80::/10
        if top16 & 0xFFC0 == 0xFEC0 { return .privateNetwork }    // fec0::/10 (old site-local)
        if top16 & 0xFF00 == 0xFF00 { return .multicast }         // ff00::/8
        if high >> 32 == 0x2001_0DB8 { return .reserved }         // 2001:db8::/32
        if high == 0x0100_0000_0000_0000 { return .reserved }     // 100::/64
        if high >> 16 == 0x0064_FF9B_0001 { return .privateNetwork } // 64:ff9b:1::/48, local NAT64
        return .global
    }
}
