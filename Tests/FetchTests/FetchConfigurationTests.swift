import Testing

@testable import Fetch

@Suite struct FetchConfigurationTests {
    @Test func defaultsAreTheDocumentedOnes() {
        let configuration = FetchConfiguration(userAgent: "newsd/1")
        #expect(configuration.allowPrivateNetworks == false)
        #expect(configuration.connectTimeout == 10)
        #expect(configuration.timeout == 30)
        #expect(configuration.maxBodyBytes == 16 << 20)
        #expect(configuration.maxRedirects == 5)
        #expect(configuration.maxConcurrentTransfers == 64)
    }

    @Test func outOfRangeValuesAreRefusedByName() {
        var configuration = FetchConfiguration(userAgent: "newsd/1")
        configuration.maxConcurrentTransfers = 0
        #expect {
            try HTTPFetcher(configuration: configuration)
        } throws: { error in
            (error as? FetchError)?.code == .setup && "\(error)".contains("maxConcurrentTransfers must be at least 1")
        }
        var badAgent = FetchConfiguration(userAgent: "newsd\r\nX-Evil: 1")
        badAgent.timeout = 1
        #expect(throws: FetchError.self) { try HTTPFetcher(configuration: badAgent) }
    }

    @Test func byteCountsReadLikeAnOperatorWouldWriteThem() {
        #expect(ByteCount.describe(16 << 20) == "16 MiB")
        #expect(ByteCount.describe(1024) == "1 KiB")
        #expect(ByteCount.describe(1500) == "1500 bytes")
        #expect(ByteCount.describe(2 << 30) == "2 GiB")
    }
}
