@preconcurrency import CLibXML2

/// The attributes article extraction looks at, read in one pass over an element's attribute
/// list (instead of one pass per lookup).
public struct HTMLAttributes: Sendable {
    public var className: String?
    public var id: String?
    public var role: String?
    public var itemprop: String?
    public var style: String?
    public var hidden = false
    public var ariaHidden: String?
    public var src: String?
    public var dataSrc: String?
    public var dataLazySrc: String?
    public var href: String?
    public var alt: String?
    public var rel: String?
    /// Whether the element has any attribute at all.
    public var isEmpty = true
}

extension HTMLAttributes {
    /// Keeps the value of the attribute `name` (a libxml2 name) if it is one of those read
    /// here and not already set: the first of a repeated attribute wins. Names are matched
    /// without regard to ASCII case; `value` is asked for only when the attribute is kept.
    mutating func take(_ name: UnsafePointer<xmlChar>, value: () -> String) {
        func take(_ slot: inout String?, _ expected: String) {
            if slot == nil, MarkupNode.name(name, matches: expected, ignoringCase: true) { slot = value() }
        }
        switch name[0] | 0x20 {
        case UInt8(ascii: "c"): take(&className, "class")
        case UInt8(ascii: "i"):
            take(&id, "id")
            take(&itemprop, "itemprop")
        case UInt8(ascii: "r"):
            take(&role, "role")
            take(&rel, "rel")
        case UInt8(ascii: "s"):
            take(&style, "style")
            take(&src, "src")
        case UInt8(ascii: "h"):
            if MarkupNode.name(name, matches: "hidden", ignoringCase: true) { hidden = true }
            take(&href, "href")
        case UInt8(ascii: "a"):
            take(&ariaHidden, "aria-hidden")
            take(&alt, "alt")
        case UInt8(ascii: "d"):
            take(&dataSrc, "data-src")
            take(&dataLazySrc, "data-lazy-src")
        default:
            break
        }
    }
}
