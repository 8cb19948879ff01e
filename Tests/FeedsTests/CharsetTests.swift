import Foundation
import Testing

@testable import Feeds

/// Legacy charsets decoded to the right characters, with RFC 7303's precedence.
@Suite("Feed charsets")
struct CharsetTests {
    static func rss(title: String, item: String, encoding: String?) -> String {
        let declaration = encoding.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>" } ?? "<?xml version=\"1.0\"?>"
        return "\(declaration)\n<rss version=\"2.0\"><channel><title>\(title)</title>"
            + "<item><title>\(item)</title><guid>1</guid><description><![CDATA[<p>\(item)</p>]]></description></item></channel></rss>"
    }

    @Test(
        "a declared legacy charset is decoded to the right characters",
        arguments: [
            ("WINDOWS-1256", "windows-1256", "أخبار اليوم", "وزير الخارجية يلتقي نظيره"),
            ("ISO-8859-6", "iso-8859-6", "أخبار اليوم", "وزير الخارجية يلتقي نظيره"),
            ("WINDOWS-1251", "windows-1251", "Новости дня", "Министр встретился с коллегой"),
            ("WINDOWS-1255", "windows-1255", "חדשות היום", "השר נפגש עם עמיתו"),
            ("ISO-8859-1", "iso-8859-1", "Les nouvelles", "Le ministre a rencontré son homologue à Genève"),
            ("GB2312", "gb2312", "今日新闻", "外交部长会见了他的同行"),
            ("KOI8-R", "koi8-r", "Новости дня", "Министр встретился с коллегой"),
        ])
    func declared(_ iconvName: String, _ label: String, _ title: String, _ item: String) throws {
        let bytes = try iconvEncode(Self.rss(title: title, item: item, encoding: label), to: iconvName)
        #expect(String(data: bytes, encoding: .utf8) == nil, "the fixture must really be \(iconvName)")
        let feed = try FeedParser.parse(bytes, url: nil, contentType: "application/rss+xml")
        #expect(feed.title == title)
        #expect(feed.items.first?.title == item)
        #expect(feed.items.first?.summaryText == FeedText("<p>\(item)</p>", kind: .html))
        #expect(feed.isWellFormed)
    }

    @Test("the HTTP charset wins over the XML declaration, also for text/xml (RFC 7303)")
    func httpCharsetWins() throws {
        let bytes = try iconvEncode(Self.rss(title: "أخبار", item: "خبر عاجل", encoding: "iso-8859-1"), to: "WINDOWS-1256")
        for type in ["application/xml; charset=windows-1256", "text/xml; charset=\"windows-1256\"", "application/rss+xml;charset=cp1256"] {
            let feed = try FeedParser.parse(bytes, url: nil, contentType: type)
            #expect(feed.items.first?.title == "خبر عاجل", "\(type)")
            #expect(feed.charset == "WINDOWS-1256")
        }
        // text/xml without a charset: the declaration decides (RFC 3023's US-ASCII default is gone).
        let utf8 = Data(Self.rss(title: "Café", item: "Crème brûlée", encoding: "utf-8").utf8)
        #expect(try FeedParser.parse(utf8, url: nil, contentType: "text/xml").items.first?.title == "Crème brûlée")
    }

    @Test("a byte-order mark wins over everything else")
    func byteOrderMark() throws {
        var bytes = Data([0xEF, 0xBB, 0xBF])
        bytes.append(Data(Self.rss(title: "عنوان", item: "مقال", encoding: "windows-1256").utf8))
        let feed = try FeedParser.parse(bytes, url: nil, contentType: "text/xml; charset=iso-8859-1")
        #expect(feed.items.first?.title == "مقال")
        let utf16 = try iconvEncode(Self.rss(title: "عنوان", item: "مقال UTF-16", encoding: "utf-16"), to: "UTF-16")
        #expect(try FeedParser.parse(utf16, url: nil, contentType: nil).items.first?.title == "مقال UTF-16")
    }

    @Test("undeclared Latin-1 and Arabic are detected; the document is then not well-formed")
    func undeclared() throws {
        let latin1 = try iconvEncode(Self.rss(title: "Les nouvelles", item: "Genève et Zürich", encoding: nil), to: "ISO-8859-1")
        let french = try FeedParser.parse(latin1, url: nil, contentType: nil)
        #expect(french.items.first?.title == "Genève et Zürich")
        #expect(french.isWellFormed == false)
        #expect(french.recoveryNote?.contains("not UTF-8") == true)
        let arabic = try iconvEncode(Self.rss(title: "أخبار", item: "انطلاق اجتماع وزراء الخارجية", encoding: nil), to: "WINDOWS-1256")
        #expect(try FeedParser.parse(arabic, url: nil, contentType: nil).items.first?.title == "انطلاق اجتماع وزراء الخارجية")
    }

    @Test("declarations the bytes contradict are overruled; unknown charsets are reported")
    func contradictions() throws {
        // UTF-8 bytes declared windows-1252: read as UTF-8.
        let utf8 = Data(Self.rss(title: "أخبار", item: "خبر", encoding: "windows-1252").utf8)
        let feed = try FeedParser.parse(utf8, url: nil, contentType: nil)
        #expect(feed.items.first?.title == "خبر")
        #expect(feed.isWellFormed == false)
        // Arabic windows-1256 bytes declared ISO-8859-1: read as windows-1256.
        let mislabelled = try iconvEncode(Self.rss(title: "أخبار", item: "وزير الخارجية", encoding: "iso-8859-1"), to: "WINDOWS-1256")
        #expect(try FeedParser.parse(mislabelled, url: nil, contentType: nil).items.first?.title == "وزير الخارجية")
        // A charset nobody knows: reported, and the bytes are read as what they are.
        let bogus = Data(Self.rss(title: "News", item: "Plain", encoding: "bogus-8").utf8)
        let read = try FeedParser.parse(bogus, url: nil, contentType: nil)
        #expect(read.items.first?.title == "Plain")
        #expect(read.recoveryNote?.contains("bogus-8") == true)
    }

    @Test("a few invalid bytes in UTF-8 become U+FFFD and the rest is kept")
    func strayBytes() throws {
        var text = Self.rss(title: "أخبار", item: String(repeating: "مرحبا بالعالم ", count: 10) + "X", encoding: "utf-8")
        text = text.replacingOccurrences(of: "X", with: "\u{1}")
        var bytes = Data(text.utf8)
        let index = try #require(bytes.firstIndex(of: 0x01))
        bytes[index] = 0xFF
        let feed = try FeedParser.parse(bytes, url: nil, contentType: nil)
        #expect(feed.items.first?.title?.hasPrefix("مرحبا بالعالم مرحبا") == true)
        #expect(feed.items.first?.title?.hasSuffix("\u{FFFD}") == true)
        #expect(feed.isWellFormed == false)
    }
}
