/// The words of an address that are not names: unit types and their abbreviations, and the
/// words that start a hamlet, street or house number. Recognised on a word's folded key.
enum UnitWord: UInt8, Sendable {
    case none = 0
    // Unit types, whole or in part ("thành phố", "thị xã", "thị trấn", "đặc khu").
    case tinh, t, thanh, pho, tp, quan, q, huyen, h, thi, xa, tx, phuong, p, f, x, tran, tt, dac, khu
    /// A word that names a place below the commune (thôn, ấp, tổ, khu phố, đường, số, ...): a
    /// name right after it is a hamlet's or a street's, not a unit's.
    case street
    // "Việt Nam" / "VN" after the province.
    case viet, nam, vietnam, vn

    private static let spellings: [(String, UnitWord)] = [
        ("tinh", .tinh), ("t", .t), ("thanh", .thanh), ("pho", .pho), ("tp", .tp),
        ("quan", .quan), ("q", .q), ("huyen", .huyen), ("h", .h), ("thi", .thi), ("xa", .xa),
        ("tx", .tx), ("phuong", .phuong), ("p", .p), ("f", .f), ("x", .x), ("tran", .tran),
        ("tt", .tt), ("dac", .dac), ("khu", .khu),
        ("viet", .viet), ("nam", .nam), ("vietnam", .vietnam), ("vn", .vn),
    ] + [
        // thôn, ấp, xóm, bản, buôn, bon, làng, tổ, khóm, khối, cụm, đội, khu vực, khu dân cư,
        // khu công nghiệp, khu tập thể, (tổ dân) phố / khu phố (`pho` above), đường, ngõ, ngách,
        // hẻm, kiệt, số, số nhà, lô, thửa, căn, tầng, tòa, chung cư, quốc lộ, tỉnh lộ,
        // đường tỉnh, huyện lộ.
        "thon", "ap", "xom", "ban", "buon", "bon", "lang", "to", "kp", "khom", "khoi", "cum",
        "doi", "vuc", "kv", "kdc", "kcn", "ktt", "tdp", "duong", "dg", "ngo", "ngach", "hem",
        "kiet", "so", "sn", "nha", "lo", "thua", "can", "tang", "toa", "cu", "cc", "ql", "tl",
        "dt", "hl",
    ].map { ($0, UnitWord.street) }

    /// The spellings by folded-key hash.
    static let table = Table()

    /// The longest spelling, in bytes: longer words are never looked up.
    static let maxLength = 7

    final class Table: Sendable {
        /// A spelling packed as `AddressScan` packs a word: its bytes little-endian in a
        /// `UInt64` (at most `maxLength` of them), with its length and word; no reference to
        /// count when it is read.
        struct Entry {
            var packed: UInt64
            var count: Int
            var word: UnitWord
        }

        private let slots: KeyHashTable
        private let words: ContiguousArray<Entry>

        fileprivate init() {
            var slots = KeyHashTable(capacity: spellings.count)
            var words: ContiguousArray<Entry> = []
            for (spelling, word) in spellings {
                let bytes = Array(spelling.utf8)
                precondition(bytes.count <= UnitWord.maxLength, "unit word too long: \(spelling)")
                let clash = slots.insert(KeyHash.scoped(KeyHash.of(bytes), 0), Int32(words.count))
                precondition(clash == nil, "unit word hash collision: \(spelling)")
                var packed: UInt64 = 0
                for (k, b) in bytes.enumerated() { packed |= UInt64(b) << UInt64(8 * k) }
                words.append(Entry(packed: packed, count: bytes.count, word: word))
            }
            self.slots = slots
            self.words = words
        }

        /// The word whose folded key is `count` bytes long, packed into `packed` (its first 8
        /// bytes little-endian, see `Entry`) and hashes to `hash`, or `.none`.
        /// - Complexity: O(1).
        @inline(__always)
        func classify(packed: UInt64, count: Int, hash: UInt64) -> UnitWord {
            guard count <= UnitWord.maxLength else { return .none }
            let i = slots.find(KeyHash.scoped(hash, 0))
            guard i >= 0 else { return .none }
            return words.withUnsafeBufferPointer { w in
                let entry = w[Int(i)]
                return entry.count == count && entry.packed == packed ? entry.word : .none
            }
        }
    }
}
