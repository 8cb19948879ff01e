/// The LSH candidate index over fingerprints: which stored articles share at least one band
/// key with a new one. Candidates still have to be verified (`DuplicateRule`).
///
/// Layout, per band: a sorted array of `UInt64` entries, `bandKey32 << 32 | slot` (the band
/// key's high 32 bits and the article's slot number), with a directory on the keys' top bits
/// so a lookup reads about two cache lines; new entries go to a small sorted buffer (at
/// most `pendingLimit` per band, searched by bisection) that is merged into the sorted array
/// when full. A slot maps to the caller's `Int64` id through one array. With the standard 16
/// bands that is 16 × 8 bytes of entries, 8 bytes of id and up to 16 bytes of directory:
/// measured 159 bytes per indexed article at 100,000 (`memoryBytes`). A 32-bit key collision
/// between unrelated articles costs a wasted verification, never a wrong verdict.
///
/// A value type the caller confines: not synchronised (the daemon keeps it on the one queue
/// that commits articles). Loading 100,000 stored fingerprints (decoding their bytes
/// included) with `insert(contentsOf:)` sorts once per band and took 0.4 s; a lookup a few
/// microseconds. Each merge rewrites the band's array and directory, so the buffer holds
/// 1,024 entries: with 128 unsorted ones the merges were 7% of the daemon's commit time at
/// 150,000 articles.
public struct NearDuplicateIndex: Sendable {
    /// The parameters fingerprints must have to be indexed or looked up.
    public let parameters: FingerprintParameters
    /// Entries per band kept in the sorted buffer before a merge.
    public static let pendingLimit = 1024
    /// Band keys held by more articles than this are crowded (see `candidates(for:limit:)`).
    public let crowdedKey: Int

    private var ids: [Int64] = []
    private var removedSlots = 0
    private var bands: [Band]

    /// An empty index. The default `crowdedKey`, 1,000: real news gives about two candidates
    /// per query with 100,000 articles indexed, so no real key comes near it. The farm's
    /// templated texts (unrelated articles at Jaccard 0.11 on 3-word shingles; unrelated real
    /// ones 0.002 at the 99th percentile) made 150 keys exceed it at 60,000 articles, 26% of
    /// the entries and 91% of the slots a query gathered; passing them over took the distinct
    /// candidates of a query at 160,000 articles from 10,500 to 1,600 (medians of 100 queries).
    public init(parameters: FingerprintParameters = .standard, crowdedKey: Int = 1000) {
        self.parameters = parameters
        self.crowdedKey = crowdedKey
        self.bands = Array(repeating: Band(), count: parameters.bands)
    }

    /// Articles indexed (removed ones excluded).
    public var count: Int { ids.count - removedSlots }

    /// Bytes held by the index's arrays (their capacity, not just their use).
    public var memoryBytes: Int {
        ids.capacity * 8 + bands.reduce(0) { $0 + $1.memoryBytes }
    }

    /// Adds an article. Returns false, indexing nothing, when the fingerprint is empty or was
    /// made with other parameters (recompute it from the text).
    @discardableResult
    public mutating func insert(id: Int64, _ fingerprint: Fingerprint) -> Bool {
        guard accepts(fingerprint) else { return false }
        let slot = UInt64(ids.count)
        ids.append(id)
        for (band, key) in fingerprint.bandKeys.enumerated() {
            bands[band].add(key & 0xFFFF_FFFF_0000_0000 | slot)
        }
        return true
    }

    /// Adds many articles at once (the index kept in the database, loaded at start): one sort
    /// per band instead of a merge per `pendingLimit` articles. Returns how many were indexed.
    @discardableResult
    public mutating func insert<Articles: Sequence>(contentsOf articles: Articles) -> Int
    where Articles.Element == (id: Int64, fingerprint: Fingerprint) {
        var added = 0
        for (id, fingerprint) in articles where accepts(fingerprint) {
            let slot = UInt64(ids.count)
            ids.append(id)
            for (band, key) in fingerprint.bandKeys.enumerated() {
                bands[band].pending.append(key & 0xFFFF_FFFF_0000_0000 | slot)
            }
            added += 1
        }
        for band in bands.indices { bands[band].merge() }
        return added
    }

