/// Remembers the keys seen in a run so the first record of each key wins and later ones are
/// merged into it. Exact: keys are compared byte for byte, never only by hash.
///
/// Keys live in one byte arena with an open-addressing index, about 30 bytes a key, so a
/// million keys take tens of megabytes, not hundreds.
/// - Complexity: O(key length) expected per insertion.
public struct ExactDeduplicator {
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    /// Slots hold key index + 1; 0 is empty.
    private var slots: [Int32]
    private var hashes: [UInt32] = []
    public private(set) var count = 0

    public init(expected: Int = 1 << 16) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
    }

    /// Adds `key` (its parts joined with a separator that cannot occur in text).
    /// - Returns: `true` if the key was new (its record wins), `false` if seen before.
    public mutating func insert(_ parts: some Sequence<String>) -> Bool {
        var key: [UInt8] = []
        var first = true
        for var p in parts {
            if !first { key.append(0) }
            first = false
            p.withUTF8 { key.append(contentsOf: $0) }
        }
        return insert(bytes: key)
    }

    mutating func insert(bytes key: [UInt8]) -> Bool {
        var h: UInt32 = 2_166_136_261
        for b in key { h = (h ^ UInt32(b)) &* 16_777_619 }
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        var mask = slots.count - 1
        var i = Int(h) & mask
        while slots[i] != 0 {
            let k = Int(slots[i]) - 1
            if hashes[k] == h && arena[offsets[k]..<offsets[k + 1]].elementsEqual(key) { return false }
            i = (i + 1) & mask
        }
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        hashes.append(h)
        count += 1
        slots[i] = Int32(count)
        if count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for k in 0..<count {
                var j = Int(hashes[k]) & mask
                while slots[j] != 0 { j = (j + 1) & mask }
                slots[j] = Int32(k + 1)
            }
        }
        return true
    }
}
