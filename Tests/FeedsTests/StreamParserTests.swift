import Foundation
import Markup
import Testing

@testable import Feeds

/// The streaming XML layer under the feed reader: CDATA sections lifted past libxml2 must read
/// exactly as libxml2 would read them, and hostile input must stay bounded.
@Suite("Streaming XML")
struct StreamParserTests {
    final class Collector: XMLStreamDelegate {
        var events: [String] = []
        var text = ""
        func startElement(_ name: XMLStreamName, attributes: [XMLStreamAttribute], namespaces: [(prefix: String?, uri: String)]) {
            flush()
            events.append("<\(name.qualifiedName)" + attributes.map { " \($0.name.localName)=\($0.value)" }.joined() + ">")
        }
        func endElement(_ name: XMLStreamName) {
            flush()
            events.append("</\(name.qualifiedName)>")
        }
        func characters(_ text: UnsafeBufferPointer<UInt8>) { self.text += String(decoding: text, as: UTF8.self) }
        func flush() {
            if !text.isEmpty { events.append(text) }
            text = ""
        }
    }

    static func events(_ xml: String, encoding: String? = "UTF-8") -> ([String], XMLStreamResult) {
        let collector = Collector()
        let result = XMLStreamParser.parse(Data(xml.utf8), encoding: encoding, isValidUTF8: true, delegate: collector)
        collector.flush()
        return (collector.events, result)
    }

    @Test("lifted CDATA reads as libxml2 reads it: brackets, markup, Arabic, empty sections, and next to text")
    func liftedCDATA() {
        let xml = "<a><b><![CDATA[<p>x ]] ]> y</p>]]></b><c>t<![CDATA[مرحبا]]>u<![CDATA[]]></c><!-- <![CDATA[no]]> --><d><![CDATA[0]]></d></a>"
        let lifted = Self.events(xml)
        let plain = Self.events(xml, encoding: nil)
        #expect(lifted.0 == plain.0)
        #expect(lifted.0 == ["<a>", "<b>", "<p>x ]] ]> y</p>", "</b>", "<c>", "tمرحباu", "</c>", "<d>", "0", "</d>", "</a>"])
        #expect(lifted.1.isWellFormed)
        // Line ends inside CDATA are normalised as XML requires.
        let windows = "<a><![CDATA[one\r\ntwo\rthree\n]]></a>"
        #expect(Self.events(windows).0 == Self.events(windows, encoding: nil).0)
        #expect(Self.events(windows).0 == ["<a>", "one\ntwo\nthree\n", "</a>"])
    }

    @Test("CDATA XML rejects is left to libxml2, which reports it")
    func rejectedCDATA() {
        let (events, result) = Self.events("<a><![CDATA[bell\u{7}]]><b>after</b></a>")
        #expect(result.isWellFormed == false)
        #expect(events.contains("after"))
        let (cut, cutResult) = Self.events("<a><![CDATA[never closed")
        #expect(cutResult.isWellFormed == false)
        #expect(cut.first == "<a>")
    }

    @Test("entities: HTML ones read, unknown ones kept as text, bombs stopped")
    func entities() {
        let (events, result) = Self.events("<a>caf&eacute; &unknown; a&b &#X41;</a>")
        #expect(events == ["<a>", "café &unknown; a&b A", "</a>"])
        #expect(result.isWellFormed == false)
        var bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x0 \"ha\">"
        for level in 1...20 { bomb += "<!ENTITY x\(level) \"&x\(level - 1);&x\(level - 1);\">" }
        bomb += "]><a>&x20;</a>"
        let collector = Collector()
        let clock = ContinuousClock()
        var bombResult: XMLStreamResult?
        let elapsed = clock.measure {
            bombResult = XMLStreamParser.parse(Data(bomb.utf8), encoding: nil, delegate: collector, maxTextBytes: 1 << 20)
        }
        #expect(elapsed < .seconds(5))
        #expect(collector.text.utf8.count <= 1 << 21)
        #expect(bombResult?.isWellFormed == false)
    }

    @Test("deep nesting and a huge attribute stay bounded")
    func bounded() throws {
        let deep = String(repeating: "<x>", count: 5000) + "text" + String(repeating: "</x>", count: 5000)
        let (_, result) = Self.events("<rss><channel><item><title>" + deep + "</title></item></channel></rss>")
        #expect(result.isWellFormed == false, "libxml2 refuses nesting past 256 levels")
        let huge = "<rss><channel><item><title a=\"" + String(repeating: "v", count: 12 << 20) + "\">t</title></item></channel></rss>"
        let feed = try FeedParser.parse(Data(huge.utf8), url: nil, contentType: nil)
        #expect(feed.isWellFormed == false)
    }
}
