internal import Glibc
import Core

/// The keys of one target table, with the content hash each stored row has and what this run
/// did to it. Loaded once at the start of a run, so unchanged rows never reach the server and
/// new rows go straight into the table.
///
/// Memory is what bounds a run over a large export, so keys are not kept: each key is a 61-bit
/// fingerprint (MurmurHash64A of its bytes with a seed drawn per run) in one 8-byte slot that
/// also holds its state, in 256 independently growing shards (so a resize never doubles the
/// whole table at once). Shards grow by a quarter, not a doubling, and fill to 85%, so a key
/// costs 9.4 to 12 bytes whatever the count (8 million keys: under 100 MB), and 8 more bytes
/// for each row already in the table.
///
/// Exactness: a fingerprint no earlier key has proves the key new, so inserts are exact. The
/// other verdicts are checked against the database before the run commits: every record taken
/// as a duplicate must find its key in the table (see ``RunSession``), every changed row must
/// be updated (the UPDATE's row count), and an "unchanged" verdict needs the fingerprint and
/// the 64-bit content hash (which covers the key) to collide at once. Two stored keys with one
/// fingerprint are refused outright. A failed check fails the run; the next run draws another
/// seed.
/// - Complexity: O(key length) expected per lookup.
struct TargetIndex {
    enum State: UInt8 {
        /// In the table, not seen in this run.
        case stored = 0
        /// Seen in this run; the winner's row was inserted.
        case inserted = 1
        /// Seen in this run; the winner's row was updated.
        case updated = 2
        /// Seen in this run; the winner's row was already as it is.
        case unchanged = 3
    }

    /// A key's fingerprint collided with another stored key's.
    struct Collision: Error {}

    private struct Shard {
        /// 0 = empty; else fingerprint bits 3... | 4 | state.
        var slots: [UInt64] = []
        /// Per slot: the stored row's content hash (allocated once a stored key lands here).
        var hashes: [Int64] = []
        var count = 0
    }

    private static let shardBits = 8
    private var shards: [Shard]
    let seed: UInt64
    /// Keeps the fingerprint's top bits (the shard) and `fingerprintBits - 8` low bits above
    /// the state bits; all 61 by default. Fewer only to provoke collisions in tests.
    private let fingerprintMask: UInt64
    /// Keys held.
    private(set) var count = 0

    /// - Parameters:
    ///   - expected: Keys expected (the table's estimated row count): sizes the shards.
    ///   - seed: The fingerprint seed; draw a fresh one per run.
    ///   - fingerprintBits: 61, or fewer (at least 9) to make collisions likely in tests.
    init(expected: Int, seed: UInt64 = UInt64.random(in: .min ... .max), fingerprintBits: Int = 61) {
        self.seed = seed
        let bits = min(max(fingerprintBits, 9), 61)
        let low: UInt64 = bits - Self.shardBits >= 56 ? ~0 : ((1 << UInt64(bits - Self.shardBits)) - 1) << 3
        fingerprintMask = (UInt64(0xFF) << 56) | (bits >= 61 ? ~UInt64(0) : low)
        var perShard = 16
        let want = max(expected, 0) >> Self.shardBits
        while Double(perShard) * Self.maxLoad < Double(want) { perShard = Self.grown(perShard) }
        shards = Array(repeating: Shard(), count: 1 << Self.shardBits)
        for s in shards.indices { shards[s].slots = [UInt64](repeating: 0, count: perShard) }
    }

    private static let maxLoad = 0.85

    /// The next shard capacity: a quarter more.
    private static func grown(_ capacity: Int) -> Int { capacity + max(capacity / 4, 16) }

    /// The home slot of `fp` in a shard of `capacity` slots: its bits below the shard bits,
    /// scaled onto the capacity (Lemire's multiply-shift range reduction).
    @inline(__always)
    private static func home(_ fp: UInt64, _ capacity: Int) -> Int {
        let bits = (fp >> 3) & 0xFFFF_FFFF
        return Int((bits &* UInt64(capacity)) >> 32)
    }

