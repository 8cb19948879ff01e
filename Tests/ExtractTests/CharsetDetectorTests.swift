import Foundation
import Markup
import Testing

@Suite("Charset decisions")
struct CharsetDetectorTests {
    static let arabic = "<p>انطلقت في العاصمة الكازاخية، اليوم الجمعة، فعاليات اجتماع وزراء خارجية الدول الضامنة لمسار أستانة.</p>"
    static let french = "<p>Le caf\u{E9} \u{E9}tait ferm\u{E9} \u{E0} cause de la gr\u{E8}ve, a d\u{E9}clar\u{E9} le ma\u{EE}tre d'h\u{F4}tel.</p>"

    @Test("labels are normalised to names iconv and libxml2 accept")
    func labels() {
        #expect(CharsetDetector.normalizedLabel("cp1256") == "WINDOWS-1256")
        #expect(CharsetDetector.normalizedLabel(" Windows-1256 ") == "WINDOWS-1256")
        #expect(CharsetDetector.normalizedLabel("x-cp1256") == "WINDOWS-1256")
        #expect(CharsetDetector.normalizedLabel("ISO-8859-6") == "ISO-8859-6")
        #expect(CharsetDetector.normalizedLabel("arabic") == "ISO-8859-6")
        #expect(CharsetDetector.normalizedLabel("iso_8859-6:1987") == "ISO-8859-6")
        #expect(CharsetDetector.normalizedLabel("latin1") == "WINDOWS-1252")
        #expect(CharsetDetector.normalizedLabel("ISO-8859-1") == "WINDOWS-1252")
        #expect(CharsetDetector.normalizedLabel("us-ascii") == "WINDOWS-1252")
        #expect(CharsetDetector.normalizedLabel("UTF8") == "UTF-8")
        #expect(CharsetDetector.normalizedLabel("windows-1251") == "WINDOWS-1251")
        #expect(CharsetDetector.normalizedLabel("iso-8859-15") == "ISO-8859-15")
        #expect(CharsetDetector.normalizedLabel("gb2312") == "GB18030")
        #expect(CharsetDetector.normalizedLabel("shift_jis") == "CP932")
        #expect(CharsetDetector.normalizedLabel("no-such-charset") == nil)
        #expect(CharsetDetector.normalizedLabel("") == nil)
    }

    @Test("Content-Type parameters")
    func contentType() {
        #expect(CharsetDetector.charsetParameter(ofContentType: "text/html; charset=windows-1256") == "windows-1256")
        #expect(CharsetDetector.charsetParameter(ofContentType: "text/html;Charset=\"UTF-8\"") == "UTF-8")
        #expect(CharsetDetector.charsetParameter(ofContentType: "text/html; foo=bar; charset = 'cp1256' ") == "cp1256")
        #expect(CharsetDetector.charsetParameter(ofContentType: "text/html") == nil)
        #expect(CharsetDetector.charsetParameter(ofContentType: nil) == nil)
        #expect(CharsetDetector.mediaType(ofContentType: "Text/HTML; charset=utf-8") == "text/html")
    }

    @Test("the <meta> prescan: charset, http-equiv, quotes, comments, other tags")
    func prescan() {
        func scan(_ html: String) -> String? { CharsetDetector.prescanMeta(Data(html.utf8)) }
        #expect(scan("<html><head><meta charset=\"windows-1256\">") == "windows-1256")
        #expect(scan("<meta charset=windows-1256>") == "windows-1256")
        #expect(scan("<META CHARSET='ISO-8859-6'/>") == "ISO-8859-6")
        #expect(scan("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">") == "windows-1256")
        #expect(scan("<meta content='text/html; charset=\"cp1256\"' http-equiv='content-type'>") == "cp1256")
        #expect(scan("<meta content=\"text/html; charset=cp1256\">") == nil, "content without http-equiv does not count")
        #expect(scan("<!-- <meta charset=\"koi8-r\"> --><meta charset=\"utf-8\">") == "utf-8")
        #expect(scan("<div title='<meta charset=koi8-r>'><meta charset=utf-8>") == "utf-8")
        #expect(scan("<html><head><title>x</title></head>") == nil)
        let late = "<html><head>" + String(repeating: "<script>var a = 1;</script>\n", count: 300) + "<meta charset=\"windows-1256\">"
        #expect(scan(late) == "windows-1256", "a meta past 4 KiB is found by the second, longer look")
    }

