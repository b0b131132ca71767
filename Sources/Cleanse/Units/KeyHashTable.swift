/// An open-addressing table from 64-bit key hashes to small integers, built once and then
/// only read: the name indexes' lookup structure (a `Dictionary` would hash every key again).
///
/// Keys are the polynomial hashes of `KeyHash`, mixed with a scope; the table stores the full
/// 64-bit value, so two keys share a slot chain only if their hashes are equal, and callers
/// verify the key bytes of a hit anyway.
struct KeyHashTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int

    /// A table for up to `capacity` keys (load factor at most one half).
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Stores `value` for `key`; returns the value already stored for `key`, if any (and then
    /// changes nothing).
    mutating func insert(_ key: UInt64, _ value: Int32) -> Int32? {
        var i = Int(truncatingIfNeeded: KeyHash.slot(key)) & mask
        while values[i] >= 0 {
            if keys[i] == key { return values[i] }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = value
        return nil
    }

    /// The value stored for `key`, or -1.
    @inline(__always)
    func find(_ key: UInt64) -> Int32 {
        keys.withUnsafeBufferPointer { k in
            values.withUnsafeBufferPointer { v in
                var i = Int(truncatingIfNeeded: KeyHash.slot(key)) & mask
                while true {
                    let value = v[i]
                    if value < 0 { return -1 }
                    if k[i] == key { return value }
                    i = (i + 1) & mask
                }
            }
        }
    }
}
