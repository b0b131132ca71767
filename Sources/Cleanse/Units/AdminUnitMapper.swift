public import Core

/// Maps an address written in Vietnam's administrative units, before or after the reform of
/// 1 July 2025 (63 provinces → 34, districts abolished), to the new province and commune.
///
/// The address is free text ("Thôn 3, X. Quảng Phú, H. Quảng Trạch, Quảng Bình",
/// "so 12 duong Le Loi, p.Dong Phu, tp Dong Hoi, tinh Quang Binh", "KP 1, P.15, Q.10, TP.HCM")
/// or separate province / district / commune fields, any of them missing. It is read from its
/// end: the province first, then the district, then the commune; words before the commune
/// (house number, street, hamlet) are ignored. Names match with or without diacritics (đ → d,
/// any case, tone marks placed either way), with full or abbreviated unit types ("Tỉnh"/"T.",
/// "Thành phố"/"TP", "Quận"/"Q", "Huyện"/"H.", "Thị xã"/"TX", "Phường"/"P"/"F", "Xã"/"X.",
/// "Thị trấn"/"TT"), as numbers ("Phường 15", "P15", "Q.1", "Phường IV"), under the reference
/// data's alt names, and with common province forms (TP.HCM, HCM, Sài Gòn, HN, Thừa Thiên Huế,
/// TT Huế, BR-VT). A legacy commune goes to its new commune through
/// `commune_mapping_2025.csv`; one split across several new communes comes back ambiguous with
/// all its parts, as does a name that fits several communes. The mapper never guesses.
///
/// **Date rule.** A record dated before 1 July 2025 (Vietnam time, UTC+7; or with no date) is
/// read in the legacy units first, and in the new units only if that finds no commune; a
/// record dated on or after it is read in the new units first, then in the legacy units. A
/// new-units reading gives way to the legacy one when the address names a district (districts
/// no longer exist) or two communes. A legacy province named as its new province (an old
/// address under "Quảng Trị" whose district is in old Quảng Bình) is also read within the old
/// provinces merged into it.
///
/// The reference data is parsed on first use (a few tens of milliseconds; `prepare()` does it
/// ahead of time). Mapping allocates nothing but the result.
public struct AdminUnitMapper: Sendable {
    /// Which unit set a record is read in first.
    public enum Reading: Sendable, Hashable {
        /// Units of 30 June 2025 first, then units since 1 July 2025.
        case legacyFirst
        /// Units since 1 July 2025 first, then the legacy units.
        case currentFirst

        /// The reading for a record of `date`: `currentFirst` from 2025-07-01 00:00 in Vietnam
        /// (UTC+7), `legacyFirst` before it or without a date. A date-time with a UTC offset is
        /// first converted to UTC+7; one without is taken as local.
        public init(date: ISODateTime?) {
            guard let date else {
                self = .legacyFirst
                return
            }
            var day = Self.daysFromCivil(date.year, date.month, date.day)
            if let offset = date.offsetMinutes, date.hasTime {
                let local = date.hour * 60 + date.minute - offset + 7 * 60
                day += local >= 0 ? local / 1440 : -((1439 - local) / 1440)
            }
            self = day >= Self.reformDay ? .currentFirst : .legacyFirst
        }

        /// 2025-07-01, in days since 1970-01-01.
        static let reformDay = daysFromCivil(2025, 7, 1)

