@preconcurrency import CLibXML2

/// HTML 4's named character references (`&eacute;`, `&nbsp;`, `&rsquo;`), from libxml2's table.
public enum HTMLEntity {
    /// The code point an HTML entity name stands for (`"eacute"` → 0xE9), or nil for a name
    /// HTML 4 does not define. Names are case-sensitive, as in HTML.
    public static func codePoint(named name: String) -> UInt32? {
        guard !name.isEmpty, name.utf8.count <= 32 else { return nil }
        LibXML.ensureInitialized()
        let entity: UnsafePointer<htmlEntityDesc>? = name.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { htmlEntityLookup($0) }
        }
        return entity.map { $0.pointee.value }
    }
}
