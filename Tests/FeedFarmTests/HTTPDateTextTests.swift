import Foundation
import Testing

@testable import FeedFarm

/// The farm's hand-written HTTP dates read exactly as `DateFormatter` writes them.
@Suite struct HTTPDateTextTests {
    static let reference: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    @Test func writesWhatDateFormatterWrites() {
        var seconds: [Double] = [0, -1, -86_400, 951_782_400, 951_868_799.9, 1_709_164_800, 4_102_444_800, 784_111_777]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            seconds.append(Double((seed >> 20) % 8_000_000_000) - 2_000_000_000)  // 1906 to 2157
        }
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(HTTPDateText.string(date) == Self.reference.string(from: date), "\(value)")
        }
        #expect(HTTPDateText.string(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}
