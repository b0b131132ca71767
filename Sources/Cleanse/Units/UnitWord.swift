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
        private let slots: KeyHashTable
        private let words: [(bytes: [UInt8], word: UnitWord)]

        fileprivate init() {
            var slots = KeyHashTable(capacity: spellings.count)
            var words: [(bytes: [UInt8], word: UnitWord)] = []
            for (spelling, word) in spellings {
                let bytes = Array(spelling.utf8)
                let clash = slots.insert(KeyHash.scoped(KeyHash.of(bytes), 0), Int32(words.count))
                precondition(clash == nil, "unit word hash collision: \(spelling)")
                words.append((bytes, word))
            }
            self.slots = slots
            self.words = words
        }

        /// The word whose folded key is `bytes` (with hash `hash`), or `.none`.
        @inline(__always)
        func classify(_ bytes: UnsafePointer<UInt8>, count: Int, hash: UInt64) -> UnitWord {
            guard count <= UnitWord.maxLength else { return .none }
            let i = slots.find(KeyHash.scoped(hash, 0))
            guard i >= 0 else { return .none }
            let entry = words[Int(i)]
            guard entry.bytes.count == count else { return .none }
            for k in 0..<count where entry.bytes[k] != bytes[k] { return .none }
            return entry.word
        }
    }
}
