import Glibc

/// A set of byte-string keys that numbers them in insertion order: key -> 0, 1, 2, ...
///
/// Exact: keys are compared byte for byte, the hash only finds the slot. Keys live in one byte
/// arena with an open-addressing table, about 30 bytes a key plus the key itself, so a million
/// keys take tens of megabytes rather than the hundreds a `Set<String>` would.
/// - Complexity: O(key length) expected per lookup or insertion.
public struct KeyIndex {
    private var arena: [UInt8] = []
    private var ends: [Int] = []
    private var hashes: [UInt32] = []
    /// Slots hold id + 1; 0 is empty.
    private var slots: [Int32]

    public init(expected: Int = 1 << 12) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
        ends.reserveCapacity(expected)
        hashes.reserveCapacity(expected)
    }

    /// The number of keys.
    public var count: Int { ends.count }

    /// The id of `key`, inserting it if it is new.
    /// - Returns: The id, and whether the key was inserted by this call.
    @discardableResult
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, inserted: Bool) {
        let h = Self.hash(key)
        var i = Int(h) & (slots.count - 1)
        while slots[i] != 0 {
            let id = Int(slots[i]) - 1
            if hashes[id] == h && equals(id, key) { return (id, false) }
            i = (i + 1) & (slots.count - 1)
        }
        arena.append(contentsOf: key)
        ends.append(arena.count)
        hashes.append(h)
        slots[i] = Int32(ends.count)
        if ends.count * 2 > slots.count { grow() }
        return (ends.count - 1, true)
    }

    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : ends[id - 1]
        guard ends[id] - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            key.count == 0 || memcmp(a.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for id in 0..<ends.count {
            var j = Int(hashes[id]) & mask
            while slots[j] != 0 { j = (j + 1) & mask }
            slots[j] = Int32(id + 1)
        }
    }

    /// FNV-1a with a murmur finaliser: cheap, and well spread in the low bits the table uses.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in key { h = (h ^ UInt32(b)) &* 16_777_619 }
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        return h
    }
}

extension KeyIndex {
    /// `insert` for a key given as string parts, joined with a 0 byte (which text cannot hold).
    @discardableResult
    public mutating func insert(parts: some Sequence<String>) -> (id: Int, inserted: Bool) {
        var buffer: [UInt8] = []
        Self.join(parts, into: &buffer)
        return buffer.withUnsafeBufferPointer { insert($0) }
    }

    /// Joins key parts with a 0 byte.
    static func join(_ parts: some Sequence<String>, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        var first = true
        for var p in parts {
            if !first { buffer.append(0) }
            first = false
            p.withUTF8 { buffer.append(contentsOf: $0) }
        }
    }
}
