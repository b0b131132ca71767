import Glibc

/// The new communes of address tails read before: the unit step's shortcut for the many
/// addresses that end the same way ("…, X. Quảng Phú, H. Quảng Trạch, T. Quảng Bình").
///
/// A tail goes in only when reading it alone, behind stand-in words, settled it (one commune,
/// or an ambiguity) without the reader looking at the stand-ins
/// (`AdminUnitMapper.mapTailToCommune`): then the reading of any address ending in that tail is
/// the same reading, whatever comes before. An ambiguity is kept beside the entries as the step
/// reports it (`keep`), an entry holding its number.
///
/// Two-way: a tail goes into one set of two entries, named by its bytes and the reading order;
/// a new tail takes the first, the one there moves second, and the second leaves. The entries
/// are allocated at the first look-up (a units step that reads separate fields, or a copy of a
/// cleanser that never cleanses, costs nothing). The memo watches its hit rate: after each
/// window of `window` look-ups, a rate below `minimumRate` puts it to rest for `restWindows`
/// windows (look-ups then cost one branch and the step reads every address whole), after
/// which it tries again.
final class TailMemo {
    /// What `find` gives for a tail it does not hold.
    static let absent: Int32 = -1
    /// What it holds for a tail that does not settle its address alone.
    static let unsettled: Int32 = -2
    /// The most ambiguities kept (`keep`); a tail settled as ambiguous past them is kept as
    /// `unsettled`.
    static let ambiguityLimit = 4096

    /// One tail: its hash (0: empty slot), commune (or `unsettled`), length and bytes, in two
    /// cache lines of their own: a look-up reads one entry and nothing else (a string key
    /// would be retained at each comparison, a write to its own cache line; bytes kept
    /// elsewhere would cost a second miss).
    private struct Entry {
        var hash: UInt64 = 0
        var commune: Int32 = TailMemo.absent
        var length: UInt32 = 0
        /// The tail's first `keyCapacity` bytes (a longer tail is not kept).
        var key: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }
    /// The longest tail kept.
    static let keyCapacity = 112
    let count: Int
    static let window = 4096
    static let restWindows = 16
    static let minimumRate = 1.0 / 32

    /// The look-up counts, behind a pointer: a class's own stored counters would be checked for
    /// exclusive access at each change.
    private struct State {
        /// In the current window: look-ups and hits.
        var looked = 0, found = 0
        /// Look-ups left to skip while resting.
        var resting = 0
        /// `count` entries, from the first look-up.
        var entries: UnsafeMutablePointer<Entry>?
        /// The ambiguities kept, in the order kept.
        var ambiguities: ContiguousArray<UnitStepRunner.Ambiguity> = []
    }
    private let state: UnsafeMutablePointer<State>

    /// A memo of `count` entries (a power of two).
    init(count: Int = 1 << 17) {
        precondition(count > 1 && count & (count - 1) == 0 && MemoryLayout<Entry>.stride == 128)
        self.count = count
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        if let e = state.pointee.entries { LargeTable.deallocate(e, count: count) }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The entries, allocated empty on first use.
    @inline(__always)
    private var entries: UnsafeMutablePointer<Entry> {
        if let e = state.pointee.entries { return e }
        // 16 MiB by default, looked up at random: on huge pages (`LargeTable`).
        let e = LargeTable.allocate(Entry.self, count: count)
        e.initialize(repeating: Entry(), count: count)
        state.pointee.entries = e
        return e
    }

    /// The commune (or `unsettled`, or an ambiguity's code) stored for `tail` read in order
    /// `salt`, or `absent` with `hash` set to what `store` keeps a new one under (0 when
    /// resting: nothing is looked up, and `store` keeps nothing).
    func find(_ tail: UnsafeBufferPointer<UInt8>, salt: UInt64, hash: inout UInt64) -> Int32 {
        if state.pointee.resting > 0 {
            state.pointee.resting &-= 1
            hash = 0
            return Self.absent
        }
        state.pointee.looked &+= 1
        if state.pointee.looked == Self.window { endWindow() }
        let h = Self.hash(tail, salt: salt)
        hash = h
        let set = entries + 2 &* (Int(truncatingIfNeeded: h) & (count / 2 &- 1))
        let e = Self.holds(set, h, tail) ? set : Self.holds(set + 1, h, tail) ? set + 1 : nil
        guard let e else { return Self.absent }
        state.pointee.found &+= 1
        return e.pointee.commune
    }

    /// Keeps `ambiguity`: the code to `store` for a tail that settles as it.
    /// - Returns: `nil` when `ambiguityLimit` are kept (then store `unsettled`).
    func keep(_ ambiguity: UnitStepRunner.Ambiguity) -> Int32? {
        let k = state.pointee.ambiguities.count
        guard k < Self.ambiguityLimit else { return nil }
        state.pointee.ambiguities.append(ambiguity)
        return -3 - Int32(k)
    }

    /// The ambiguity a code from `keep` (which `find` gives back) stands for.
    func ambiguity(_ code: Int32) -> UnitStepRunner.Ambiguity {
        state.pointee.ambiguities[Int(-3 - code)]
    }

    /// Whether entry `e` holds `tail`, whose hash is `h`.
    @inline(__always)
    private static func holds(_ e: UnsafeMutablePointer<Entry>, _ h: UInt64, _ tail: UnsafeBufferPointer<UInt8>) -> Bool {
        guard e.pointee.hash == h, Int(e.pointee.length) == tail.count else { return false }
        return withUnsafeBytes(of: &e.pointee.key) { key in
            tail.count == 0 || memcmp(key.baseAddress!, tail.baseAddress!, tail.count) == 0
        }
    }

    /// Keeps `commune` (or `unsettled`, or an ambiguity's code) for `tail`, whose `find` gave
    /// `hash`: first in its set of two, the entry there moving second (and the second leaving).
    func store(_ tail: UnsafeBufferPointer<UInt8>, hash: UInt64, commune: Int32) {
        guard hash != 0, tail.count <= Self.keyCapacity else { return }
        let e = entries + 2 &* (Int(truncatingIfNeeded: hash) & (count / 2 &- 1))
        if e.pointee.hash != 0 { (e + 1).pointee = e.pointee }
        e.pointee.hash = hash
        e.pointee.commune = commune
        e.pointee.length = UInt32(tail.count)
        withUnsafeMutableBytes(of: &e.pointee.key) { key in
            if tail.count > 0 { key.baseAddress!.copyMemory(from: tail.baseAddress!, byteCount: tail.count) }
        }
    }

    private func endWindow() {
        let s = state.pointee
        if Double(s.found) < Self.minimumRate * Double(s.looked) {
            state.pointee.resting = Self.window * Self.restWindows
        }
        state.pointee.looked = 0
        state.pointee.found = 0
    }

    /// A 64-bit hash of `bytes` and `salt`, never 0: 8 bytes at a time, each mixed in by a
    /// multiply and shift, then MurmurHash3's finalizer.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, salt: UInt64) -> UInt64 {
        var h = (salt &+ UInt64(bytes.count)) &* 0x9E37_79B9_7F4A_7C15
        let n = bytes.count
        if n > 0 {
            let p = UnsafeRawPointer(bytes.baseAddress!)
            var i = 0
            while i + 8 <= n {
                h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h == 0 ? 1 : h
    }
}
