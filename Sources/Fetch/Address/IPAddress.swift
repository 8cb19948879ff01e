#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address, as a value.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address, most significant octet first (`127.0.0.1` is `0x7F00_0001`).
    case v4(UInt32)
    /// An IPv6 address as two 64-bit halves, most significant first (`::1` is `(0, 1)`).
    case v6(high: UInt64, low: UInt64)

    /// Parses a dotted IPv4 or textual IPv6 address (no brackets, no zone); nil for anything else.
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            self = withUnsafeBytes(of: &v6) { IPAddress(v6Bytes: $0) }
            return
        }
        return nil
    }

    /// Reads the address out of a `sockaddr_in` or `sockaddr_in6`; nil for other families.
    init?(family: Int32, socketAddress: UnsafeRawPointer) {
        switch family {
        case AF_INET:
            let address = socketAddress.loadUnaligned(as: sockaddr_in.self)
            self = .v4(UInt32(bigEndian: address.sin_addr.s_addr))
        case AF_INET6:
            var address = socketAddress.loadUnaligned(as: sockaddr_in6.self)
            self = withUnsafeBytes(of: &address.sin6_addr) { IPAddress(v6Bytes: $0) }
        default:
            return nil
        }
    }

    private init(v6Bytes bytes: UnsafeRawBufferPointer) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
        self = .v6(high: high, low: low)
    }

    /// The usual text form: `192.0.2.1`, `2001:db8::1`, `::ffff:127.0.0.1`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch self {
        case .v4(let value):
            var address = in_addr(s_addr: value.bigEndian)
            _ = inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
        case .v6(let high, let low):
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { bytes in
                for index in 0..<8 {
                    bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
                    bytes[index + 8] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
                }
            }
            _ = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The IPv4 address an IPv6 address carries and leads to: IPv4-mapped (`::ffff:a.b.c.d`),
    /// IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) and 6to4 (`2002:AABB:CCDD::/48`).
    public var embeddedIPv4: IPAddress? {
        guard case .v6(let high, let low) = self else { return nil }
        let lowV4 = IPAddress.v4(UInt32(truncatingIfNeeded: low))
        switch (high, low >> 32) {
        case (0, 0x0000_FFFF): return lowV4                     // ::ffff:0:0/96
        case (0, 0) where low > 1: return lowV4                 // ::/96 less :: and ::1
        case (0x0064_FF9B_0000_0000, 0): return lowV4           // 64:ff9b::/96
        default: break
        }
        if high >> 48 == 0x2002 {                               // 2002::/16
            return .v4(UInt32(truncatingIfNeeded: high >> 16))
        }
        return nil
    }
}
