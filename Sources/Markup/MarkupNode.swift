@preconcurrency import CLibXML2

/// A node of an ``HTMLDocument`` or ``XMLDocument``: an element, a run of text, a comment, ...
///
/// Holds a strong reference to its document, so the tree outlives every node taken from it.
/// Two values are equal when they are the same node of the same tree.
public struct MarkupNode: Hashable {
    let pointer: xmlNodePtr
    let owner: AnyObject
    /// Whether the node belongs to an HTML document (names are lowercase there).
    public let isHTML: Bool

    init(_ pointer: xmlNodePtr, owner: AnyObject, isHTML: Bool) {
        self.pointer = pointer
        self.owner = owner
        self.isHTML = isHTML
    }

    public static func == (lhs: MarkupNode, rhs: MarkupNode) -> Bool { lhs.pointer == rhs.pointer }
    public func hash(into hasher: inout Hasher) { hasher.combine(pointer) }

    /// What a node is.
    public enum Kind: Sendable, Equatable {
        case element, text, cdata, comment, entityReference, processingInstruction, other
    }

    /// What this node is.
    public var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: .element
        case XML_TEXT_NODE: .text
        case XML_CDATA_SECTION_NODE: .cdata
        case XML_COMMENT_NODE: .comment
        case XML_ENTITY_REF_NODE: .entityReference
        case XML_PI_NODE: .processingInstruction
        default: .other
        }
    }

    /// Whether this node is an element.
    public var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }

    /// Whether this node is text (or CDATA).
    public var isText: Bool {
        pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE
    }

    /// The local name of an element (lowercase in HTML), or libxml2's name for other nodes.
    public var name: String {
        guard let raw = pointer.pointee.name else { return "" }
        let name = String(cString: raw)
        return isHTML ? Self.asciiLowercased(name) : name
    }

    /// The namespace URI of an element, if it has one.
    public var namespaceURI: String? { LibXML.string(pointer.pointee.ns?.pointee.href) }

    /// The namespace prefix of an element as written, if any.
    public var prefix: String? { LibXML.string(pointer.pointee.ns?.pointee.prefix) }

    /// Whether this is an element with the given local name (and namespace, when given).
    public func isElement(_ localName: String, namespace: String? = nil) -> Bool {
        guard isElement, name == localName || (!isHTML && name.lowercased() == localName) else { return false }
        guard let namespace else { return true }
        return namespaceURI == namespace
    }

    /// Whether this is an element whose (lowercase) name is one of `names`.
    public func isElement(in names: Set<String>) -> Bool { isElement && names.contains(name) }

    // MARK: Attributes

    /// The value of the attribute with this local name; in XML, only one without a namespace.
    /// HTML attribute names are matched without regard to case.
    public func attribute(_ name: String) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let raw = current.pointee.name else { continue }
            if !isHTML, current.pointee.ns != nil { continue }
            if Self.name(raw, matches: name, ignoringCase: isHTML) { return Self.value(of: current) }
        }
        return nil
    }

    /// Compares a NUL-terminated libxml2 name with a name, byte by byte (ASCII case folded in
    /// HTML), without building a `String` for every attribute looked at.
    static func name(_ raw: UnsafePointer<xmlChar>, matches name: String, ignoringCase: Bool) -> Bool {
        var name = name
        return name.withUTF8 { Self.name(raw, matches: $0, ignoringCase: ignoringCase) }
    }

    /// ``name(_:matches:ignoringCase:)`` for a name written in the code (no `String` to read).
    static func name(_ raw: UnsafePointer<xmlChar>, matches name: StaticString, ignoringCase: Bool) -> Bool {
        Self.name(raw, matches: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), ignoringCase: ignoringCase)
    }

    private static func name(_ raw: UnsafePointer<xmlChar>, matches expected: UnsafeBufferPointer<UInt8>, ignoringCase: Bool) -> Bool {
        for index in 0..<expected.count {
            let byte = raw[index]
            if byte == 0 { return false }
            if byte != expected[index] {
                guard ignoringCase, asciiLower(byte) == asciiLower(expected[index]) else { return false }
            }
        }
        return raw[expected.count] == 0
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }

    /// The value of the attribute with this local name in this namespace (`xml:lang` is in
    /// `http://www.w3.org/XML/1998/namespace`).
    public func attribute(_ name: String, namespace: String) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let raw = current.pointee.name, String(cString: raw) == name,
                LibXML.string(current.pointee.ns?.pointee.href) == namespace
            else { continue }
            return Self.value(of: current)
        }
        return nil
    }

    /// Whether the element has any attribute (a cheap test before looking one up).
    public var hasAttributes: Bool { pointer.pointee.properties != nil }

    /// Every attribute as (name, value), in document order; names keep their prefix.
    public var attributes: [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let raw = current.pointee.name else { continue }
            var name = String(cString: raw)
            if let prefix = LibXML.string(current.pointee.ns?.pointee.prefix) { name = prefix + ":" + name }
            result.append((isHTML ? name.lowercased() : name, Self.value(of: current)))
        }
        return result
    }

    static func attributeValue(_ attribute: xmlAttrPtr) -> String { value(of: attribute) }

    private static func value(of attribute: xmlAttrPtr) -> String {
        var result = ""
        var child = attribute.pointee.children
        while let node = child {
            if let content = node.pointee.content { result += String(cString: content) }
            child = node.pointee.next
        }
        return result
    }

    // MARK: Navigation

    /// The parent node (an element, or nil at the root element).
    public var parent: MarkupNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return MarkupNode(parent, owner: owner, isHTML: isHTML)
    }

    /// The first child node of any kind.
    public var firstChild: MarkupNode? { hasWalkableChildren ? wrap(pointer.pointee.children) : nil }
    /// The next sibling node of any kind.
    public var nextSibling: MarkupNode? { wrap(pointer.pointee.next) }
    /// The previous sibling node of any kind.
    public var previousSibling: MarkupNode? { wrap(pointer.pointee.prev) }

    /// The child nodes of any kind, in document order.
    public var children: Children { Children(first: firstChild) }

    /// How many child nodes of any kind there are (counted along libxml2's sibling links).
    public var childCount: Int {
        guard hasWalkableChildren else { return 0 }
        var count = 0
        var child = pointer.pointee.children
        while let current = child {
            count += 1
            child = current.pointee.next
        }
        return count
    }

    /// The child elements, in document order.
    public var elementChildren: [MarkupNode] { children.filter(\.isElement) }

    /// The first child element with this local name (and namespace, when given).
    public func firstChildElement(named localName: String, namespace: String? = nil) -> MarkupNode? {
        children.first { $0.isElement(localName, namespace: namespace) }
    }

    /// The child elements with this local name (and namespace, when given).
    public func childElements(named localName: String, namespace: String? = nil) -> [MarkupNode] {
        children.filter { $0.isElement(localName, namespace: namespace) }
    }

    /// Every node below this one, depth first in document order (not the node itself).
    public var descendants: Descendants { Descendants(root: self) }

    /// The descendant elements with this local name, in document order.
    public func descendantElements(named localName: String) -> [MarkupNode] {
        descendants.filter { $0.isElement(localName) }
    }

    /// Entity references point at the shared entity declaration, and DTD nodes hold
    /// declarations: neither is walked as part of the tree.
    var hasWalkableChildren: Bool {
        let type = pointer.pointee.type
        return type != XML_ENTITY_REF_NODE && type != XML_DTD_NODE && type != XML_ATTRIBUTE_NODE
    }

    func wrap(_ pointer: xmlNodePtr?) -> MarkupNode? {
        pointer.map { MarkupNode($0, owner: owner, isHTML: isHTML) }
    }

    static func asciiLowercased(_ string: String) -> String {
        string.utf8.contains { $0 >= 65 && $0 <= 90 } ? string.lowercased() : string
    }
}

