/// The matching engine: finds provinces, districts and communes in a scanned address, from its
/// end, and reads them as legacy or new units.
///
/// A name is matched as the longest run of words (at most 8, never across a hard separator)
/// whose key is a unit's name or alias in the scope; words before it may give its type. A
/// bare name is refused where it reads as a hamlet's or street's (after "Thôn", "Ấp", "Số",
/// "đường", a house number, ...) and a bare number is never a unit ("Phường 15", "P15" and
/// "Q.1" are; "15" alone is not, unless it comes from a field of that level).
struct AddressReader {
    /// The words of an `AddressScan`, without its tables (copying those would retain them).
    struct Words {
        let tokens: UnsafeMutableBufferPointer<ScanToken>
        let marked: UnsafeMutableBufferPointer<UInt8>
        let folded: UnsafeMutableBufferPointer<UInt8>
        let count: Int
        /// `AddressScan.floor` and `floorRead`: reading a word below `floor` is noted.
        let floor: Int
        let floorRead: UnsafeMutablePointer<Bool>?

        init(_ scan: AddressScan) {
            tokens = scan.tokens
            marked = scan.marked
            folded = scan.folded
            count = scan.count
            floor = scan.floor
            floorRead = scan.floorRead
        }

        /// Word `i`. Every read of a word goes through here, so that a tail scan knows whether
        /// the reading looked before the tail.
        @inline(__always) subscript(i: Int) -> ScanToken {
            if i < floor { floorRead.unsafelyUnwrapped.pointee = true }
            return tokens[i]
        }

        /// The bytes of `token`'s marked or folded key (`AddressScan.key`).
        @inline(__always)
        func key(_ t: ScanToken, marked useMarked: Bool) -> UnsafeBufferPointer<UInt8> {
            if useMarked {
                return UnsafeBufferPointer(rebasing: marked[Int(t.aStart)..<Int(t.aEnd)])
            }
            return UnsafeBufferPointer(rebasing: folded[Int(t.bStart)..<Int(t.bEnd)])
        }
    }

    let scan: Words
    let t: AdminUnitTables

    init(scan: AddressScan, t: AdminUnitTables) {
        self.scan = Words(scan)
        self.t = t
    }

    // MARK: Words

    /// The type prefix that ends right before word `s`.
    func prefix(before s: Int) -> UnitPrefix {
        guard s > 0, s == scan.count || !scan[s].has(ScanToken.boundary) else { return UnitPrefix() }
        let w1 = scan[s - 1].word
        if w1 == .none { return UnitPrefix() }
        let prov = AddressLevel.province.bit, dist = AddressLevel.district.bit, comm = AddressLevel.commune.bit
        if s >= 2 && !scan[s - 1].has(ScanToken.boundary) {
            switch (scan[s - 2].word, w1) {
            case (.thanh, .pho): return UnitPrefix(length: 2, levels: prov | dist, type: .thanhPho)
            case (.thi, .xa): return UnitPrefix(length: 2, levels: dist, type: .thiXa)
            case (.thi, .tran): return UnitPrefix(length: 2, levels: comm, type: .thiTran)
            case (.dac, .khu): return UnitPrefix(length: 2, levels: comm, type: .dacKhu)
            case (.t, .p): return UnitPrefix(length: 2, levels: prov | dist, type: .thanhPho, abbreviated: true)
            case (.t, .x): return UnitPrefix(length: 2, levels: dist, type: .thiXa, abbreviated: true)
            case (.t, .t): return UnitPrefix(length: 2, levels: comm, type: .thiTran, abbreviated: true)
            default: break
            }
        }
        switch w1 {
        case .tinh: return UnitPrefix(length: 1, levels: prov, type: .tinh)
        case .t: return UnitPrefix(length: 1, levels: prov, type: .tinh, abbreviated: true)
        case .tp: return UnitPrefix(length: 1, levels: prov | dist, type: .thanhPho, abbreviated: true)
        case .quan: return UnitPrefix(length: 1, levels: dist, type: .quan)
        case .q: return UnitPrefix(length: 1, levels: dist, type: .quan, abbreviated: true)
        case .huyen: return UnitPrefix(length: 1, levels: dist, type: .huyen)
        case .h: return UnitPrefix(length: 1, levels: dist, type: .huyen, abbreviated: true)
        case .tx: return UnitPrefix(length: 1, levels: dist, type: .thiXa, abbreviated: true)
        case .phuong: return UnitPrefix(length: 1, levels: comm, type: .phuong)
        case .p, .f: return UnitPrefix(length: 1, levels: comm, type: .phuong, abbreviated: true)
        case .xa: return UnitPrefix(length: 1, levels: comm, type: .xa)
        case .x: return UnitPrefix(length: 1, levels: comm, type: .xa, abbreviated: true)
        case .tt: return UnitPrefix(length: 1, levels: comm, type: .thiTran, abbreviated: true)
        default: return UnitPrefix()
        }
    }