    /// Records a row that is in the table.
    /// - Throws: ``Collision`` when another stored key has the same fingerprint.
    mutating func addStored(_ key: UnsafeBufferPointer<UInt8>, hash: Int64) throws(Collision) {
        let fp = fingerprint(key)
        let s = Int(fp >> (64 - UInt64(Self.shardBits)))
        if shards[s].hashes.isEmpty { shards[s].hashes = [Int64](repeating: 0, count: shards[s].slots.count) }
        let (slot, found) = find(fp, in: s)
        if found { throw Collision() }
        place(fp | UInt64(State.stored.rawValue), hash: hash, at: slot, in: s)
    }

    /// What happens to a record with `key` and content `hash`: the first record of a key decides
    /// (insert, update or nothing); later ones are merged into it.
    /// - Returns: The new state, or `nil` when the record is merged into an earlier one; then
    ///   `winner` is what happened to the earlier record's row.
    mutating func admit(_ key: UnsafeBufferPointer<UInt8>, hash: Int64) -> (state: State?, winner: State) {
        let fp = fingerprint(key)
        let s = Int(fp >> (64 - UInt64(Self.shardBits)))
        let (slot, found) = find(fp, in: s)
        guard found else {
            place(fp | UInt64(State.inserted.rawValue), hash: 0, at: slot, in: s)
            return (.inserted, .inserted)
        }
        let entry = shards[s].slots[slot]
        let state = State(rawValue: UInt8(entry & 3))!
        switch state {
        case .stored:
            let new: State = shards[s].hashes[slot] == hash ? .unchanged : .updated
            shards[s].slots[slot] = (entry & ~3) | UInt64(new.rawValue)
            return (new, new)
        case let winner:
            return (nil, winner)
        }
    }

    /// The key's fingerprint with bit 2 set (so no slot value is 0) and the state bits clear.
    @inline(__always)
    private func fingerprint(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        (Self.murmur64A(key, seed: seed) & fingerprintMask & ~7) | 4
    }

    /// The slot holding `fp`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ fp: UInt64, in s: Int) -> (slot: Int, found: Bool) {
        let slots = shards[s].slots
        let n = slots.count
        var i = Self.home(fp, n)
        while true {
            let e = slots[i]
            if e == 0 { return (i, false) }
            if e & ~3 == fp { return (i, true) }
            i += 1
            if i == n { i = 0 }
        }
    }

    private mutating func place(_ entry: UInt64, hash: Int64, at slot: Int, in s: Int) {
        shards[s].slots[slot] = entry
        if !shards[s].hashes.isEmpty { shards[s].hashes[slot] = hash }
        shards[s].count += 1
        count += 1
        if Double(shards[s].count) > Double(shards[s].slots.count) * Self.maxLoad { grow(s) }
    }

    private mutating func grow(_ s: Int) {
        let old = shards[s]
        let capacity = Self.grown(old.slots.count)
        var slots = [UInt64](repeating: 0, count: capacity)
        var hashes = old.hashes.isEmpty ? [] : [Int64](repeating: 0, count: capacity)
        for (k, e) in old.slots.enumerated() where e != 0 {
            var i = Self.home(e & ~3, capacity)
            while slots[i] != 0 {
                i += 1
                if i == capacity { i = 0 }
            }
            slots[i] = e
            if !hashes.isEmpty { hashes[i] = old.hashes[k] }
        }
        shards[s].slots = slots
        shards[s].hashes = hashes
    }

    /// MurmurHash64A (Austin Appleby, public domain).
    static func murmur64A(_ key: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        let m: UInt64 = 0xC6A4_A793_5BD1_E995
        let r: UInt64 = 47
        let n = key.count
        var h = seed ^ (UInt64(n) &* m)
        guard let base = key.baseAddress else {
            h ^= h >> r; h &*= m; h ^= h >> r
            return h
        }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            var k = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            k &*= m
            k ^= k >> r
            k &*= m
            h ^= k
            h &*= m
            i += 8
        }
        let rest = n - i
        if rest > 0 {
            var t: UInt64 = 0
            for j in stride(from: rest - 1, through: 0, by: -1) { t = t << 8 | UInt64(base[i + j]) }
            h ^= t
            h &*= m
        }
        h ^= h >> r
        h &*= m
        h ^= h >> r
        return h
    }
}
