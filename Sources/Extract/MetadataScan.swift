import Foundation
import Markup

/// Collects, from the parser's events, the raw values ``PageMetadata`` chooses from: `<meta>`
/// tags, `<link rel>`, `<title>`, JSON-LD scripts, the first `h1`, `<time>`, byline elements,
/// `<html lang>` and `<base href>`.
///
/// "First" means first in document order (of start tags), as a walk over the tree would find
/// them. An element's text is collected while it is open (see ``Capture``).
struct MetadataScan {
    var meta: [String: String] = [:]
    var jsonLD: [String] = []
    var title: String?
    var h1: String?
    var htmlLang: String?
    var canonical: String?
    var imageSrcLink: String?
    /// The text of the first link with `rel=author` or element with `itemprop=author`.
    var domByline: String? { domBylineFound?.text }
    /// The text of the first short element whose class or id says author or byline.
    var classByline: String? { classBylineFound?.text }
    var timeDatePublished: String?
    /// The first `<time datetime>` of the page.
    var firstTime: String?
    /// The `href` of the `<base>` element libxml2 takes as the page's base, if any.
    private(set) var baseHref: String?

    /// The base for the page's relative links: `<base href>` resolved against the page's
    /// address, else the address.
    func baseURL(pageURL: String) -> String {
        guard let baseHref else { return pageURL }
        return URLResolver.resolve(baseHref, against: pageURL) ?? pageURL
    }

    private var domBylineFound: (ordinal: Int, text: String)?
    private var classBylineFound: (ordinal: Int, text: String)?
    /// Elements started so far (the order of start tags).
    private var ordinal = 0
    private var rootEnded = false
    private var svgDepth = 0
    private var base = BaseSearch.lookingInRoot
    private var captures: [Capture] = []

    /// Where libxml2 looks for `<base>` (`xmlNodeGetBase`): among the root element's children
    /// up to the first `head`, then among that head's children, nowhere else.
    private enum BaseSearch { case lookingInRoot, lookingInHead, done }

    /// The text of an element being collected while it is open.
    private struct Capture {
        enum Purpose {
            case title, h1, jsonLD(Int), domByline, classByline
            var isByline: Bool {
                switch self {
                case .domByline, .classByline: true
                default: false
                }
            }
        }
        var purpose: Purpose
        var elementDepth: Int
        var ordinal: Int
        var bytes: [UInt8] = []
        /// Past ``limit``: a byline this long is no byline; a title or script is cut.
        var overflowed = false
        var limit: Int
    }

    init() {}

    /// The attributes read here through ``HTMLStartTagAttributes`` (besides those of
    /// ``HTMLAttributes``): the page is parsed without the others.
    static let readAttributes = [
        "lang", "xml:lang", "property", "name", "itemprop", "http-equiv", "content", "rel", "href", "type", "datetime",
        "pubdate", "class",
    ]

    /// An element starts; `common` holds the attributes read for the content tree already, and
    /// `hints` works out what class names say (shared with the content tree).
    mutating func startElement(
        _ name: HTMLTagName, attributes: HTMLStartTagAttributes, common: HTMLAttributes, elementDepth: Int,
        hints: inout HintCache
    ) {
        guard !rootEnded else { return }
        ordinal += 1
        if elementDepth == 1 {
            htmlLang = attributes["lang"] ?? attributes["xml:lang"]
            return
        }
        let packed = name.packed
        findBase(packed, attributes: attributes, elementDepth: elementDepth)
        switch packed {
        case Names.meta:
            let key = (attributes["property"] ?? attributes["name"] ?? attributes["itemprop"]
                ?? attributes["http-equiv"])?.lowercased().trimmingWhitespace(.whitespaces)
            if let key, let content = attributes["content"], meta[key] == nil {
                meta[key] = content.trimmingWhitespace(.whitespacesAndNewlines)
            }
        case Names.link:
            let rel = (attributes["rel"] ?? "").lowercased().split(separator: " ")
            if canonical == nil, rel.contains("canonical") { canonical = attributes["href"] }
            if imageSrcLink == nil, rel.contains("image_src") { imageSrcLink = attributes["href"] }
        case Names.title:
            if title == nil, svgDepth == 0 {
                title = ""
                capture(.title, elementDepth, limit: Self.textLimit)
            }
        case Names.script:
            if attributes["type"]?.asciiLowercased.containsBytes("ld+json") == true {
                jsonLD.append("")
                capture(.jsonLD(jsonLD.count - 1), elementDepth, limit: Self.textLimit)
            }
        case Names.h1:
            if h1 == nil {
                h1 = ""
                capture(.h1, elementDepth, limit: Self.textLimit)
            }
        case Names.time:
            if firstTime == nil { firstTime = attributes["datetime"] }
            if timeDatePublished == nil, let datetime = attributes["datetime"],
                attributes["itemprop"]?.lowercased() == "datepublished" || attributes.contains("pubdate")
                    || (attributes["class"] ?? "").asciiLowercased.containsBytes("publish")
            {
                timeDatePublished = datetime
            }
        case Names.svg:
            svgDepth += 1
        default:
            break
        }
        guard !common.isEmpty else { return }
        let itemprop = common.itemprop?.string.asciiLowercased
        if classBylineFound == nil, packed != Names.meta, packed != Names.link, packed != Names.script,
            packed != Names.img, hints.namesAuthor(className: common.className, id: common.id)
        {
            capture(.classByline, elementDepth, limit: Self.bylineLimit)
        }
        if domBylineFound == nil, packed != Names.meta, packed != Names.link {
            let rel = packed == Names.a ? common.rel?.string.asciiLowercased : nil
            if rel == "author" || itemprop == "author" { capture(.domByline, elementDepth, limit: Self.bylineLimit) }
        }
        if timeDatePublished == nil, itemprop == "datepublished", let value = attributes["content"] ?? attributes["datetime"] {
            timeDatePublished = value
        }
    }

