/// A set of short ASCII names (HTML elements and attributes) looked up without hashing a
/// `String`: a name of up to eight bytes is packed into a `UInt64` and found in a small
/// open-addressing table; longer names fall back to a `Set<String>`.
struct PackedNameSet: Sendable {
    private let slots: [UInt64]
    private let shift: UInt64
    private let longNames: Set<String>

    init(_ names: Set<String>) {
        var capacity = 16
        while capacity < names.count * 4 { capacity *= 2 }
        var slots = [UInt64](repeating: 0, count: capacity)
        var shift: UInt64 = 64
        var size = capacity
        while size > 1 {
            size /= 2
            shift -= 1
        }
        var longNames = Set<String>()
        for name in names {
            guard let key = Self.pack(name.utf8) else {
                longNames.insert(name)
                continue
            }
            var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[index] != 0 { index = (index + 1) & (capacity - 1) }
            slots[index] = key
        }
        self.slots = slots
        self.shift = shift
        self.longNames = longNames
    }

    /// The bytes of a name of one to eight bytes packed into a `UInt64` (nil for longer ones).
    @inline(__always) static func pack<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64? {
        var key: UInt64 = 0
        var length = 0
        for byte in bytes {
            guard length < 8 else { return nil }
            key |= UInt64(byte) << (8 * UInt64(length))
            length += 1
        }
        return length == 0 ? nil : key
    }

    func contains(_ name: String) -> Bool {
        guard let key = Self.pack(name.utf8) else { return !name.isEmpty && longNames.contains(name) }
        return contains(packed: key)
    }

    @inline(__always) func contains(packed key: UInt64) -> Bool {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let slot = slots[index]
            if slot == key { return true }
            if slot == 0 { return false }
            index = (index + 1) & mask
        }
    }
}
