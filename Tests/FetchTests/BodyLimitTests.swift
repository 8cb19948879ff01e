import FeedFarm
import Foundation
import Testing

@testable import Fetch

@Suite struct BodyLimitTests {
    @Test func contentLengthOverLimitIsRefused() throws {
        let server = try HTTPServer { _ in .ok([UInt8](repeating: 65, count: 5000), contentType: "text/plain") }
        let error = try #require(try fetchOnce(server.baseURL + "/big", configuration: testConfiguration(maxBodyBytes: 1024)).error())
        #expect(error.code == .tooLarge)
        #expect(error.url == server.baseURL + "/big")
        #expect(error.message == "\(server.baseURL)/big: body larger than 1 KiB limit (Content-Length 5000)")
    }

    @Test func streamedBodyWithoutLengthIsCutOffAtLimit() throws {
        let server = try HTTPServer { _ in
            HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: .stream { write in
                // Endless unless the client hangs up; bounded so a broken client cannot keep it going.
                for _ in 0..<10_000 { do { try write([UInt8](repeating: 66, count: 512)) } catch { return } }
            })
        }
        let error = try #require(try fetchOnce(server.baseURL + "/endless", configuration: testConfiguration(maxBodyBytes: 1024)).error())
        #expect(error.code == .tooLarge)
        #expect(error.message == "\(server.baseURL)/endless: body larger than 1 KiB limit")
    }

    @Test func bodyExactlyAtLimitIsAccepted() throws {
        let bytes = [UInt8](repeating: 67, count: 1024)
        let server = try HTTPServer { _ in
            HTTPResponse(status: 200, body: .stream { write in try? write(bytes) })
        }
        let response = try #require(try fetchOnce(server.baseURL + "/exact", configuration: testConfiguration(maxBodyBytes: 1024)).response())
        #expect(Array(response.body) == bytes)
    }
}