        /// Days since 1970-01-01 of a proleptic Gregorian date.
        static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
            ISODateTime.days(year: year, month: month, day: day)
        }
    }

    /// The legacy province assumed when an address names none, or -1.
    private let defaultProvince: Int32

    /// A mapper that finds the province in the address (or from its district, when that
    /// district's name is unique in the country).
    public init() {
        defaultProvince = -1
    }

    /// A mapper for one province's export: addresses that name no province are read in
    /// legacy province `legacyCode` ("44" for Quảng Bình) and its new province.
    /// - Returns: `nil` when `legacyCode` is not a legacy province code.
    public init?(defaultProvince legacyCode: String) {
        guard let p = AdminUnitTables.shared.legacyProvinceCodes[legacyCode] else { return nil }
        defaultProvince = p
    }

    /// Parses the reference data now rather than on the first address.
    public static func prepare() {
        _ = AdminUnitTables.shared
    }

    /// Maps a free-text address of a record dated `date` (see the date rule above).
    /// - Complexity: O(n) in the address's length (only its last 320 bytes are read).
    public func map(_ address: String, on date: ISODateTime? = nil) -> AdminUnitMatch {
        map(address, reading: Reading(date: date))
    }

    /// Maps a free-text address, reading it in the unit sets in the order `reading` gives.
    /// - Complexity: O(n) in the address's length (only its last 320 bytes are read).
    public func map(_ address: String, reading: Reading) -> AdminUnitMatch {
        AddressScan.withScan(of: address) { scan in
            match(resolve(scan, reading), scan, reading) { address }
        }
    }

    /// Maps an address given as separate fields (each may also hold a unit type, "Xã Quảng
    /// Phú", or more of the address, "Thôn 3, Xã Quảng Phú"; `nil` or empty when missing).
    /// A field's words are only read at its own level, and a bare number in the commune or
    /// district field is a numbered unit ("15" in the commune field is Phường 15).
    /// - Complexity: O(n) in the fields' length.
    public func map(province: String?, district: String?, commune: String?, on date: ISODateTime? = nil) -> AdminUnitMatch {
        map(province: province, district: district, commune: commune, reading: Reading(date: date))
    }

    /// Maps an address given as separate fields, in the order `reading` gives.
    /// - Complexity: O(n) in the fields' length.
    public func map(province: String?, district: String?, commune: String?, reading: Reading) -> AdminUnitMatch {
        AddressScan.withScan(commune: commune, district: district, province: province) { scan in
            match(resolve(scan, reading), scan, reading) {
                Self.joined(province: province, district: district, commune: commune)
            }
        }
    }

    /// The new commune of a free-text address when it maps to exactly one, else the whole
    /// match: `map(_:reading:)` without building the match of an address that maps (what
    /// `cleanse.units` does for most records).
    /// - Complexity: O(n) in the address's length (only its last 320 bytes are read).
    func mapToCommune(_ address: String, reading: Reading) -> CommuneMatch {
        AddressScan.withScan(of: address) { scan in
            communeMatch(resolve(scan, reading), scan, reading) { address }
        }
    }

    /// What `tail`, the end of an address after a comma, read alone behind two stand-in words,
    /// maps to, when that reading settles it without looking at them: one new commune, or an
    /// ambiguity (a split commune, a name that fits several). Then the reading of any address
    /// ending in ", " + `tail` whose part before the comma holds at least two words is this
    /// reading, whatever those words are, and its match is this match. `nil` otherwise (read
    /// the whole address; an unknown address is never settled by its tail, as what it reports
    /// unrecognised is the text before the units).
    ///
    /// Why: the reader takes every word through one subscript, which notes a look at a stand-in;
    /// it reads an address from its end and finds its way left by words' contents and by
    /// positions relative to them, the only absolute positions it tests being "at least 1" and
    /// "at least 2" (which hold alike for a tail behind two stand-ins and for one behind two
    /// real words). The first word of the tail has a hard boundary before it in both. So a
    /// reading that never looks at a stand-in makes the same steps on the whole address. The
    /// whole address must also be scanned whole (at most `AddressScan.fieldWindow` bytes), and
    /// its scan must keep the tail's words and two before them as they are: a scan that fills
    /// up drops its first words and keeps at least `tailWordLimit` + 2, marking the first it
    /// keeps.
    func mapTailToCommune(_ tail: String, reading: Reading) -> CommuneMatch? {
        var looked = false
        return withUnsafeMutablePointer(to: &looked) { flag -> CommuneMatch? in
            AddressScan.withScan(of: tail, sentinels: 2, reads: flag) { scan -> CommuneMatch? in
                guard !scan.dropped, scan.count - 2 <= Self.tailWordLimit else { return nil }
                let resolution = resolve(scan, reading)
                guard !flag.pointee else { return nil }
                let match = communeMatch(resolution, scan, reading) { tail }
                if case .unknown = match { return nil }
                return match
            }
        }
    }

    /// The most words a tail may have for `mapTailToCommune`: a full scan drops a quarter of
    /// its words and takes one more, so it always keeps this many and two more.
    static let tailWordLimit = AddressScan.wordCapacity - AddressScan.wordCapacity / 4 + 1 - 2

    /// The part of free-text `address` after its third comma from the end, when the address
    /// qualifies for `mapTailToCommune`: at most `AddressScan.fieldWindow` bytes, and at least
    /// two words before that comma (counted where a run of ASCII letters or digits follows
    /// ASCII punctuation or space, or starts the text: never more words than the scan finds).
    static func tail(of address: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let n = address.count
        guard n > 0, n <= AddressScan.fieldWindow else { return nil }
        let p = address.baseAddress!
        var commas = 0
        // The third comma from the end, or -1: eight bytes at a time, then byte by byte.
        var i = -1
        var rest = n
        words: while rest >= 8 {
            let w = UnsafeRawPointer(p).loadUnaligned(fromByteOffset: rest &- 8, as: UInt64.self).littleEndian
            var zero = RuleBytes.zeroBytes(w ^ 0x2C2C_2C2C_2C2C_2C2C)  // the commas
            while zero != 0 {
                let bit = 63 &- zero.leadingZeroBitCount
                commas &+= 1
                if commas == 3 {
                    i = rest &- 8 &+ bit >> 3
                    break words
                }
                zero &= ~(1 << UInt64(bit))
            }
            rest &-= 8
        }
        if i < 0 {
            while rest > 0 {
                rest &-= 1
                if p[rest] == 0x2C {
                    commas &+= 1
                    if commas == 3 { break }
                }
            }
            guard commas == 3 else { return nil }
            i = rest
        }
        @inline(__always) func alnum(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10 }
        var words = 0
        // Whether the byte before is ASCII other than a letter, digit or apostrophe (or the start).
        var separated = true
        for j in 0..<i {
            let c = p[j]
            if alnum(c) {
                if separated {
                    words &+= 1
                    if words == 2 { return (i + 1)..<n }
                }
                separated = false
            } else {
                separated = c < 0x80 && c != 0x27 && c != 0x60
            }
        }
        return nil
    }

    /// `mapToCommune(_:reading:)` for an address given as separate fields.
    /// - Complexity: O(n) in the fields' length.
    func mapToCommune(province: String?, district: String?, commune: String?, reading: Reading) -> CommuneMatch {
        AddressScan.withScan(commune: commune, district: district, province: province) { scan in
            communeMatch(resolve(scan, reading), scan, reading) {
                Self.joined(province: province, district: district, commune: commune)
            }
        }
    }

    /// What `mapToCommune` found: `AdminUnitMatch` with the new commune as an index.
    enum CommuneMatch: Hashable {
        /// Exactly one new commune: its index in `AdminUnitTables.newCommunes`.
        case mapped(commune: Int32)
        case ambiguous(AdminUnitAmbiguity)
        case unknown(AdminUnitUnknown)
    }

    /// The fields of an address joined as the text reported unrecognised.
    private static func joined(province: String?, district: String?, commune: String?) -> String {
        [commune, district, province].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    // MARK: Reading

    /// What `resolve` made of an address.
    private enum Resolution {
        /// The reading that decides.
        case reading(UnitReading)
        /// No words at all (`empty`), or no province found (`noProvince`).
        case nothing(AdminUnitUnknown.Reason)
    }

    private func resolve(_ scan: AddressScan, _ order: Reading) -> Resolution {
        let t = AdminUnitTables.shared
        let reader = AddressReader(scan: scan, t: t)
        guard scan.count > 0 else { return .nothing(.empty) }
        let end = reader.unitsEnd()

        let legacyProvince = reader.legacyProvince(end: end)
        func legacy() -> UnitReading? {
            guard let (p, hit, how) = legacyProvince else { return nil }
            return reader.readLegacy(province: p, how: how, pos: hit.start)
        }
        /// "Quảng Trị" over an old Quảng Bình district: a reading in the old provinces merged
        /// into the new province of that name, when exactly one finds the district and commune.
        func namesakes() -> UnitReading? {
            guard let (p, hit, how) = legacyProvince else { return nil }
            var found: UnitReading?
            for sibling in t.namesakeSiblings[Int(p)] {
                let r = reader.readLegacy(province: sibling, how: how.union(.alias), pos: hit.start)
                if r.outcome.isDecisive && r.district >= 0 {
                    if found != nil { return nil }
                    found = r
                }
            }
            return found
        }
        func current() -> UnitReading? {
            guard let (p, hit, how) = reader.newProvince(end: end) else { return nil }
            return reader.readCurrent(province: p, how: how, pos: hit.start)
        }

        let first = order == .legacyFirst ? legacy() : current()
        if let first, first.outcome.isDecisive {
            // A bare new commune after other words ("…, Trường Xuân A, Thới Lai, Cần Thơ"):
            // if those words are a legacy commune of a legacy district of that name, the
            // address is in legacy units.
            if first.current && first.communeBare, let l = legacy(), l.outcome.isDecisive, l.district >= 0, l.commune >= 0 {
                return .reading(l)
            }
            // A name written with diacritics that only loosely fit ("Văn Lang" for Văn Lăng)
            // gives way to the other unit set's exact name ("Văn Lang").
            if first.communeHow.contains(.folded) && first.communeMarked,
               let other = order == .legacyFirst ? current() : legacy(), other.outcome.isDecisive,
               other.commune >= 0, !other.communeHow.contains(.folded) {
                return .reading(other)
            }
            return .reading(first)
        }
        // The other reading only when the first found nothing below the province.
        let second = first?.belowProvince == true ? nil : (order == .legacyFirst ? current() : legacy())
        if let second, second.outcome.isDecisive { return .reading(second) }
        let legacyReading = order == .legacyFirst ? first : second
        if legacyReading?.belowProvince != true, let n = namesakes() { return .reading(n) }
        if let first {
            if let second, second.score > first.score { return .reading(second) }
            return .reading(first)
        }
        if let second { return .reading(second) }

        // No province written.
        var fallback: UnitReading?
        if defaultProvince >= 0 {
            let newProvince = t.legacyProvinces[Int(defaultProvince)].newProvince
            let l = reader.readLegacy(province: defaultProvince, how: nil, pos: end)
            let c = reader.readCurrent(province: newProvince, how: nil, pos: end)
            let (a, b) = order == .legacyFirst ? (l, c) : (c, l)
            if a.outcome.isDecisive { return .reading(a) }
            if b.outcome.isDecisive { return .reading(b) }
            fallback = b.score > a.score ? b : a
        }
        // A district found in one province only (by name and type), or with its commune in one
        // province only: that province.
        if let dh = reader.match(t.nationalDistrictNames, scope: 0, level: .district, end: end, prefixed: false) {
            var provinces: [Int32] = []
            for posting in reader.candidates(dh, in: t.nationalDistrictNames) {
                let p = t.legacyDistricts[Int(posting.unit)].province
                if !provinces.contains(p) { provinces.append(p) }
            }
            var found: UnitReading?
            var count = 0
            for p in provinces where p != defaultProvince {
                let r = reader.readLegacy(province: p, how: nil, pos: end)
                if r.outcome.isDecisive || provinces.count == 1 {
                    found = r
                    count += 1
                }
            }
            if count == 1, let found, fallback == nil || found.outcome.isDecisive { return .reading(found) }
        }
        if let fallback { return .reading(fallback) }
        return .nothing(.noProvince)
    }

    // MARK: Results

    /// The match `resolution` of `scan` stands for: `communeMatch` with the mapped commune's
    /// units and what was recognised filled in.
    private func match(_ resolution: Resolution, _ scan: AddressScan, _ order: Reading, _ source: () -> String)
        -> AdminUnitMatch {
        switch communeMatch(resolution, scan, order, source) {
        case .mapped(let c):
            guard case .reading(let r) = resolution else { preconditionFailure("only a reading maps to a commune") }
            let t = AdminUnitTables.shared
            let commune = t.newCommunes[Int(c)]
            return .mapped(AdminUnitMapping(province: Self.unit(t.newProvinces[Int(commune.province)]),
                                            commune: Self.unit(commune), recognised: recognition(r)))
        case .ambiguous(let a):
            return .ambiguous(a)
        case .unknown(let u):
            return .unknown(u)
        }
    }

    /// What `resolution` of `scan` gives, without building the match of an address that maps
    /// to one commune.
    private func communeMatch(_ resolution: Resolution, _ scan: AddressScan, _ order: Reading, _ source: () -> String)
        -> CommuneMatch {
        switch resolution {
        case .reading(let r):
            switch r.outcome {
            case .mapped(let c):
                return .mapped(commune: c)
            case .ambiguous(let reason, let candidates, let heuristicDefault, let legacy):
                return .ambiguous(ambiguity(r, reason, candidates, heuristicDefault, legacy))
            case .unknown(let reason):
                return .unknown(unknown(r, reason, scan, source))
            }
        case .nothing(let reason):
            return .unknown(nothing(reason, scan, order, source))
        }
    }

    /// The units reading `r` recognised.
    private func recognition(_ r: UnitReading) -> AdminUnitRecognition {
        let t = AdminUnitTables.shared
        var recognition = AdminUnitRecognition(vintage: r.current ? .current : .legacy)
        if r.province >= 0 {
            let p = r.current ? t.newProvinces[Int(r.province)] : t.legacyProvinces[Int(r.province)]
            recognition.province = RecognisedAdminUnit(code: p.code, fullName: p.fullName, how: r.provinceHow)
        }
        if r.district >= 0 {
            let d = t.legacyDistricts[Int(r.district)]
            recognition.district = RecognisedAdminUnit(code: d.code, fullName: d.fullName, how: r.districtHow)
        }
        if r.commune >= 0 {
            let c = r.current ? t.newCommunes[Int(r.commune)]
                : r.communeRetired ? t.retiredCommunes[Int(r.commune)] : t.legacyCommunes[Int(r.commune)]
            recognition.commune = RecognisedAdminUnit(code: c.code, fullName: c.fullName, how: r.communeHow)
        }
        return recognition
    }

    private func ambiguity(_ r: UnitReading, _ reason: AdminUnitAmbiguity.Reason, _ candidates: [Int32],
                           _ heuristicDefault: Int32, _ legacy: [Int32]) -> AdminUnitAmbiguity {
        let t = AdminUnitTables.shared
        return AdminUnitAmbiguity(
            reason: reason,
            province: Self.unit(t.newProvinces[Int(t.newCommunes[Int(candidates[0])].province)]),
            candidates: candidates.map { Self.unit(t.newCommunes[Int($0)]) },
            heuristicDefault: heuristicDefault >= 0 ? Self.unit(t.newCommunes[Int(heuristicDefault)]) : nil,
            legacyCandidates: legacy.map {
                let c = t.legacyCommunes[Int($0)]
                return RecognisedAdminUnit(code: c.code, fullName: c.fullName, how: .exact)
            },
            recognised: recognition(r))
    }

    private func unknown(_ r: UnitReading, _ reason: AdminUnitUnknown.Reason, _ scan: AddressScan,
                         _ source: () -> String) -> AdminUnitUnknown {
        let t = AdminUnitTables.shared
        return AdminUnitUnknown(
            reason: reason,
            province: r.newProvince >= 0 ? Self.unit(t.newProvinces[Int(r.newProvince)]) : nil,
            recognised: recognition(r),
            unrecognised: Self.unrecognised(scan, before: r.recognisedFrom, source))
    }

    /// An address without words (`empty`) or without a province found (`noProvince`).
    private func nothing(_ reason: AdminUnitUnknown.Reason, _ scan: AddressScan, _ order: Reading,
                         _ source: () -> String) -> AdminUnitUnknown {
        let recognition = AdminUnitRecognition(vintage: order == .currentFirst ? .current : .legacy)
        let rest = reason == .empty ? nil : Self.unrecognised(scan, before: scan.count, source)
        return AdminUnitUnknown(reason: reason, province: nil, recognised: recognition, unrecognised: rest)
    }

    private static func unit(_ p: AdminUnitTables.Province) -> NewAdminUnit {
        NewAdminUnit(code: p.code, name: p.name, fullName: p.fullName)
    }

    private static func unit(_ c: AdminUnitTables.Commune) -> NewAdminUnit {
        NewAdminUnit(code: c.code, name: c.name, fullName: c.fullName)
    }

    /// The source text before word `word` (all of it past the last word), without the
    /// separators at its ends; `nil` when that leaves nothing.
    private static func unrecognised(_ scan: AddressScan, before word: Int, _ source: () -> String) -> String? {
        guard word > 0, scan.count > 0 else { return nil }
        let text = source()
        let limit = word < scan.count ? Int(scan[word].srcStart) : text.utf8.count
        return RuleBytes.withUTF8(text) { b -> String? in
            var lo = 0, hi = min(limit, b.count)
            func isSeparator(_ c: UInt8) -> Bool {
                c <= 0x20 || c == UInt8(ascii: ",") || c == UInt8(ascii: ";") || c == UInt8(ascii: "-")
                    || c == UInt8(ascii: ".") || c == UInt8(ascii: "|")
            }
            while lo < hi && isSeparator(b[lo]) { lo += 1 }
            while hi > lo && isSeparator(b[hi - 1]) { hi -= 1 }
            guard hi > lo else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
        }
    }
}
