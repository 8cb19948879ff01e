import Testing

@testable import Fetch

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        let headers = HTTPHeaders([
            (name: "Content-Type", value: "text/html"), (name: "Set-Cookie", value: "a=1"),
            (name: "set-cookie", value: "b=2"), (name: "ETag", value: "\"x\""),
        ])
        #expect(headers["content-type"] == "text/html")
        #expect(headers["CONTENT-TYPE"] == "text/html")
        #expect(headers["Set-Cookie"] == "a=1")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["Missing"] == nil)
        #expect(headers.contains("etag"))
        #expect(headers.map(\.name) == ["Content-Type", "Set-Cookie", "set-cookie", "ETag"])
        #expect(headers.count == 4)
    }

    @Test func foldedLineContinuesThePreviousField() {
        var headers = HTTPHeaders()
        headers.append(name: "X-Long", value: "first")
        headers.appendToLast("second")
        #expect(headers["x-long"] == "first second")
    }
}
