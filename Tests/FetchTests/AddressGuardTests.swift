import FeedFarm
import Foundation
import Testing

@testable import Fetch

/// The private-network guard on a real connection. Only loopback addresses are used: the guard
/// refuses before connecting, and nothing else may be a target on a test machine.
@Suite struct AddressGuardTests {
    @Test func loopbackIsRefusedByDefault() throws {
        let server = try HTTPServer { _ in .ok("secret", contentType: "text/plain") }
        let url = server.baseURL + "/admin"
        let error = try #require(try fetchOnce(url, configuration: FetchConfiguration(userAgent: "newsd-tests")).error())
        #expect(error.code == .refusedAddress)
        #expect(
            error.message
                == "\(url): refused to connect to 127.0.0.1 (loopback address); set [fetch] allow_private_networks = true to allow")
        #expect(server.requests.isEmpty)
    }

    @Test func localhostNameIsRefusedAfterResolution() throws {
        let server = try HTTPServer { _ in .ok("secret", contentType: "text/plain") }
        let url = "http://localhost:\(server.port)/"
        let error = try #require(try fetchOnce(url, configuration: testConfiguration(allowPrivateNetworks: false)).error())
        #expect(error.code == .refusedAddress)
        #expect(error.message.contains("(loopback address)"))
        #expect(server.requests.isEmpty)
    }

    @Test func redirectTargetIsCheckedToo() throws {
        // 127.0.0.1 is exempt (as a proxy would be); the redirect to 127.0.0.2 is not.
        let server = try HTTPServer { request in
            request.path == "/start" ? .status(302, headers: [("Location", "http://127.0.0.2:9/internal")]) : .status(500)
        }
        let policy = AddressPolicy(allowPrivateNetworks: false, exemptAddresses: [IPAddress("127.0.0.1")!])
        let fetcher = try HTTPFetcher(configuration: testConfiguration(allowPrivateNetworks: false), addressPolicy: policy)
        defer { fetcher.shutdown() }
        let error = try #require(fetcher.fetch(FetchRequest(url: server.baseURL + "/start")).error())
        #expect(error.code == .refusedAddress)
        #expect(error.message.contains("refused to connect to 127.0.0.2 (loopback address)"))
        #expect(server.requests.map(\.target) == ["/start"])
    }

    @Test func allowingPrivateNetworksConnects() throws {
        let server = try HTTPServer { _ in .ok("intranet", contentType: "text/plain") }
        let response = try #require(try fetchOnce(server.baseURL + "/", configuration: testConfiguration(allowPrivateNetworks: true)).response())
        #expect(String(decoding: response.body, as: UTF8.self) == "intranet")
    }
}
