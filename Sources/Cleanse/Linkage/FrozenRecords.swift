/// ``LinkageRecords`` copied once into memory that comparisons read through plain pointers, so
/// that the loop over pairs does no reference counting and no bounds checks on nested arrays.
final class FrozenRecords: @unchecked Sendable {
    let count: Int
    private let arenas: [UnsafeMutableBufferPointer<UInt8>]
    private let bounds: [UnsafeMutableBufferPointer<Int32>]
    /// Per comparison, the base addresses (read in the hot loop without touching the arrays).
    let arenaBase: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    let boundsBase: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>
    let comparisons: Int

    init(_ records: LinkageRecords) {
        count = records.count
        comparisons = records.arenas.count
        arenas = records.arenas.map { a in
            let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, a.count))
            _ = p.initialize(from: a)
            return p
        }
        bounds = records.bounds.map { b in
            let p = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, b.count))
            _ = p.initialize(from: b)
            return p
        }
        arenaBase = .allocate(capacity: max(1, comparisons))
        boundsBase = .allocate(capacity: max(1, comparisons))
        for k in 0..<comparisons {
            arenaBase[k] = arenas[k].baseAddress
            boundsBase[k] = bounds[k].baseAddress
        }
    }

    deinit {
        for a in arenas { a.deallocate() }
        for b in bounds { b.deallocate() }
        arenaBase.deallocate()
        boundsBase.deallocate()
    }

    /// Record `i`'s value of comparison `k`, or `nil` when it has none.
    @inline(__always)
    func view(_ k: Int, _ i: Int) -> ValueView? {
        let b = boundsBase[k].unsafelyUnwrapped + 4 * i
        let s = Int(b[0])
        guard s >= 0 else { return nil }
        let base = arenaBase[k].unsafelyUnwrapped
        let f = Int(b[1]), d = Int(b[2]), e = Int(b[3])
        return ValueView(raw: UnsafeBufferPointer(start: base + s, count: f - s),
                         folded: UnsafeBufferPointer(start: base + f, count: d - f),
                         digits: UnsafeBufferPointer(start: base + d, count: e - d))
    }
}
