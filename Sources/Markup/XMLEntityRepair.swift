@preconcurrency import CLibXML2
import Foundation

/// Feeds on the web use HTML entities (`&nbsp;`, `&eacute;`, `&rsquo;`) that XML does not
/// define; libxml2 would drop them. Before parsing, each such reference (not one of XML's five
/// and not declared in the document's own DTD) becomes a numeric character reference, using
/// libxml2's HTML entity table. Only ASCII-compatible encodings are touched.
enum XMLEntityRepair {
    /// The bytes with HTML entity references made numeric, and whether any was changed.
    static func numericHTMLEntities(in data: Data) -> (data: Data, changed: Bool) {
        guard data.contains(UInt8(ascii: "&")) else { return (data, false) }
        if data.count >= 2, data[data.startIndex] == 0 || data[data.startIndex + 1] == 0
            || data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
        {
            return (data, false)
        }
        let bytes = [UInt8](data)
        let declared = declaredEntities(in: bytes)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var changed = false
        var index = 0
        let cdataOpen = Array("<![CDATA[".utf8)
        let commentOpen = Array("<!--".utf8)
        func startsWith(_ pattern: [UInt8], at position: Int) -> Bool {
            position + pattern.count <= bytes.count && Array(bytes[position..<position + pattern.count]) == pattern
        }
        while index < bytes.count {
            let byte = bytes[index]
            // CDATA sections and comments are copied as they are: entities mean nothing there.
            if byte == UInt8(ascii: "<"), startsWith(cdataOpen, at: index) || startsWith(commentOpen, at: index) {
                let close = Array((startsWith(cdataOpen, at: index) ? "]]>" : "-->").utf8)
                var end = index + 4
                while end < bytes.count, !startsWith(close, at: end) { end += 1 }
                end = min(bytes.count, end + close.count)
                output += bytes[index..<end]
                index = end
                continue
            }
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            // &name; with an ASCII letter first, up to 32 name characters.
            var end = index + 1
            while end < bytes.count, end - index <= 33, isNameByte(bytes[end]) { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > index + 1, isLetter(bytes[index + 1]) {
                let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                if !["amp", "lt", "gt", "quot", "apos"].contains(name), !declared.contains(name),
                    let value = htmlEntityValue(name)
                {
                    output += Array("&#\(value);".utf8)
                    changed = true
                    index = end + 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return changed ? (Data(output), true) : (data, false)
    }

    private static func htmlEntityValue(_ name: String) -> UInt32? {
        let entity: UnsafePointer<htmlEntityDesc>? = name.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { htmlEntityLookup($0) }
        }
        return entity.map { $0.pointee.value }
    }

    /// Names the document declares itself (`<!ENTITY name ...>`).
    private static func declaredEntities(in bytes: [UInt8]) -> Set<String> {
        let marker = Array("<!ENTITY".utf8)
        var names = Set<String>()
        var index = 0
        while index + marker.count < bytes.count {
            if bytes[index] == marker[0], Array(bytes[index..<index + marker.count]) == marker {
                var start = index + marker.count
                while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A
                    || bytes[start] == 0x0D || bytes[start] == UInt8(ascii: "%")
                {
                    start += 1
                }
                var end = start
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                if end > start { names.insert(String(decoding: bytes[start..<end], as: UTF8.self)) }
                index = end
            } else {
                index += 1
            }
        }
        return names
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }
}
