/// An open-addressing table from 64-bit key hashes to small integers, built once and then
/// only read: the name indexes' lookup structure (a `Dictionary` would hash every key again).
///
/// Keys are the polynomial hashes of `KeyHash`, mixed with a scope; the table stores the full
/// 64-bit value, so two keys share a slot chain only if their hashes are equal, and callers
/// verify the key bytes of a hit anyway. Each slot holds the key, its value and a caller's
/// word (the name indexes put where the key's bytes are there), side by side: a probe reads
/// one cache line.
struct KeyHashTable: Sendable {
    /// One slot: `value` -1 when empty.
    struct Slot: Sendable {
        var key: UInt64 = 0
        var value: Int32 = -1
        var extra: UInt32 = 0
    }

    private var slots: [Slot]
    private var mask: Int

    /// A table for up to `capacity` keys (load factor at most one half).
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    /// Stores `value` (and `extra`) for `key`; returns the value already stored for `key`, if
    /// any (and then changes nothing).
    mutating func insert(_ key: UInt64, _ value: Int32, extra: UInt32 = 0) -> Int32? {
        var i = Int(truncatingIfNeeded: KeyHash.slot(key)) & mask
        while slots[i].value >= 0 {
            if slots[i].key == key { return slots[i].value }
            i = (i + 1) & mask
        }
        slots[i] = Slot(key: key, value: value, extra: extra)
        return nil
    }

    /// The slot stored for `key` (its `value` is -1 when there is none).
    @inline(__always)
    func slot(_ key: UInt64) -> Slot {
        slots.withUnsafeBufferPointer { s in
            var i = Int(truncatingIfNeeded: KeyHash.slot(key)) & mask
            while true {
                let slot = s[i]
                if slot.value < 0 || slot.key == key { return slot }
                i = (i + 1) & mask
            }
        }
    }

    /// The value stored for `key`, or -1.
    @inline(__always)
    func find(_ key: UInt64) -> Int32 {
        slot(key).value
    }
}