    @Test("HTML decisions: BOM, then HTTP, then meta, then detection; contradictions overruled")
    func htmlDecisions() throws {
        let page1256 = try iconvEncode("<html><head><meta charset=\"windows-1256\"></head><body>\(Self.arabic)</body></html>", to: "WINDOWS-1256")
        #expect(CharsetDetector.htmlCharset(for: page1256, contentType: nil) == CharsetDecision(charset: "WINDOWS-1256", source: .metaTag))
        #expect(CharsetDetector.htmlCharset(for: page1256, contentType: "text/html; charset=cp1256")
            == CharsetDecision(charset: "WINDOWS-1256", source: .httpHeader))
        #expect(CharsetDetector.htmlCharset(for: page1256, contentType: "text/html; charset=utf-8")
            == CharsetDecision(charset: "WINDOWS-1256", source: .detection))

        let bare1256 = try iconvEncode("<html><body>\(Self.arabic)</body></html>", to: "WINDOWS-1256")
        #expect(CharsetDetector.htmlCharset(for: bare1256, contentType: nil) == CharsetDecision(charset: "WINDOWS-1256", source: .detection))
        let bare1252 = try iconvEncode("<html><body>\(Self.french)</body></html>", to: "WINDOWS-1252")
        #expect(CharsetDetector.htmlCharset(for: bare1252, contentType: nil) == CharsetDecision(charset: "WINDOWS-1252", source: .detection))
        let utf8 = Data("<html><body>\(Self.arabic)</body></html>".utf8)
        #expect(CharsetDetector.htmlCharset(for: utf8, contentType: nil) == CharsetDecision(charset: "UTF-8", source: .detection))
        #expect(CharsetDetector.htmlCharset(for: utf8, contentType: "text/html; charset=iso-8859-1")
            == CharsetDecision(charset: "UTF-8", source: .detection))
        #expect(CharsetDetector.htmlCharset(for: Data([0xEF, 0xBB, 0xBF]) + utf8, contentType: "text/html; charset=windows-1256")
            == CharsetDecision(charset: "UTF-8", source: .byteOrderMark))
    }

    @Test("windows-1256 decodes through libxml2's iconv, with and without a declaration")
    func libxml2Windows1256() throws {
        let bytes = try iconvEncode("<html><body>\(Self.arabic)</body></html>", to: "WINDOWS-1256")
        let decision = CharsetDetector.htmlCharset(for: bytes, contentType: nil)
        let document = try HTMLDocument(data: bytes, encoding: decision.charset, url: nil)
        let text = try #require(document.body).renderedText()
        #expect(text == "انطلقت في العاصمة الكازاخية، اليوم الجمعة، فعاليات اجتماع وزراء خارجية الدول الضامنة لمسار أستانة.")
        let iso = try iconvEncode("<html><body>\(Self.arabic)</body></html>", to: "ISO-8859-6")
        let isoDocument = try HTMLDocument(data: iso, encoding: "ISO-8859-6", url: nil)
        #expect(isoDocument.body?.renderedText() == text)
    }

    @Test("an encoding given to libxml2 wins over a contradicting <meta>")
    func encodingWinsOverMeta() throws {
        let html = "<html><head><meta charset=\"windows-1256\"></head><body><p>مرحبا</p></body></html>"
        let document = try HTMLDocument(data: Data(html.utf8), encoding: "UTF-8", url: nil)
        #expect(document.body?.renderedText() == "مرحبا")
    }

    @Test("UTF-8 with a stray invalid byte keeps its Arabic text")
    func strayByte() throws {
        var bytes = Data("<html><body><p>مرحبا بالعالم</p><p>".utf8)
        bytes.append(0xA0)
        bytes.append(contentsOf: Data("ثم نص آخر طويل بما يكفي</p></body></html>".utf8))
        let decision = CharsetDetector.htmlCharset(for: bytes, contentType: "text/html; charset=utf-8")
        #expect(decision.charset == "UTF-8")
        let document = try HTMLDocument(data: bytes, encoding: decision.charset, url: nil)
        #expect(document.body?.renderedText() == "مرحبا بالعالم\n\n\u{FFFD}ثم نص آخر طويل بما يكفي")
    }
}
