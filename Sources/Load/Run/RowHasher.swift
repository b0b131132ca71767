/// A 64-bit content hash of a row's values (FNV-1a, then a murmur finaliser), stored beside
/// each target row so that an unchanged row is recognised without comparing every column.
///
/// Stable across processes and machines: the hash is kept in the database.
struct RowHasher {
    private var h: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    mutating func add(_ value: String?) {
        guard let value else {
            mix(0xFF); mix(0x00)
            return
        }
        let done: Bool? = value.utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes { mix(b) }
            return true
        }
        if done == nil {
            for b in value.utf8 { mix(b) }
        }
        mix(0xFE)
    }

    @inline(__always)
    private mutating func mix(_ b: UInt8) {
        h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
    }

    var value: Int64 {
        var x = h
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return Int64(bitPattern: x)
    }
}
