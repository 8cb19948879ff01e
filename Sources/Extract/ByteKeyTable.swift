#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A hash table keyed by byte strings and asked with borrowed bytes, so that no `String` is
/// built (or hashed with SipHash) to learn whether a class name or attribute value was seen
/// before. Keys are copied into one arena when stored.
///
/// Hostile pages cannot make it slow or large: hashes are seeded per table, a lookup probes
/// at most ``maximumProbe`` slots, keys longer than ``maximumKeyLength`` are not stored, and
/// the table empties itself when it holds `limit` keys. A key not stored is only a miss.
struct ByteKeyTable<Value: Sendable>: Sendable {
    private struct Slot: Sendable {
        /// 0 for an empty slot (stored hashes have their lowest bit set).
        var hash: UInt64 = 0
        var start: Int32 = 0
        var count: Int32 = 0
        var value: Value?
    }

    private var slots: [Slot]
    private var arena: [UInt8] = []
    private var stored = 0
    private let limit: Int
    private let seed: UInt64

    static var maximumProbe: Int { 16 }
    static var maximumKeyLength: Int { 256 }

    /// - Parameters:
    ///   - capacity: keys expected (the table grows past it).
    ///   - limit: keys at most; reaching it empties the table.
    init(capacity: Int, limit: Int = 50_000) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: Slot(), count: size)
        arena.reserveCapacity(capacity * 16)
        self.limit = limit
        seed = UInt64.random(in: .min ... .max)
    }

    /// A table of fixed entries, such as a word list built once.
    init(_ entries: [String: Value]) {
        self.init(capacity: entries.count)
        for (key, value) in entries {
            var key = key
            key.withUTF8 { insert(value, for: $0) }
        }
    }

    /// The value stored for a string's bytes.
    func value(for key: String) -> Value? {
        var key = key
        return key.withUTF8 { value(for: $0) }
    }

    /// The value stored for these bytes.
    func value(for key: UnsafeBufferPointer<UInt8>) -> Value? {
        let hash = Self.hash(key, seed: seed)
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                let mask = slots.count - 1
                var index = Int(truncatingIfNeeded: hash >> 7) & mask
                for _ in 0..<Self.maximumProbe {
                    let stored = slots[index].hash
                    if stored == 0 { return nil }
                    if stored == hash, Int(slots[index].count) == key.count,
                        key.isEmpty || memcmp(arena.baseAddress! + Int(slots[index].start), key.baseAddress!, key.count) == 0
                    {
                        return slots[index].value
                    }
                    index = (index + 1) & mask
                }
                return nil
            }
        }
    }

    /// Stores `value` for a key not stored yet.
    mutating func insert(_ value: Value, for key: UnsafeBufferPointer<UInt8>) {
        guard key.count <= Self.maximumKeyLength else { return }
        if stored >= limit {
            slots = Array(repeating: Slot(), count: slots.count)
            arena.removeAll(keepingCapacity: true)
            stored = 0
        }
        if (stored + 1) * 2 > slots.count { grow() }
        let start = Int32(arena.count)
        arena.append(contentsOf: key)
        if place(Slot(hash: Self.hash(key, seed: seed), start: start, count: Int32(key.count), value: value)) {
            stored += 1
        } else {
            arena.removeLast(key.count)
        }
    }

    /// Puts a slot in the first empty place of its probe run; false when the run is full.
    private mutating func place(_ slot: Slot) -> Bool {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: slot.hash >> 7) & mask
        for _ in 0..<Self.maximumProbe {
            if slots[index].hash == 0 {
                slots[index] = slot
                return true
            }
            index = (index + 1) & mask
        }
        return false
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        stored = 0
        for slot in old where slot.hash != 0 && place(slot) { stored += 1 }
    }

    /// A seeded multiply-mix hash over 8 bytes at a time.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = key.baseAddress else { return hash | 1 }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= key.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 29
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < key.count {
            tail |= UInt64(base[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        return hash | 1
    }
}
