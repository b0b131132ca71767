/// A name's keys, as `AddressScan` makes them for the words of an address: the words' marked
/// and folded keys run together, and the words themselves.
struct NameKey {
    var marked: [UInt8] = []
    var folded: [UInt8] = []
    var hasMarks = false
    /// Each word's folded key and kind.
    var words: [(folded: [UInt8], marked: [UInt8], word: UnitWord)] = []

    /// The keys of `text` (a name, or a type and a name).
    init(_ text: String) {
        var words: [(folded: [UInt8], marked: [UInt8], word: UnitWord)] = []
        AddressScan.withScan(of: text) { scan in
            for i in 0..<scan.count {
                let t = scan[i]
                words.append((Array(scan.key(t, marked: false)), Array(scan.key(t, marked: true)), t.word))
            }
        }
        self.init(words: words[...])
    }

    /// The keys of `words` run together.
    init(words: ArraySlice<(folded: [UInt8], marked: [UInt8], word: UnitWord)>) {
        self.words = Array(words)
        for w in words {
            marked += w.marked
            folded += w.folded
        }
        hasMarks = marked != folded
    }

    /// The type prefix at the start of the name ("Xã", "Thị trấn", "Huyện", ...) and the
    /// keys of the rest; `.none` and `self` when there is none (or nothing after it).
    func splittingType() -> (UnitType, NameKey) {
        let w = words.map(\.word)
        var type = UnitType.none
        var length = 0
        if w.count > 2 {
            switch (w[0], w[1]) {
            case (.thanh, .pho): (type, length) = (.thanhPho, 2)
            case (.thi, .xa): (type, length) = (.thiXa, 2)
            case (.thi, .tran): (type, length) = (.thiTran, 2)
            case (.dac, .khu): (type, length) = (.dacKhu, 2)
            default: break
            }
        }
        if length == 0 && w.count > 1 {
            switch w[0] {
            case .tinh: (type, length) = (.tinh, 1)
            case .quan: (type, length) = (.quan, 1)
            case .huyen: (type, length) = (.huyen, 1)
            case .phuong: (type, length) = (.phuong, 1)
            case .xa: (type, length) = (.xa, 1)
            default: break
            }
        }
        if length == 0 { return (.none, self) }
        return (type, NameKey(words: words[length...]))
    }
}
