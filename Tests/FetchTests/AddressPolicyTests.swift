import Testing

@testable import Fetch

@Suite struct AddressPolicyTests {
    private func kind(_ text: String) throws -> IPAddressClass {
        IPAddressClass(try #require(IPAddress(text), "not an address: \(text)"))
    }

    @Test(arguments: [
        ("127.0.0.1", IPAddressClass.loopback), ("127.255.255.254", .loopback), ("::1", .loopback),
        ("10.0.0.1", .privateNetwork), ("10.255.255.255", .privateNetwork),
        ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.0.1", .privateNetwork), ("192.168.255.255", .privateNetwork),
        ("fc00::1", .privateNetwork), ("fd12:3456:789a::1", .privateNetwork), ("fec0::1", .privateNetwork),
        ("169.254.169.254", .linkLocal), ("169.254.0.1", .linkLocal), ("fe80::1", .linkLocal), ("febf::1", .linkLocal),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("::", .unspecified),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast), ("ff02::1", .multicast),
        ("255.255.255.255", .broadcast),
        ("240.0.0.1", .reserved), ("192.0.2.10", .reserved), ("198.51.100.1", .reserved),
        ("203.0.113.9", .reserved), ("198.18.0.1", .reserved), ("2001:db8::1", .reserved),
    ])
    func nonPublicRanges(address: String, expected: IPAddressClass) throws {
        #expect(try kind(address) == expected)
    }

    @Test(arguments: [
        "1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255",
        "192.169.0.0", "169.253.255.255", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0",
        "223.255.255.255", "2606:4700::1111", "2a00:1450:4001::200e", "fbff::1", "fe7f::1",
    ])
    func publicAddresses(address: String) throws {
        #expect(try kind(address) == .global)
    }

    @Test(arguments: [
        ("::ffff:127.0.0.1", IPAddressClass.loopback), ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal), ("::ffff:0.0.0.0", .unspecified), ("::127.0.0.1", .loopback),
        ("64:ff9b::192.168.1.1", .privateNetwork), ("2002:7f00:1::", .loopback), ("2002:a9fe:a9fe::1", .linkLocal),
        ("::ffff:8.8.8.8", .global), ("2002:808:808::1", .global),
    ])
    func ipv6FormsOfIPv4TakeTheIPv4Class(address: String, expected: IPAddressClass) throws {
        #expect(try kind(address) == expected)
    }

    @Test func textRoundTrips() throws {
        for text in ["127.0.0.1", "::1", "::ffff:127.0.0.1", "2001:db8::8:800:200c:417a", "fe80::1"] {
            #expect(try #require(IPAddress(text)).description == text)
        }
        #expect(IPAddress("localhost") == nil)
        #expect(IPAddress("[::1]") == nil)
        #expect(IPAddress("256.0.0.1") == nil)
        #expect(IPAddress("127.0.0.1") == .v4(0x7F00_0001))
        #expect(IPAddress("::1") == .v6(high: 0, low: 1))
    }

    @Test func policyRefusesOnlyWhenGuardIsOnAndAddressNotExempt() throws {
        let loopback = try #require(IPAddress("127.0.0.1"))
        let publicAddress = try #require(IPAddress("93.184.216.34"))
        let guarded = AddressPolicy(allowPrivateNetworks: false)
        #expect(guarded.refusal(for: loopback) == .loopback)
        #expect(guarded.refusal(for: publicAddress) == nil)
        #expect(AddressPolicy(allowPrivateNetworks: true).refusal(for: loopback) == nil)
        let exempting = AddressPolicy(allowPrivateNetworks: false, exemptAddresses: [loopback])
        #expect(exempting.refusal(for: loopback) == nil)
        #expect(exempting.refusal(for: try #require(IPAddress("127.0.0.2"))) == .loopback)
    }

    @Test func environmentProxiesAreExempt() {
        let addresses = AddressPolicy.proxyAddresses(environment: [
            "http_proxy": "http://127.0.0.1:3128", "HTTPS_PROXY": "[::1]:8443", "ALL_PROXY": "socks5h://10.9.8.7",
            "HTTP_PROXY": "http://192.168.7.7:80",  // libcurl ignores the upper-case form; so do we
            "no_proxy": "localhost",
        ])
        #expect(addresses == [IPAddress("127.0.0.1")!, IPAddress("::1")!, IPAddress("10.9.8.7")!])
        #expect(AddressPolicy.proxyAddresses(environment: [:]).isEmpty)
    }
}