    /// Whether word `i` starts a hamlet, street or house part ("Thôn", "Ấp", "Tổ", "khu phố",
    /// "đường", "Số"): such a word at the start of its segment, after a number or after another
    /// such word. ("Lăng" in "Hải Lăng", "phố" in "thành phố" are not.)
    func isPlaceWord(_ i: Int) -> Bool {
        let w = scan[i]
        let joined = i > 0 && !w.has(ScanToken.boundary)
        switch w.word {
        case .street: break
        case .pho: if joined && scan[i - 1].word == .thanh { return false }
        case .khu: if joined && scan[i - 1].word == .dac { return false }
        default: return false
        }
        guard joined else { return true }
        let before = scan[i - 1]
        return before.has(ScanToken.digitLead) || before.word == .street || before.word == .pho || before.word == .khu
    }

    /// Whether a bare name starting at word `s` is part of a hamlet's, street's or house's
    /// name: in its part of the address (up to a separator or a unit type), a place word or a
    /// house number comes before it ("Thôn 3 X", "12 Lê Lợi", "đường Trần Hưng Đạo" for Hưng
    /// Đạo; not "P.15 Tân Bình").
    func followsPlaceWord(_ s: Int) -> Bool {
        var j = s - 1
        while j >= 0 && s - j <= 8 && !scan[j + 1].has(ScanToken.boundary) {
            if !prefix(before: j + 1).isEmpty { return false }
            if scan[j].has(ScanToken.digitLead) { return prefix(before: j).isEmpty }
            if isPlaceWord(j) { return true }
            j -= 1
        }
        return false
    }

    /// The first word of the segment (run of words between hard separators) holding word `i`.
    func segmentStart(_ i: Int) -> Int {
        var k = i
        while k > 0 && !scan[k].has(ScanToken.hardBefore) { k -= 1 }
        return k
    }

    // MARK: Names

    /// The posting list of the words `s ..< end` (key hash `h`, keys `length` bytes long in
    /// all) in `table`, in `scope`, or -1.
    ///
    /// The list's scope is not read: a key whose bytes are those of the words and whose scoped
    /// hash is that of the words in `scope` is in `scope` (`KeyHash.scoped` tells scopes
    /// apart for a given name hash), so checking the bytes is enough.
    @inline(__always)
    private func lookup(_ table: NameIndex.Table, _ h: UInt64, _ scope: Int32, _ s: Int, _ end: Int, length: Int,
                        marked: Bool) -> Int32 {
        let slot = table.slots.slot(KeyHash.scoped(h, scope))
        guard slot.value >= 0, Int(slot.extra & 0xFF) == length else { return -1 }
        let keyStart = Int(slot.extra >> 8)
        return table.keys.withUnsafeBufferPointer { keys in
            let first = scan[s]
            let start = marked ? Int(first.aStart) : Int(first.bStart)
            let last = scan[end - 1]
            if (marked ? Int(last.aEnd) : Int(last.bEnd)) - start == length {
                // The words' keys lie side by side in the scan (the common case).
                let words = marked ? scan.marked.baseAddress! : scan.folded.baseAddress!
                return Self.equal(words + start, keys.baseAddress! + keyStart, length) ? slot.value : -1
            }
            var k = keyStart
            for i in s..<end {
                for byte in scan.key(scan[i], marked: marked) {
                    guard keys[k] == byte else { return -1 }
                    k += 1
                }
            }
            return slot.value
        }
    }

