/// The hash of name keys: a polynomial over the key bytes, so that the hash of a span of
/// words comes from the words' own hashes (`H(x ++ y) = H(x)·P^|y| + H(y)`, mod 2^64).
enum KeyHash {
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// `prime` to the powers 0 ..< `maxLength`: spans longer than that are never looked up.
    static let maxLength = 96
    static let powers: [UInt64] = {
        var p: [UInt64] = [1]
        for _ in 1..<maxLength { p.append(p[p.count - 1] &* prime) }
        return p
    }()

    @inline(__always)
    static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 { h &* prime &+ UInt64(byte) }

    static func of(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0
        for b in bytes { h = step(h, b) }
        return h
    }

    /// The key of name hash `h` within `scope` (a province or district index, or 0).
    @inline(__always)
    static func scoped(_ h: UInt64, _ scope: Int32) -> UInt64 {
        h ^ (UInt64(UInt32(bitPattern: scope)) &+ 1) &* 0x9E37_79B9_7F4A_7C15
    }

    /// A well-mixed slot number for `key` (MurmurHash3's 64-bit finalizer).
    @inline(__always)
    static func slot(_ key: UInt64) -> UInt64 {
        var k = key
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}