    mutating func endElement(_ name: HTMLTagName, elementDepth: Int) {
        guard !rootEnded else { return }
        if elementDepth == 1 { rootEnded = true }
        if name.packed == Names.svg { svgDepth = max(0, svgDepth - 1) }
        if base == .lookingInHead, elementDepth == 2 { base = .done }
        while let last = captures.last, last.elementDepth >= elementDepth {
            captures.removeLast()
            finish(last)
        }
    }

    /// Text (or a script body) inside the elements open now.
    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !captures.isEmpty else { return }
        for index in captures.indices where !captures[index].overflowed {
            if captures[index].bytes.count + bytes.count > captures[index].limit {
                captures[index].overflowed = true
                let room = captures[index].limit - captures[index].bytes.count
                captures[index].bytes.append(contentsOf: bytes.prefix(max(0, room)))
            } else {
                captures[index].bytes.append(contentsOf: bytes)
            }
        }
    }

    /// Titles, headings and JSON-LD are cut at this many bytes (a page left unclosed can put
    /// its whole text inside a heading).
    private static let textLimit = 1 << 20
    /// A byline collapses to at most 100 characters; one with this many bytes of text is not one.
    private static let bylineLimit = 1 << 16

    /// Byline candidates collected at once at most: nested author boxes on a hostile page
    /// would otherwise each copy all the text inside them.
    private static let openBylineLimit = 8

    private mutating func capture(_ purpose: Capture.Purpose, _ elementDepth: Int, limit: Int) {
        // Deeper ones are not collected: a byline is a short element, not the ninth of nested
        // author boxes.
        if purpose.isByline, captures.count(where: \.purpose.isByline) >= Self.openBylineLimit { return }
        captures.append(Capture(purpose: purpose, elementDepth: elementDepth, ordinal: ordinal, limit: limit))
    }

    private mutating func finish(_ capture: Capture) {
        let text = String(decoding: capture.bytes, as: UTF8.self)
        switch capture.purpose {
        case .title: title = text
        case .h1: h1 = text
        case .jsonLD(let index): jsonLD[index] = text
        case .classByline:
            guard !capture.overflowed, capture.ordinal < classBylineFound?.ordinal ?? .max else { return }
            let collapsed = PlainText.collapsingWhitespace(text)
            let words = collapsed.split(separator: " ").count
            if words >= 2, words <= 7, collapsed.count <= 70, !collapsed.contains(where: \.isNumber) {
                classBylineFound = (capture.ordinal, collapsed)
            }
        case .domByline:
            guard !capture.overflowed, capture.ordinal < domBylineFound?.ordinal ?? .max else { return }
            let collapsed = PlainText.collapsingWhitespace(text)
            if !collapsed.isEmpty, collapsed.count < 100 { domBylineFound = (capture.ordinal, collapsed) }
        }
    }

    private mutating func findBase(_ packed: UInt64, attributes: HTMLStartTagAttributes, elementDepth: Int) {
        switch base {
        case .lookingInRoot where elementDepth == 2:
            if packed == Names.head {
                base = .lookingInHead
            } else if packed == Names.base {
                baseHref = attributes["href"]
                base = .done
            }
        case .lookingInHead where elementDepth == 3 && packed == Names.base:
            baseHref = attributes["href"]
            base = .done
        default:
            break
        }
    }

    /// The element names looked for, as ``HTMLTagName/packed`` keys written out (a `static let`
    /// computed at run time costs a lazy-initialisation check on every element).
    enum Names {
        static var meta: UInt64 { 0x6174_656D }
        static var link: UInt64 { 0x6B6E_696C }
        static var title: UInt64 { 0x65_6C74_6974 }
        static var script: UInt64 { 0x7470_6972_6373 }
        static var h1: UInt64 { 0x3168 }
        static var time: UInt64 { 0x656D_6974 }
        static var img: UInt64 { 0x67_6D69 }
        static var a: UInt64 { 0x61 }
        static var svg: UInt64 { 0x67_7673 }
        static var head: UInt64 { 0x6461_6568 }
        static var base: UInt64 { 0x6573_6162 }
    }
}
