import FeedFarm
import Testing

@testable import Fetch

@Suite struct RequestURLTests {
    @Test func arabicAndSpacesArePercentEncodedOnTheWire() throws {
        let server = try HTTPServer { _ in .ok("x", contentType: "text/plain") }
        let url = server.baseURL + "/أخبار/رئيسية?q=عربي كلمة&page=2"
        let response = try #require(try fetchOnce(url).response())
        #expect(response.requestedURL == url)
        #expect(
            server.requests.first?.target.uppercased()
                == "/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%B1%D8%A6%D9%8A%D8%B3%D9%8A%D8%A9?Q=%D8%B9%D8%B1%D8%A8%D9%8A%20%D9%83%D9%84%D9%85%D8%A9&PAGE=2")
    }

    @Test func encodingLeavesHostAndEscapesAlone() {
        #expect(RequestURL.encoded("https://example.org/a%20b?x=1#f") == "https://example.org/a%20b?x=1#f")
        #expect(RequestURL.encoded("https://مثال.example/ص ح") == "https://مثال.example/%D8%B5%20%D8%AD")
        #expect(RequestURL.encoded("http://h:8080?q=\"x\"") == "http://h:8080?q=%22x%22")
    }
}