    /// Ids of indexed articles sharing at least one band key with `fingerprint`, each once,
    /// in the order they were indexed. When more than `limit` qualify, the `limit` sharing the
    /// most bands are kept (the likeliest copies: a pair at Jaccard J shares a band with
    /// probability J^rows), the earlier ones on ties: templated texts (daily price reports,
    /// sports results) may otherwise make every article a candidate of every other.
    ///
    /// Crowded keys (held by more than `crowdedKey` articles) are passed over when the query
    /// has one that is not: such a key is boilerplate that thousands of unrelated articles
    /// share, and a copy shares its story's other keys too. When every key is crowded (a
    /// story printed more often than that), all are gathered.
    public func candidates(for fingerprint: Fingerprint, limit: Int = .max) -> [Int64] {
        guard accepts(fingerprint) else { return [] }
        let keys = fingerprint.bandKeys.map { UInt32(truncatingIfNeeded: $0 >> 32) }
        let found = keys.indices.map { bands[$0].entries(key: keys[$0]) }
        let anyUncrowded = found.contains { $0.count > 0 && $0.count <= crowdedKey }
        let gathered = found.indices.filter { !anyUncrowded || found[$0].count <= crowdedKey }
        var slots: [UInt32] = []
        slots.reserveCapacity(gathered.reduce(0) { $0 + found[$1].count })
        for band in gathered { bands[band].collect(found[band], into: &slots) }
        guard !slots.isEmpty else { return [] }
        slots.sort()
        // Each slot once, with how many bands it shares.
        var shared: [(slot: UInt32, bands: Int)] = []
        shared.reserveCapacity(slots.count)
        for slot in slots {
            if shared.last?.slot == slot {
                shared[shared.count - 1].bands += 1
            } else if ids[Int(slot)] != Self.removed {
                shared.append((slot, 1))
            }
        }
        guard shared.count > limit else { return shared.map { ids[Int($0.slot)] } }
        guard limit > 0 else { return [] }
        // The `limit` sharing the most bands, the earlier slots on ties, found without sorting:
        // `shared` is in slot order, so the fewest shared bands still kept (`threshold`) and how
        // many ties at it fit tell each entry whether it stays. Sorting by bands was a third of
        // the commit's time with templated texts, whose queries gather thousands of slots.
        var withBands = [Int](repeating: 0, count: bands.count + 1)
        for entry in shared { withBands[entry.bands] += 1 }
        var threshold = bands.count
        var above = 0
        while above + withBands[threshold] < limit {
            above += withBands[threshold]
            threshold -= 1
        }
        var ties = limit - above
        var kept: [Int64] = []
        kept.reserveCapacity(limit)
        for entry in shared {
            if entry.bands > threshold {
                kept.append(ids[Int(entry.slot)])
            } else if entry.bands == threshold, ties > 0 {
                kept.append(ids[Int(entry.slot)])
                ties -= 1
            }
        }
        return kept
    }

    /// Takes an article out of the index; `fingerprint` is the one it was inserted with.
    /// Returns false when it was not indexed. Space is reclaimed once a quarter is removed.
    @discardableResult
    public mutating func remove(id: Int64, fingerprint: Fingerprint) -> Bool {
        guard accepts(fingerprint), id != Self.removed, let first = fingerprint.bandKeys.first else { return false }
        var slots: [UInt32] = []
        bands[0].collect(bands[0].entries(key: UInt32(truncatingIfNeeded: first >> 32)), into: &slots)
        guard let slot = slots.first(where: { ids[Int($0)] == id }) else { return false }
        ids[Int(slot)] = Self.removed
        removedSlots += 1
        if removedSlots * 4 > ids.count { compact() }
        return true
    }

    /// The id stored for removed slots; never a valid article id.
    private static let removed = Int64.min

    private func accepts(_ fingerprint: Fingerprint) -> Bool {
        fingerprint.parameters == parameters && fingerprint.bandKeys.count == parameters.bands
    }

    /// Drops removed slots and renumbers the others.
    private mutating func compact() {
        var newSlot = [UInt32](repeating: .max, count: ids.count)
        var kept: [Int64] = []
        kept.reserveCapacity(ids.count - removedSlots)
        for (slot, id) in ids.enumerated() where id != Self.removed {
            newSlot[slot] = UInt32(kept.count)
            kept.append(id)
        }
        ids = kept
        removedSlots = 0
        for band in bands.indices { bands[band].renumber(newSlot) }
    }
}

