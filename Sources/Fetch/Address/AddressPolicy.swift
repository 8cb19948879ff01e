/// Decides which addresses the fetcher may connect to: the guard against server-side request
/// forgery (a feed URL or redirect that points into the operator's own networks).
///
/// `HTTPFetcher` asks it for every connection libcurl opens, with the address DNS actually
/// returned, so redirects and DNS rebinding are covered too.
public struct AddressPolicy: Sendable {
    /// When true every address is allowed.
    public var allowPrivateNetworks: Bool
    /// Addresses allowed even when the guard is on: the HTTP proxies from the environment, which
    /// the fetcher must reach and which then resolve the destination themselves.
    public var exemptAddresses: Set<IPAddress>
    /// Networks the operator allows although they are not public (`[fetch] allow_networks`).
    public var allowedNetworks: [IPNetwork]

    public init(allowPrivateNetworks: Bool, exemptAddresses: Set<IPAddress> = [], allowedNetworks: [IPNetwork] = []) {
        self.allowPrivateNetworks = allowPrivateNetworks
        self.exemptAddresses = exemptAddresses
        self.allowedNetworks = allowedNetworks
    }

    /// The class of address that makes `address` refused, or nil when the fetcher may connect.
    public func refusal(for address: IPAddress) -> IPAddressClass? {
        guard !allowPrivateNetworks, !exemptAddresses.contains(address) else { return nil }
        if allowedNetworks.contains(where: { $0.contains(address) }) { return nil }
        let kind = IPAddressClass(address)
        return kind == .global ? nil : kind
    }
}
