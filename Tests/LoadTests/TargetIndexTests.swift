import Testing
@testable import Load

@Suite struct TargetIndexTests {
    private func admit(_ index: inout TargetIndex, _ key: String, _ hash: Int64) -> (TargetIndex.State?, TargetIndex.State) {
        var bytes = Array(key.utf8)
        return bytes.withUnsafeMutableBufferPointer { index.admit(UnsafeBufferPointer($0), hash: hash) }
    }

    private func store(_ index: inout TargetIndex, _ key: String, _ hash: Int64) throws {
        var bytes = Array(key.utf8)
        try bytes.withUnsafeMutableBufferPointer { (b) throws(TargetIndex.Collision) in
            try index.addStored(UnsafeBufferPointer(b), hash: hash)
        }
    }

    @Test func firstRecordOfAKeyDecidesAndLaterOnesMerge() {
        var index = TargetIndex(expected: 0, seed: 1)
        #expect(admit(&index, "A", 10) == (.inserted, .inserted))
        #expect(admit(&index, "B", 11) == (.inserted, .inserted))
        #expect(admit(&index, "A", 99) == (nil, .inserted))
        #expect(index.count == 2)
    }

    @Test func storedRowsAreUnchangedOrUpdatedByTheirHash() throws {
        var index = TargetIndex(expected: 2, seed: 2)
        try store(&index, "A", 10)
        try store(&index, "B", 20)
        #expect(admit(&index, "A", 10) == (.unchanged, .unchanged))
        #expect(admit(&index, "B", 21) == (.updated, .updated))
        #expect(admit(&index, "B", 20) == (nil, .updated))
        #expect(admit(&index, "C", 30) == (.inserted, .inserted))
    }

    @Test func growsThroughManyKeysWithoutLosingAny() throws {
        var index = TargetIndex(expected: 0, seed: 3)
        for i in 0..<50_000 { try store(&index, "S\(i)", Int64(i)) }
        for i in 0..<200_000 {
            let (state, _) = admit(&index, "N\(i)", Int64(i))
            #expect(state == .inserted)
            if state != .inserted { break }
        }
        for i in stride(from: 0, to: 50_000, by: 7) {
            #expect(admit(&index, "S\(i)", Int64(i)).0 == .unchanged)
        }
        for i in stride(from: 0, to: 200_000, by: 13) {
            #expect(admit(&index, "N\(i)", 0).0 == nil)
        }
        #expect(index.count == 250_000)
    }

    @Test func shortFingerprintsCollideAndStoredCollisionsAreRefused() {
        var index = TargetIndex(expected: 0, seed: 4, fingerprintBits: 9)
        // 600 keys into 512 fingerprints: some pair must share one.
        #expect(throws: TargetIndex.Collision.self) {
            for i in 0..<600 { try store(&index, "K\(i)", 0) }
        }
    }

    @Test func theSeedChangesEveryFingerprint() {
        let key = Array("G15.37-240102-0002".utf8)
        key.withUnsafeBufferPointer { k in
            let a = TargetIndex.murmur64A(k, seed: 1)
            #expect(a == TargetIndex.murmur64A(k, seed: 1))
            #expect(a != TargetIndex.murmur64A(k, seed: 2))
        }
        // Every tail length hashes differently from its neighbours.
        let bytes = Array("0123456789abcdef".utf8)
        var seen = Set<UInt64>()
        bytes.withUnsafeBufferPointer { b in
            for n in 0...bytes.count { seen.insert(TargetIndex.murmur64A(UnsafeBufferPointer(rebasing: b[..<n]), seed: 9)) }
        }
        #expect(seen.count == bytes.count + 1)
    }
}