    /// Whether the `n` bytes at `a` and at `b` are equal (compared 8 or 4 at a time).
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        if n >= 8 {
            var i = 0
            while i &+ 8 <= n {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i &+= 8
            }
            return i == n || x.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                == y.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        }
        if n >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
        }
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }

    /// The longest acceptable name of `index` in `scope` made of the words ending at `end`.
    /// - Parameters:
    ///   - prefixed: accept only a name with a type prefix (or from a field of `level`).
    func match(_ index: NameIndex, scope: Int32, level: AddressLevel, end: Int, prefixed: Bool) -> NameHit? {
        guard end > 0 else { return nil }
        let tag = scan[end - 1].tag
        if tag != 0 && tag != level.tag { return nil }
        let tagged = tag == level.tag
        var best: NameHit?
        var hA: UInt64 = 0, hB: UInt64 = 0
        var lengthA = 0, lengthB = 0
        var marks = false, numeric = true
        let maxA = index.marked.maxKeyLength, maxB = index.folded.maxKeyLength
        var s = end - 1
        var beforeDash: NameHit?
        KeyHash.powers.withUnsafeBufferPointer { powers in
            while s >= 0 && end - s <= 8 {
                let w = scan[s]
                guard lengthA < KeyHash.maxLength, lengthB < KeyHash.maxLength else { break }
                hA = w.hashA &* powers[lengthA] &+ hA
                hB = w.hashB &* powers[lengthB] &+ hB
                lengthA += w.aLength
                lengthB += w.bLength
                if lengthB > maxB { break }
                marks = marks || w.has(ScanToken.marks)
                numeric = numeric && w.has(ScanToken.numeric)
                var list: Int32 = -1
                var viaMarked = false
                if marks {
                    if lengthA <= maxA {
                        list = lookup(index.marked, hA, scope, s, end, length: lengthA, marked: true)
                        viaMarked = list >= 0
                    }
                    if list < 0 {
                        list = lookup(index.folded, hB, scope, s, end, length: lengthB, marked: false)
                        if list >= 0 && !anyCompatible(index, list, s, end) { list = -1 }
                    }
                } else {
                    list = lookup(index.folded, hB, scope, s, end, length: lengthB, marked: false)
                }
                if list >= 0 {
                    let p = prefix(before: s)
                    let hit = NameHit(start: s - p.length, nameStart: s, end: end, list: list, marked: viaMarked, prefix: p,
                                      checkMarks: marks && !viaMarked)
                    if accept(p, level: level, s: s, numeric: numeric, prefixed: prefixed, tagged: tagged)
                        && (p.isEmpty || forEachCandidate(hit, in: index) { _ in }) {
                        best = hit
                        // A typed name is not part of a longer one that swallows its type:
                        // "P. Hong Hai" is Hồng Hải, not Phong Hải.
                        if !p.isEmpty { break }
                    }
                } else if s == end - 1 && w.roman != 0 && best == nil {
                    // "Phường IV": a Roman numeral after a ward or district prefix.
                    let p = prefix(before: s)
                    if !p.isEmpty && p.allows(level) && (level == .commune || level == .district) {
                        var digits: UInt64 = 0
                        let n = Int(w.roman)
                        if n >= 10 { digits = KeyHash.step(digits, UInt8(0x30 + n / 10)) }
                        digits = KeyHash.step(digits, UInt8(0x30 + n % 10))
                        let v = index.folded.slots.find(KeyHash.scoped(digits, scope))
                        if v >= 0 && index.folded.lists[Int(v)].scope == scope
                            && Int(index.folded.lists[Int(v)].keyLength) == (n >= 10 ? 2 : 1) {
                            let hit = NameHit(start: s - p.length, nameStart: s, end: end, list: v, marked: false, prefix: p, roman: true)
                            if forEachCandidate(hit, in: index, { _ in }) { best = hit }
                        }
                    }
                }
                if w.has(ScanToken.hardBefore) { break }
                if w.has(ScanToken.breakBefore) && beforeDash == nil { beforeDash = best ?? NameHit.none }
                s -= 1
            }
        }
        // A name spans a dash ("Bà Rịa - Vũng Tàu", "TT-Huế") unless the words after the dash
        // name another unit: "Xóm Đông Hòa - Bình Thạnh" is Bình Thạnh, not Hòa Bình Thạnh.
        if let b = best, let d = beforeDash, d.list >= 0, b.nameStart < d.nameStart,
           firstUnit(b, index) != firstUnit(d, index) {
            return d
        }
        return best
    }

    /// The first unit of `hit`'s posting list.
    private func firstUnit(_ hit: NameHit, _ index: NameIndex) -> Int32 {
        let table = hit.marked ? index.marked : index.folded
        return table.postings[Int(table.lists[Int(hit.list)].start)].unit
    }

    private func accept(_ p: UnitPrefix, level: AddressLevel, s: Int, numeric: Bool, prefixed: Bool, tagged: Bool) -> Bool {
        if !p.isEmpty { return p.allows(level) }
        if prefixed && !tagged { return false }
        if numeric && !tagged { return false }
        return !followsPlaceWord(s) && !insideLongerName(s, level: level)
    }

    /// Whether a bare name starting at word `s` is the tail of a longer name the data does not
    /// know: a type prefix of `level` comes a few words before it in its part of the address
    /// ("TT Nông trường Mộc Châu" is not "Mộc Châu"). Provinces are exempt ("TP Đồng Hới
    /// Quảng Bình").
    private func insideLongerName(_ s: Int, level: AddressLevel) -> Bool {
        guard level != .province else { return false }
        var j = s - 1
        while j >= 1 && s - j <= 6 && !scan[j + 1].has(ScanToken.boundary) {
            let p = prefix(before: j)
            if !p.isEmpty && p.allows(level) && !(level == .district && p.allows(.province)) { return true }
            j -= 1
        }
        return false
    }

    /// A unit name ending right at `pos` (after separators); failing that, one with a type
    /// prefix (or from a field of `level`) further left, past words that name nothing, but not
    /// past a segment that names a commune, or a district of any province, or (`current`) any
    /// district at all.
    func find(_ index: NameIndex, scope: Int32, level: AddressLevel, before pos: Int, current: Bool = false) -> NameHit? {
        if let h = match(index, scope: scope, level: level, end: pos, prefixed: false) { return h }
        var segmentEnd = pos
        var e = pos - 1
        while e >= 1 {
            // Words e ..< pos are passed over.
            if scan[e].has(ScanToken.hardBefore) {
                if blocks(from: e, to: segmentEnd, current: current) { return nil }
                segmentEnd = e
            }
            // A name further left ends where its part of the address ends ("Phường Bình Hưng
            // Hòa B" is not Bình Hưng Hòa).
            if scan[e].has(ScanToken.boundary), let h = match(index, scope: scope, level: level, end: e, prefixed: true) {
                return h
            }
            e -= 1
        }
        return nil
    }

    /// Whether the skipped segment `start ..< end` names a unit the search must not pass.
    private func blocks(from start: Int, to end: Int, current: Bool) -> Bool {
        if hasPrefix(.commune, in: start..<end, orField: false) { return true }
        if current && hasPrefix(.district, in: start..<end, orField: false) { return true }
        return match(t.nationalDistrictNames, scope: 0, level: .district, end: end, prefixed: false) != nil
    }

    /// Whether the words `range` hold a unit type prefix that can stand at `level` (the
    /// prefix's last word in `range`), or (`orField`) come from a field of `level`.
    func hasPrefix(_ level: AddressLevel, in range: Range<Int>, orField: Bool = true) -> Bool {
        for i in range {
            if orField && scan[i].tag == level.tag { return true }
            let p = prefix(before: i + 1)
            if p.length > 0 && p.allows(level) { return true }
        }
        return false
    }

    // MARK: Candidates

    /// Whether the marks written in words `s ..< end` agree with `posting`'s name: every
    /// letter is the name's letter or its base (a for ă, d for đ), and the tones written are,
    /// in order, among the name's ("Quảng Binh" fits "Quảng Bình"; "Thuận Hòa" does not fit
    /// "Thuận Hóa").
    func compatible(_ index: NameIndex, _ posting: NameIndex.Posting, _ s: Int, _ end: Int) -> Bool {
        index.markedNames.withUnsafeBufferPointer { names in
            let name = UnsafeBufferPointer(rebasing: names[Int(posting.markedStart)..<Int(posting.markedStart + posting.markedLength)])
            @inline(__always) func isTone(_ c: UInt8) -> Bool { c > AddressLetters.toneBase && c <= AddressLetters.toneBase + 5 }
            @inline(__always) func base(_ c: UInt8) -> UInt8 {
                switch c {
                case AddressLetters.aBreve, AddressLetters.aCircumflex: return 0x61
                case AddressLetters.eCircumflex: return 0x65
                case AddressLetters.oCircumflex, AddressLetters.oHorn: return 0x6F
                case AddressLetters.uHorn: return 0x75
                case AddressLetters.dStroke: return 0x64
                default: return c
                }
            }
            var k = 0  // letters of the name
            var tone = 0  // tones of the name
            for i in s..<end {
                for c in scan.key(scan[i], marked: true) {
                    if isTone(c) {
                        while tone < name.count && !(isTone(name[tone]) && name[tone] == c) { tone += 1 }
                        if tone == name.count { return false }
                        tone += 1
                        continue
                    }
                    while k < name.count && isTone(name[k]) { k += 1 }
                    guard k < name.count else { return false }
                    let n = name[k]
                    if c != n && c != base(n) { return false }
                    k += 1
                }
            }
            return true
        }
    }

    /// Whether some posting of folded-table list `list` fits the marks written.
    private func anyCompatible(_ index: NameIndex, _ list: Int32, _ s: Int, _ end: Int) -> Bool {
        let l = index.folded.lists[Int(list)]
        for k in Int(l.start)..<Int(l.start + l.count) where compatible(index, index.folded.postings[k], s, end) {
            return true
        }
        return false
    }

    /// The postings of `hit` that fit it: marks agreeing (when checked), and the type written
    /// (see `forEachCandidate`).
    func candidates(_ hit: NameHit, in index: NameIndex) -> [NameIndex.Posting] {
        var result: [NameIndex.Posting] = []
        forEachCandidate(hit, in: index) { result.append($0) }
        return result
    }

    /// Calls `body` with each posting of `hit` that fits it: the marks written agree (when
    /// checked), and the type written is the unit's, or, when no unit has that type, below
    /// it (the unit was upgraded since: "Xã Hoàn Lão" for Thị trấn Hoàn Lão; "Phường Hòa
    /// Hưng" is not a xã).
    /// - Returns: whether some posting fits.
    @inline(__always) @discardableResult
    func forEachCandidate(_ hit: NameHit, in index: NameIndex, _ body: (NameIndex.Posting) -> Void) -> Bool {
        let table = hit.marked ? index.marked : index.folded
        let list = table.lists[Int(hit.list)]
        let range = Int(list.start)..<Int(list.start + list.count)
        @inline(__always) func fits(_ p: NameIndex.Posting) -> Bool {
            !hit.checkMarks || compatible(index, p, hit.nameStart, hit.end)
        }
        let written = hit.prefix.type
        var exact = written == .none
        if !exact {
            for k in range where table.postings[k].type == written && fits(table.postings[k]) {
                exact = true
                break
            }
        }
        var any = false
        for k in range {
            let p = table.postings[k]
            if (exact ? (written == .none || p.type == written) : p.type.rank >= written.rank) && fits(p) {
                body(p)
                any = true
            }
        }
        return any
    }

    /// How `hit` matched `posting`.
    func how(_ hit: NameHit, _ posting: NameIndex.Posting) -> AdminUnitMatchMethod {
        var m = AdminUnitMatchMethod.exact
        if !hit.marked && posting.flags & NameIndex.markedName != 0 { m.insert(.folded) }
        if hit.prefix.abbreviated || posting.flags & NameIndex.abbreviation != 0 { m.insert(.abbreviated) }
        if hit.roman || posting.flags & NameIndex.alias != 0 { m.insert(.alias) }
        return m
    }

    /// The distinct units of `hit` (see `candidates`): the first posting, how many units, and
    /// all of them when more than one.
    func units(_ hit: NameHit, in index: NameIndex) -> (first: NameIndex.Posting, count: Int, all: [Int32]) {
        let table = hit.marked ? index.marked : index.folded
        let list = table.lists[Int(hit.list)]
        if list.count == 1 {
            // One posting (most names): `forEachCandidate` takes it when the marks fit and the
            // type written is its own or below it.
            let p = table.postings[Int(list.start)]
            let written = hit.prefix.type
            if (written == .none || p.type == written || p.type.rank >= written.rank)
                && (!hit.checkMarks || compatible(index, p, hit.nameStart, hit.end)) {
                return (p, 1, [])
            }
        }
        var first: NameIndex.Posting?
        var count = 0
        var all: [Int32] = []
        forEachCandidate(hit, in: index) { p in
            if let f = first {
                if p.unit == f.unit || all.contains(p.unit) { return }
                if count == 1 { all.append(f.unit) }
                all.append(p.unit)
            } else {
                first = p
            }
            count += 1
        }
        return (first!, count, all)
    }

    // MARK: Provinces

    /// The legacy province written at the end of the words before `end`.
    func legacyProvince(end: Int) -> (Int32, NameHit, AdminUnitMatchMethod)? {
        guard let hit = match(t.legacyProvinceNames, scope: 0, level: .province, end: end, prefixed: false) else { return nil }
        let u = units(hit, in: t.legacyProvinceNames)
        // "TP Hà Tĩnh" is the city, not the province. (Fields read in place: copying the
        // province out would retain its strings.)
        if hit.prefix.type == .thanhPho && t.legacyProvinces[Int(u.first.unit)].type != .thanhPho { return nil }
        return (u.first.unit, hit, how(hit, u.first))
    }

    /// The new province written at the end of the words before `end`.
    func newProvince(end: Int) -> (Int32, NameHit, AdminUnitMatchMethod)? {
        guard let hit = match(t.newProvinceNames, scope: 0, level: .province, end: end, prefixed: false) else { return nil }
        let u = units(hit, in: t.newProvinceNames)
        let p = Int(u.first.unit)
        if hit.prefix.type == .thanhPho && t.newProvinces[p].type != .thanhPho && t.newProvinces[p].julyType != .thanhPho {
            return nil
        }
        return (u.first.unit, hit, how(hit, u.first))
    }

    /// Where the units end: before a trailing "Việt Nam" / "VN" and a postal code.
    func unitsEnd() -> Int {
        var end = scan.count
        while end > 0 {
            let w = scan[end - 1]
            if w.word == .vietnam || w.word == .vn {
                end -= 1
            } else if w.word == .nam && end >= 2 && scan[end - 2].word == .viet {
                end -= 2
            } else if w.has(ScanToken.numeric) && w.bLength >= 5 && w.tag == 0 {
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    // MARK: Legacy reading

    /// Reads the words before `pos` as legacy units in legacy province `p`.
    func readLegacy(province p: Int32, how: AdminUnitMatchMethod?, pos: Int) -> UnitReading {
        var r = UnitReading()
        r.current = false
        if let how {
            r.province = p
            r.provinceHow = how
            r.recognisedFrom = pos
        }
        r.newProvince = t.legacyProvinces[Int(p)].newProvince
        r.outcome = .unknown(.noCommune)

        var districtHit = match(t.legacyDistrictNames, scope: p, level: .district, end: pos, prefixed: false)
        if let dh = districtHit, dh.prefix.isEmpty,
           let ch = match(t.legacyCommuneProvinceNames, scope: p, level: .commune, end: pos, prefixed: false),
           ch.nameStart < dh.nameStart, !((ch.nameStart + 1)...dh.nameStart).contains(where: { scan[$0].has(ScanToken.breakBefore) }) {
            // "Quỳnh Vinh": a commune whose name ends with a district's ("Vinh"), in one piece
            // (not "Hưng Đông - Vinh").
            districtHit = nil
        }
        if let dh = districtHit {
            let d = units(dh, in: t.legacyDistrictNames)
            if d.count == 1 {
                r.district = d.first.unit
                r.districtHow = self.how(dh, d.first)
                r.recognisedFrom = dh.start
                if let ch = find(t.legacyCommuneNames, scope: d.first.unit, level: .commune, before: dh.start) {
                    resolveLegacy(ch, t.legacyCommuneNames, into: &r)
                } else if t.legacyDistricts[Int(d.first.unit)].wholeDistrict >= 0 {
                    r.outcome = .mapped(newCommune: t.legacyDistricts[Int(d.first.unit)].wholeDistrict)
                } else {
                    r.outcome = .unknown(missingCommune(province: p, district: d.first.unit, before: dh.start, into: &r))
                }
                return r
            }
            // A district name used twice in the province (Huyện / Thị xã Kỳ Anh) and no type:
            // the commune decides.
            var found: [(Int32, NameHit)] = []
            for district in d.all {
                if let ch = find(t.legacyCommuneNames, scope: district, level: .commune, before: dh.start) {
                    found.append((district, ch))
                }
            }
            if found.count == 1 {
                r.district = found[0].0
                r.districtHow = self.how(dh, units(dh, in: t.legacyDistrictNames).first)
                r.recognisedFrom = dh.start
                resolveLegacy(found[0].1, t.legacyCommuneNames, into: &r)
            } else if found.count > 1 {
                var legacy: [Int32] = []
                for (_, ch) in found {
                    let u = units(ch, in: t.legacyCommuneNames)
                    legacy += u.count == 1 ? [u.first.unit] : u.all
                }
                r.recognisedFrom = found.map(\.1.start).min()!
                resolveSeveral(legacy, into: &r)
            }
            return r
        }

        if let ch = find(t.legacyCommuneProvinceNames, scope: p, level: .commune, before: pos) {
            resolveLegacy(ch, t.legacyCommuneProvinceNames, into: &r)
            return r
        }
        r.outcome = .unknown(missingCommune(province: p, district: -1, before: pos, into: &r))
        return r
    }

    /// Sets `r`'s outcome from commune hit `ch`.
    private func resolveLegacy(_ ch: NameHit, _ index: NameIndex, into r: inout UnitReading) {
        let u = units(ch, in: index)
        r.recognisedFrom = ch.start
        if u.count == 1 {
            r.commune = u.first.unit
            r.communeHow = how(ch, u.first)
            r.communeMarked = ch.checkMarks || ch.marked
            let targets = t.targets(of: u.first.unit)
            if targets.count == 1 {
                r.outcome = .mapped(newCommune: targets.first!)
            } else {
                r.outcome = .ambiguous(.splitCommune, candidates: Array(targets),
                                       heuristicDefault: t.legacyCommunes[Int(u.first.unit)].defaultTarget, legacy: [])
            }
            return
        }
        resolveSeveral(u.all, into: &r)
    }

    /// Sets `r`'s outcome for a name that several legacy communes share.
    private func resolveSeveral(_ legacy: [Int32], into r: inout UnitReading) {
        var union: [Int32] = []
        for c in legacy {
            for target in t.targets(of: c) where !union.contains(target) { union.append(target) }
        }
        if union.count == 1 {
            // They all went into one new commune: the answer does not depend on which.
            r.outcome = .mapped(newCommune: union[0])
            return
        }
        union.sort { t.newCommunes[Int($0)].code < t.newCommunes[Int($1)].code }
        let sortedLegacy = legacy.sorted { t.legacyCommunes[Int($0)].code < t.legacyCommunes[Int($1)].code }
        r.outcome = .ambiguous(.sameName, candidates: union, heuristicDefault: -1, legacy: sortedLegacy)
    }

    /// Why no commune was found before `pos` in province `p` (and district `d`, if >= 0).
    private func missingCommune(province p: Int32, district d: Int32, before pos: Int, into r: inout UnitReading) -> AdminUnitUnknown.Reason {
        if d >= 0, find(t.legacyCommuneProvinceNames, scope: p, level: .commune, before: pos) != nil {
            return .communeNotInDistrict
        }
        if let rh = find(t.retiredCommuneNames, scope: p, level: .commune, before: pos) {
            let u = units(rh, in: t.retiredCommuneNames)
            if u.count == 1 && (d < 0 || t.retiredCommunes[Int(u.first.unit)].district == d) {
                r.commune = u.first.unit
                r.communeHow = how(rh, u.first)
                r.communeRetired = true
                r.recognisedFrom = rh.start
                return .retiredCommune
            }
        }
        return hasPrefix(.commune, in: 0..<pos) ? .communeNotFound : .noCommune
    }

    // MARK: New-units reading

    /// Reads the words before `pos` as units since 1 July 2025 in new province `p`.
    func readCurrent(province p: Int32, how: AdminUnitMatchMethod?, pos: Int) -> UnitReading {
        var r = UnitReading()
        r.current = true
        if let how {
            r.province = p
            r.provinceHow = how
            r.recognisedFrom = pos
        }
        r.newProvince = p
        r.outcome = .unknown(.noCommune)
        // A district before the province: legacy units.
        if pos > 0 && hasPrefix(.district, in: segmentStart(pos - 1)..<pos) {
            r.legacyStyle = true
            return r
        }
        guard let ch = find(t.newCommuneNames, scope: p, level: .commune, before: pos, current: true) else {
            r.outcome = .unknown(hasPrefix(.commune, in: 0..<pos) ? .communeNotFound : .noCommune)
            return r
        }
        // No thị trấn since 1 July 2025: "TT. Hà Trung" is a legacy unit.
        if ch.prefix.type == .thiTran {
            r.legacyStyle = true
            return r
        }
        // A bare name after another commune ("Xã A, B, Tỉnh P"): B is a legacy district.
        if ch.prefix.isEmpty && ch.start > 0 && scan[ch.start - 1].tag == 0 {
            let previous = segmentStart(ch.start - 1)
            if hasPrefix(.commune, in: previous..<ch.start) {
                r.legacyStyle = true
                return r
            }
        }
        let u = units(ch, in: t.newCommuneNames)
        r.recognisedFrom = ch.start
        r.communeBare = ch.prefix.isEmpty && ch.start > 0 && scan[ch.end - 1].tag == 0
        if u.count == 1 {
            r.commune = u.first.unit
            r.communeHow = self.how(ch, u.first)
            r.communeMarked = ch.checkMarks || ch.marked
            r.outcome = .mapped(newCommune: u.first.unit)
        } else {
            let sorted = u.all.sorted { t.newCommunes[Int($0)].code < t.newCommunes[Int($1)].code }
            r.outcome = .ambiguous(.sameName, candidates: sorted, heuristicDefault: -1, legacy: [])
        }
        return r
    }
}
