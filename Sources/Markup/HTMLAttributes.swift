@preconcurrency import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An attribute's value as libxml2's parser hands it over: UTF-8 with character references
/// decoded. Borrowed, valid only during the call that hands it over; ``string`` copies it.
public struct HTMLAttributeValue {
    /// The value's bytes (empty for an attribute written without a value).
    public let bytes: UnsafeBufferPointer<UInt8>

    init(_ value: UnsafePointer<xmlChar>?) {
        bytes = value.map { UnsafeBufferPointer(start: $0, count: strlen($0)) } ?? UnsafeBufferPointer(start: nil, count: 0)
    }

    /// A value over bytes the caller keeps alive while it is used.
    public init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public var isEmpty: Bool { bytes.isEmpty }

    /// Whether the value is `expected` (lowercase ASCII), ignoring ASCII case.
    public func equalsIgnoringASCIICase(_ expected: StaticString) -> Bool {
        guard bytes.count == expected.utf8CodeUnitCount else { return false }
        let pattern = expected.utf8Start
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) != pattern[index] { return false }
        }
        return true
    }
}

/// The attributes article extraction looks at, read in one pass over an element's attribute
/// list (instead of one pass per lookup). Borrowed like ``HTMLAttributeValue``: a value is
/// copied into a `String` only by whoever needs it.
public struct HTMLAttributes {
    public var className: HTMLAttributeValue?
    public var id: HTMLAttributeValue?
    public var role: HTMLAttributeValue?
    public var itemprop: HTMLAttributeValue?
    public var style: HTMLAttributeValue?
    public var hidden = false
    public var ariaHidden: HTMLAttributeValue?
    public var src: HTMLAttributeValue?
    public var dataSrc: HTMLAttributeValue?
    public var dataLazySrc: HTMLAttributeValue?
    public var href: HTMLAttributeValue?
    public var alt: HTMLAttributeValue?
    public var rel: HTMLAttributeValue?
    /// Whether the element has any attribute at all.
    public var isEmpty = true
}

extension HTMLAttributes {
    /// The attributes read here (see ``take(_:value:)``).
    public static let names = [
        "class", "id", "itemprop", "role", "rel", "style", "src", "hidden", "href", "aria-hidden", "alt", "data-src",
        "data-lazy-src",
    ]

    /// Keeps the value of the attribute `name` (a libxml2 name) if it is one of those read
    /// here and not already set: the first of a repeated attribute wins. Names are matched
    /// without regard to ASCII case.
    mutating func take(_ name: UnsafePointer<xmlChar>, value: UnsafePointer<xmlChar>?, standIns: StandIns) {
        func take(_ slot: inout HTMLAttributeValue?, _ expected: StaticString) {
            if slot == nil, MarkupNode.name(name, matches: expected, ignoringCase: true) { slot = standIns.value(value) }
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