extension MarkupNode {
    /// The child nodes of a node, walked through libxml2's sibling links.
    public struct Children: Sequence {
        let first: MarkupNode?

        public struct Iterator: IteratorProtocol {
            var upcoming: MarkupNode?
            public mutating func next() -> MarkupNode? {
                defer { upcoming = upcoming?.nextSibling }
                return upcoming
            }
        }

        public func makeIterator() -> Iterator { Iterator(upcoming: first) }
    }

    /// The nodes below a node, depth first in document order, walked without recursion.
    public struct Descendants: Sequence {
        let root: MarkupNode

        public struct Iterator: IteratorProtocol {
            let root: MarkupNode
            var current: MarkupNode?
            var started = false

            public mutating func next() -> MarkupNode? {
                if !started {
                    started = true
                    current = root.firstChild
                    return current
                }
                guard let node = current else { return nil }
                if let child = node.firstChild {
                    current = child
                    return child
                }
                var climbing = node
                while climbing.pointer != root.pointer {
                    if let sibling = climbing.nextSibling {
                        current = sibling
                        return sibling
                    }
                    guard let parent = climbing.wrap(climbing.pointer.pointee.parent) else { break }
                    climbing = parent
                }
                current = nil
                return nil
            }
        }

        public func makeIterator() -> Iterator { Iterator(root: root) }
    }
}