extension NearDuplicateIndex {
    /// One band: sorted entries with a directory on the key's top bits, and unsorted new ones.
    struct Band: Sendable {
        var sorted: [UInt64] = []
        var pending: [UInt64] = []
        /// `directory[b]` is the first index in `sorted` whose key's top `directoryBits` bits
        /// are ≥ b; one entry per about four sorted entries.
        var directory: [UInt32] = [0, 0]
        var directoryBits = 0

        var memoryBytes: Int { sorted.capacity * 8 + pending.capacity * 8 + directory.capacity * 4 }

        /// Where `key`'s entries are: a range of `sorted` and one of `pending`.
        struct Entries {
            var sorted: Range<Int>
            var pending: Range<Int>
            var count: Int { sorted.count + pending.count }
        }

        /// Adds an entry to the sorted buffer, merging it in when full.
        mutating func add(_ entry: UInt64) {
            pending.insert(entry, at: Self.firstIndex(in: pending, notBelow: entry))
            if pending.count >= NearDuplicateIndex.pendingLimit { merge() }
        }

        /// The first index of `entries` (sorted) holding a value ≥ `value`.
        static func firstIndex(in entries: [UInt64], notBelow value: UInt64) -> Int {
            var low = 0
            var high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }

        func entries(key: UInt32) -> Entries {
            let target = UInt64(key) << 32
            let range = sorted.withUnsafeBufferPointer { sorted in
                let bucket = directoryBits == 0 ? 0 : Int(key >> UInt32(32 - directoryBits))
                var start = Int(directory[bucket])
                let end = Int(directory[bucket + 1])
                while start < end && sorted[start] < target { start += 1 }
                var index = start
                while index < sorted.count && sorted[index] >> 32 == UInt64(key) { index += 1 }
                return start..<index
            }
            let start = Self.firstIndex(in: pending, notBelow: target)
            var end = start
            while end < pending.count && pending[end] >> 32 == UInt64(key) { end += 1 }
            return Entries(sorted: range, pending: start..<end)
        }

        func collect(_ entries: Entries, into slots: inout [UInt32]) {
            for entry in sorted[entries.sorted] { slots.append(UInt32(truncatingIfNeeded: entry)) }
            for entry in pending[entries.pending] { slots.append(UInt32(truncatingIfNeeded: entry)) }
        }

        mutating func merge() {
            guard !pending.isEmpty else { return }
            pending.sort()  // bulk loading appends unsorted; a sorted buffer costs one pass
            var merged: [UInt64] = []
            merged.reserveCapacity(sorted.count + pending.count)
            var i = 0
            var j = 0
            while i < sorted.count && j < pending.count {
                if sorted[i] <= pending[j] {
                    merged.append(sorted[i])
                    i += 1
                } else {
                    merged.append(pending[j])
                    j += 1
                }
            }
            merged.append(contentsOf: sorted[i...])
            merged.append(contentsOf: pending[j...])
            sorted = merged
            // A bulk load's buffer is let go; the usual one is kept for the next entries.
            if pending.capacity > NearDuplicateIndex.pendingLimit { pending = [] } else { pending.removeAll(keepingCapacity: true) }
            rebuildDirectory()
        }

        mutating func renumber(_ newSlot: [UInt32]) {
            merge()
            sorted = sorted.compactMap { entry in
                let slot = newSlot[Int(entry & 0xFFFF_FFFF)]
                return slot == .max ? nil : entry & 0xFFFF_FFFF_0000_0000 | UInt64(slot)
            }
            sorted.sort()  // renumbering keeps order within a key except across merges
            rebuildDirectory()
        }

        private mutating func rebuildDirectory() {
            var bits = 0
            while bits < 24 && (1 << (bits + 2)) < sorted.count { bits += 1 }
            directoryBits = bits
            var directory = [UInt32](repeating: 0, count: (1 << bits) + 1)
            var bucket = 0
            for (index, entry) in sorted.enumerated() {
                let top = bits == 0 ? 0 : Int(entry >> UInt64(64 - bits))
                while bucket <= top {
                    directory[bucket] = UInt32(index)
                    bucket += 1
                }
            }
            while bucket < directory.count {
                directory[bucket] = UInt32(sorted.count)
                bucket += 1
            }
            self.directory = directory
        }
    }
}
