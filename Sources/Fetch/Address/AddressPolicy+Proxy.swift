import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension AddressPolicy {
    /// The addresses of the proxies libcurl takes from the environment for http and https URLs
    /// (`http_proxy`, `https_proxy`/`HTTPS_PROXY`, `all_proxy`/`ALL_PROXY`; libcurl ignores an
    /// upper-case `HTTP_PROXY`), with proxy host names resolved now.
    ///
    /// Behind a proxy the guard sees only the proxy's address, so the proxy must enforce the
    /// destination policy; exempting it lets a proxy on a private address keep working.
    static func proxyAddresses(environment: [String: String]) -> Set<IPAddress> {
        let names = ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
        var addresses: Set<IPAddress> = []
        for name in names {
            guard var value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { continue }
            if !value.contains("://") { value = "http://" + value }
            guard let host = CurlURL(value)?.host else { continue }
            addresses.formUnion(resolve(host))
        }
        return addresses
    }

    /// Every address `host` (a name or an address literal, IPv6 possibly in brackets) resolves to.
    static func resolve(_ host: String) -> Set<IPAddress> {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if let literal = IPAddress(name) { return [literal] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var result: Set<IPAddress> = []
        var node = list
        while let current = node {
            if let address = current.pointee.ai_addr,
                let ip = IPAddress(family: current.pointee.ai_family, socketAddress: address)
            {
                result.insert(ip)
            }
            node = current.pointee.ai_next
        }
        return result
    }
}
