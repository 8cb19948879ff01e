import Foundation
import Testing

@testable import Fetch

/// HTTP dates: the preferred form read without a formatter gives what the formatter gives, and
/// the other forms still go to the formatter.
@Suite struct HTTPDateTests {
    static let reference: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    @Test func thePreferredFormIsReadAsTheFormatterReadsIt() throws {
        var seconds: [Double] = [0, 951_782_400, 951_868_799, 1_709_164_800, 4_102_444_800, 784_111_777, 253_402_300_799]
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<2000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            seconds.append(Double((seed >> 20) % 8_000_000_000) - 2_000_000_000)  // 1906 to 2157
        }
        for value in seconds {
            let text = Self.reference.string(from: Date(timeIntervalSince1970: value))
            let fast = try #require(HTTPDate.parseFixdate(text), "\(text)")
            #expect(fast == Date(timeIntervalSince1970: value), "\(text)")
            #expect(HTTPDate.parse(" \(text) ") == fast)
        }
    }

    @Test func otherFormsAndOddDaysAreLeftToTheFormatter() {
        let date = Date(timeIntervalSince1970: 784_111_777)
        for text in ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 UTC"] {
            #expect(HTTPDate.parseFixdate(text) == nil, "\(text)")
            #expect(HTTPDate.parse(text) == date, "\(text)")
        }
        for text in ["Sun, 30 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 06 Nux 1994 08:49:37 GMT", "Sun, 0x Nov 1994 08:49:37 GMT"] {
            #expect(HTTPDate.parseFixdate(text) == nil, "\(text)")
        }
        #expect(HTTPDate.parse("tomorrow") == nil)
    }
}
