import Foundation
import Markup
import Testing

@testable import Feeds

@Suite("Feed dates")
struct FeedDateTests {
    @Test(
        "the fast paths read exactly what DateParser reads",
        arguments: [
            "Sun, 01 Jun 2025 11:54:25 GMT", "Mon, 7 Jul 2025 01:02:03 +0530", "Tue, 29 Feb 2028 23:59:59 -0800",
            "Fri, 16 Mar 2018 09:12:00 +0300", "Sat, 16 Mar 2018 09:12:00 UT", "Wed, 31 Dec 1969 23:59:59 Z",
            "2025-06-01T11:54:25Z", "2025-06-01T11:54:25.125Z", "2018-03-16T09:12:00+03:00", "2018-03-16T01:12:00-05:00",
        ])
    func fastPaths(_ text: String) throws {
        let fast = try #require(FeedDate.parse(text))
        #expect(fast == DateParser.parse(text), "\(text)")
    }

    @Test(
        "other forms fall through to DateParser; impossible dates are nil",
        arguments: [
            ("Fri, 16 Mar 18 06:12:00 GMT", utc(2018, 3, 16, 6, 12)), ("16 Mar 2018 06:12 EST", utc(2018, 3, 16, 11, 12)),
            ("الجمعة، 16 مارس 2018 06:12:00 GMT", utc(2018, 3, 16, 6, 12)), ("2018-03-16", utc(2018, 3, 16)),
        ])
    func fallbacks(_ text: String, _ expected: Date) {
        #expect(FeedDate.parse(text) == expected, "\(text)")
    }

    @Test("impossible dates are nil, never guessed", arguments: ["Fri, 30 Feb 2018 06:12:00 GMT", "2018-13-01T00:00:00Z", "soon", ""])
    func impossible(_ text: String) {
        #expect(FeedDate.parse(text) == nil, "\(text)")
    }
}
