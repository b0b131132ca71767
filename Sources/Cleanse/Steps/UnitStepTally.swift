/// What one `cleanse.units` step did so far, counted by unit index (cheap per record) and
/// turned into ``CleanseStats/Units`` when read.
struct UnitStepTally {
    var mapped = 0, unknown = 0, ambiguous = 0
    /// Records given each new province, by index in `AdminUnitTables.newProvinces`.
    var provinces: [Int]
    /// Records mapped to each new commune, by index in `AdminUnitTables.newCommunes`.
    var communes: [Int]
    /// See ``CleanseStats/Units/unmapped``.
    var unmapped: [String: Int] = [:]

    init() {
        let t = AdminUnitTables.shared
        provinces = [Int](repeating: 0, count: t.newProvinces.count)
        communes = [Int](repeating: 0, count: t.newCommunes.count)
    }

    /// Counts a record mapped to new commune `c`.
    @inline(__always)
    mutating func countMapped(commune c: Int32) {
        mapped += 1
        communes[Int(c)] += 1
        provinces[Int(AdminUnitTables.shared.newCommunes[Int(c)].province)] += 1
    }

    /// Counts a record given new province `code` without a commune.
    mutating func countProvince(_ code: String) {
        countProvince(at: Self.provinceIndex(code))
    }

    /// Counts a record given the new province at `index` (`provinceIndex`) without a commune;
    /// `nil`, a code that is no new province, counts nothing.
    @inline(__always)
    mutating func countProvince(at index: Int?) {
        if let index { provinces[index] += 1 }
    }

    /// The index in `AdminUnitTables.newProvinces` of new province `code`, if it is one.
    static func provinceIndex(_ code: String) -> Int? {
        AdminUnitTables.shared.newProvinceCodes[code].map(Int.init)
    }

    /// Counts a record that went unknown or ambiguous under `key`, or under
    /// ``CleanseStats/otherKey`` once ``CleanseStats/unmappedLimit`` keys are held.
    mutating func countUnmapped(_ key: String) {
        CleanseStats.count(key, in: &unmapped, limit: CleanseStats.unmappedLimit)
    }

    /// The counts as the stats show them, for the step reading field `address`.
    func stats(address: String) -> CleanseStats.Units {
        let t = AdminUnitTables.shared
        var u = CleanseStats.Units(address: address)
        u.mapped = mapped
        u.unknown = unknown
        u.ambiguous = ambiguous
        for (i, n) in provinces.enumerated() where n > 0 {
            let p = t.newProvinces[i]
            u.provinces[p.code] = n
            u.provinceNames[p.code] = p.fullName
        }
        for (i, n) in communes.enumerated() where n > 0 {
            let c = t.newCommunes[i]
            u.communes[c.code] = n
            u.communeNames[c.code] = c.fullName
        }
        u.unmapped = unmapped
        return u
    }

    /// The `unmapped` key of an address that fits several communes: the split commune and
    /// into how many, or the units recognised and the candidates.
    ///
    /// "commune 09619 Xã Tân Linh split across 2 new communes".
    static func key(_ a: AdminUnitAmbiguity) -> String {
        if a.reason == .splitCommune, let c = a.recognised.commune {
            return "commune \(c.code) \(c.fullName) split across \(a.candidates.count) new communes"
        }
        let listed = a.legacyCandidates.isEmpty
            ? a.candidates.map { "\($0.code) \($0.fullName)" } : a.legacyCandidates.map { "\($0.code) \($0.fullName)" }
        let shown = listed.prefix(4).joined(separator: ", ") + (listed.count > 4 ? ", …" : "")
        return "\(recognised(a.recognised)); name fits \(listed.count) communes: \(shown)"
    }

    /// The `unmapped` key of an address that could not be read: the units recognised (lowest
    /// first), then what was not recognised (the part of the address right before them,
    /// folded, its digits masked, so that no house number goes into the report), or why it did
    /// not map.
    ///
    /// "district 271 Huyện Ba Vì, province 01 Thành phố Hà Nội; not recognised: 'xa tan linh'".
    static func key(_ u: AdminUnitUnknown) -> String {
        var key = recognised(u.recognised)
        if let rest = u.unrecognised.flatMap(lastPart) {
            key += "; not recognised: '\(rest)'"
        } else {
            key += "; " + u.reason.words
        }
        return key
    }

    /// "commune …, district …, province …" of the units recognised, or "nothing recognised".
    private static func recognised(_ r: AdminUnitRecognition) -> String {
        let units = [("commune", r.commune), ("district", r.district), ("province", r.province)]
            .compactMap { level, unit in unit.map { "\(level) \($0.code) \($0.fullName)" } }
        return units.isEmpty ? "nothing recognised" : units.joined(separator: ", ")
    }

    /// The last part (after the last `,` `;` `|` or bracket) of unrecognised address text,
    /// folded, digits as `9`, at most 40 characters; `nil` when that leaves nothing.
    private static func lastPart(_ text: String) -> String? {
        let separators: Set<Character> = [",", ";", "|", "(", ")", "[", "]", "\n", "\r"]
        let part = text.split(whereSeparator: { separators.contains($0) }).last.map(String.init) ?? ""
        var masked = FoldRule.fold(part).map { $0.isNumber ? "9" : $0 }
        if masked.count > 40 { masked = Array(masked.prefix(40)) + ["…"] }
        let result = String(masked)
        return result.isEmpty ? nil : result
    }
}

extension AdminUnitUnknown.Reason {
    /// The reason in words: "commune not found".
    var words: String { String(rawValue.map { $0 == "_" ? " " : $0 }) }
}
