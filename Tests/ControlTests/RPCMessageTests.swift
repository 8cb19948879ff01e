import Control
import Foundation
import Testing

@Suite struct RPCMessageTests {
    @Test func requestRoundTripsWithTypedParams() throws {
        let request = try RPCRequest(id: .number(3), method: .feedAdd, params: FeedAddParams(url: "https://a.example/rss", interval: "10m", tags: ["عربي"]))
        let decoded = try ControlCoding.decode(RPCRequest.self, from: try ControlCoding.line(request))
        #expect(decoded.method == "feed.add")
        #expect(decoded.id == .number(3))
        #expect(try decoded.decodeParams(FeedAddParams.self) == FeedAddParams(url: "https://a.example/rss", interval: "10m", tags: ["عربي"]))
    }

    @Test func wrongParamTypesAreInvalidParamsNamingTheField() throws {
        let request = RPCRequest(id: .string("x"), method: "article.get", params: .object(["id": .string("seven")]))
        #expect(throws: RPCError.self) { try request.decodeParams(ArticleGetParams.self) }
        do {
            _ = try request.decodeParams(ArticleGetParams.self)
        } catch {
            #expect(error.code == .invalidParams)
            #expect(error.message.contains("id"))
        }
    }

    @Test func unknownParamFieldsAreIgnored() throws {
        let request = RPCRequest(id: nil, method: "article.get", params: .object(["id": .number(4), "future": .bool(true)]))
        #expect(try request.decodeParams(ArticleGetParams.self) == ArticleGetParams(id: 4))
    }

    @Test func errorResponseWritesANullIdAndNoResult() throws {
        let response = RPCResponse(id: nil, error: RPCError(.parseError, "not valid JSON"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try ControlCoding.line(response))) as? [String: Any])
        #expect(json["id"] is NSNull)
        #expect(json["result"] == nil)
        #expect((json["error"] as? [String: Any])?["code"] as? Int == -32700)
        #expect(json["jsonrpc"] as? String == "2.0")
    }

    @Test func resultDecodesOrThrowsTheDaemonsError() throws {
        let ok = RPCResponse(id: .number(1), result: try ControlCoding.value(of: FeedPollResult(scheduled: 2)))
        #expect(try ok.decodeResult(FeedPollResult.self) == FeedPollResult(scheduled: 2))
        let refused = RPCResponse(id: .number(1), error: RPCError(.notFound, "no feed 9"))
        #expect(throws: RPCError(.notFound, "no feed 9")) { try refused.decodeResult(FeedPollResult.self) }
    }

    @Test func feedReferenceReadsIdsAndURLs() {
        #expect(FeedReference(argument: "42") == FeedReference(id: 42))
        #expect(FeedReference(argument: "https://a.example/rss") == FeedReference(url: "https://a.example/rss"))
    }
}
