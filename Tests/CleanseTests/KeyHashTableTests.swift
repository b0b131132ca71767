@testable import Cleanse
import Testing

/// The name indexes' hash table: every key stored is found with its value and its caller's
/// word, a second insert keeps the first value, and a key not stored is never found.
@Suite struct KeyHashTableTests {
    /// A fixed sequence of well-spread 64-bit keys (SplitMix64).
    private struct Keys: IteratorProtocol {
        var state: UInt64
        mutating func next() -> UInt64? {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: [1, 7, 100, 5_000, 40_000])
    func storedKeysAreFoundAndOthersAreNot(count: Int) {
        var keys = Keys(state: UInt64(count))
        var table = KeyHashTable(capacity: count)
        var stored: [UInt64: Int32] = [:]
        for v in 0..<Int32(count) {
            let k = keys.next()!
            #expect(table.insert(k, v, extra: UInt32(v) &* 3) == nil)
            stored[k] = v
        }
        for (k, v) in stored {
            let slot = table.slot(k)
            #expect(slot.value == v && slot.extra == UInt32(v) &* 3 && slot.key == k)
            #expect(table.insert(k, v &+ 1) == v, "a second insert keeps the first value")
        }
        // Keys never stored: never found.
        var absent = Keys(state: ~UInt64(count))
        for _ in 0..<20_000 {
            let k = absent.next()!
            guard stored[k] == nil else { continue }
            #expect(table.find(k) == -1)
        }
    }

    /// Keys that differ only in their scope (the same name under two districts) are told apart.
    @Test func scopedKeysOfOneNameAreDistinct() {
        let name = KeyHash.of(Array("quangphu".utf8))
        var table = KeyHashTable(capacity: 64)
        for scope in Int32(0)..<64 { #expect(table.insert(KeyHash.scoped(name, scope), scope) == nil) }
        for scope in Int32(0)..<64 { #expect(table.find(KeyHash.scoped(name, scope)) == scope) }
        #expect(table.find(KeyHash.scoped(name, 64)) == -1)
    }
}
