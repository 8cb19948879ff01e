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

extension MarkupNode {
    /// The attributes of ``HTMLAttributes`` (names matched without regard to ASCII case; the
    /// first of a repeated attribute wins, as in ``attribute(_:)``).
    public var htmlAttributes: HTMLAttributes {
        var result = HTMLAttributes()
        var attribute = pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let raw = current.pointee.name else { continue }
            result.isEmpty = false
            func take(_ slot: inout String?, _ name: String) {
                if slot == nil, Self.name(raw, matches: name, ignoringCase: true) { slot = Self.attributeValue(current) }
            }
            switch raw[0] | 0x20 {
            case UInt8(ascii: "c"): take(&result.className, "class")
            case UInt8(ascii: "i"):
                take(&result.id, "id")
                take(&result.itemprop, "itemprop")
            case UInt8(ascii: "r"):
                take(&result.role, "role")
                take(&result.rel, "rel")
            case UInt8(ascii: "s"):
                take(&result.style, "style")
                take(&result.src, "src")
            case UInt8(ascii: "h"):
                if Self.name(raw, matches: "hidden", ignoringCase: true) { result.hidden = true }
                take(&result.href, "href")
            case UInt8(ascii: "a"):
                take(&result.ariaHidden, "aria-hidden")
                take(&result.alt, "alt")
            case UInt8(ascii: "d"):
                take(&result.dataSrc, "data-src")
                take(&result.dataLazySrc, "data-lazy-src")
            default:
                break
            }
        }
        return result
    }
}
