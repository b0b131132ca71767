/// The reference data parsed into the units and the name indexes the mapper reads: built once,
/// on first use, from `AdminUnitData`'s embedded CSV text.
///
/// Units are referred to by their position (`Int32`) in their array. Legacy and new codes
/// are never mixed: `legacy*` arrays hold the units of 30 June 2025, `new*` the units since
/// 1 July 2025.
final class AdminUnitTables: Sendable {
    static let shared = AdminUnitTables()

    struct Province: Sendable {
        let code: String, name: String, fullName: String
        let type: UnitType
        /// New provinces: the type on 1 July 2025 (`type_2025_07`); legacy: `type`.
        let julyType: UnitType
        /// Legacy provinces: the new province they went into. New provinces: themselves.
        let newProvince: Int32
    }

    struct District: Sendable {
        let code: String, name: String, fullName: String
        let type: UnitType
        let province: Int32
        /// The new commune an island district with no communes became as a whole, or -1.
        let wholeDistrict: Int32
    }

    struct Commune: Sendable {
        let code: String, name: String, fullName: String
        let type: UnitType
        /// Legacy communes: their district; new communes: -1.
        let district: Int32
        let province: Int32
        /// Legacy communes: their new communes, `targets[targetStart ..< targetStart + targetCount]`
        /// in code order, and the `is_default` one. New and retired communes: 0, 0, -1.
        let targetStart: Int32, targetCount: Int32
        let defaultTarget: Int32
    }

    let newProvinces: [Province]
    let newCommunes: [Commune]
    let legacyProvinces: [Province]
    let legacyDistricts: [District]
    let legacyCommunes: [Commune]
    /// Communes of the January 2025 list merged away before 30 June 2025 (no mapping).
    let retiredCommunes: [Commune]
    /// New commune positions, per legacy commune (see `Commune.targetStart`).
    let targets: [Int32]
    /// Per legacy province: when its name is also its new province's name (Quảng Trị, Gia Lai),
    /// the other legacy provinces merged into that new province; else empty. An address
    /// written with the new province's name over old districts is read within these too.
    let namesakeSiblings: [[Int32]]

    let legacyProvinceCodes: [String: Int32]
    let newProvinceCodes: [String: Int32]
    let legacyCommuneCodes: [String: Int32]
    let newCommuneCodes: [String: Int32]
    let legacyDistrictCodes: [String: Int32]

    /// Legacy provinces by name and alias (scope 0).
    let legacyProvinceNames: NameIndex
    /// New provinces by name and alias (scope 0).
    let newProvinceNames: NameIndex
    /// Legacy districts by name and alt name, within their province.
    let legacyDistrictNames: NameIndex
    /// Legacy districts by name and alt name, nationwide (scope 0).
    let nationalDistrictNames: NameIndex
    /// Legacy communes by name and alt name, within their district.
    let legacyCommuneNames: NameIndex
    /// Legacy communes by name and alt name, within their province (no district given).
    let legacyCommuneProvinceNames: NameIndex
    /// Retired communes by name, within their province.
    let retiredCommuneNames: NameIndex
    /// New communes by name, within their new province.
    let newCommuneNames: NameIndex

    /// Other names of provinces: short forms (`abbreviation`) and common spellings, by code.
    /// Legacy and new lists apply to the province of that code in the legacy or new set.
    static let legacyProvinceAliases: [(code: String, name: String, flags: UInt8)] = [
        ("01", "HN", NameIndex.abbreviation),
        ("79", "HCM", NameIndex.abbreviation), ("79", "TPHCM", NameIndex.abbreviation),
        ("79", "HCMC", NameIndex.abbreviation), ("79", "TP HCM", NameIndex.abbreviation),
        ("79", "Sài Gòn", NameIndex.alias), ("79", "Sài Gòn - Gia Định", NameIndex.alias),
        ("46", "Thừa Thiên Huế", NameIndex.alias), ("46", "Thừa Thiên", NameIndex.alias),
        ("46", "TT Huế", NameIndex.abbreviation), ("46", "TTH", NameIndex.abbreviation),
        ("77", "BR-VT", NameIndex.abbreviation), ("77", "Bà Rịa Vũng Tàu", NameIndex.alias),
        ("06", "Bắc Cạn", NameIndex.alias),
        ("66", "Đắc Lắc", NameIndex.alias), ("66", "Đắk Lắc", NameIndex.alias), ("66", "Đắc Lắk", NameIndex.alias),
        ("67", "Đắc Nông", NameIndex.alias),
    ]
    static let newProvinceAliases: [(code: String, name: String, flags: UInt8)] = [
        ("01", "HN", NameIndex.abbreviation),
        ("79", "HCM", NameIndex.abbreviation), ("79", "TPHCM", NameIndex.abbreviation),
        ("79", "HCMC", NameIndex.abbreviation), ("79", "TP HCM", NameIndex.abbreviation),
        ("79", "Sài Gòn", NameIndex.alias),
        ("46", "Thừa Thiên Huế", NameIndex.alias), ("46", "TT Huế", NameIndex.abbreviation),
        ("46", "TTH", NameIndex.abbreviation),
        ("66", "Đắc Lắc", NameIndex.alias), ("66", "Đắk Lắc", NameIndex.alias), ("66", "Đắc Lắk", NameIndex.alias),
    ]

    private init() {
        // New provinces and communes.
        let p25 = AdminUnitCSV.rows(AdminUnitData.provinces2025)
        var newProvinces: [Province] = []
        var newProvinceCodes: [String: Int32] = [:]
        for r in p25.rows {
            let c = { (name: String) in r[p25.columns[name]!] }
            newProvinceCodes[c("code")] = Int32(newProvinces.count)
            newProvinces.append(Province(code: c("code"), name: c("name"), fullName: c("full_name"),
                                         type: UnitType(c("type")), julyType: UnitType(c("type_2025_07")),
                                         newProvince: Int32(newProvinces.count)))
        }
        let c25 = AdminUnitCSV.rows(AdminUnitData.communes2025)
        var newCommunes: [Commune] = []
        var newCommuneCodes: [String: Int32] = [:]
        for r in c25.rows {
            let c = { (name: String) in r[c25.columns[name]!] }
            newCommuneCodes[c("code")] = Int32(newCommunes.count)
            newCommunes.append(Commune(code: c("code"), name: c("name"), fullName: c("full_name"), type: UnitType(c("type")),
                                       district: -1, province: newProvinceCodes[c("province_code")]!,
                                       targetStart: 0, targetCount: 0, defaultTarget: -1))
        }

        // Legacy provinces, districts, communes.
        var provinceTarget: [String: Int32] = [:]
        let pm = AdminUnitCSV.rows(AdminUnitData.provinceMapping2025)
        for r in pm.rows {
            provinceTarget[r[pm.columns["legacy_province_code"]!]] = newProvinceCodes[r[pm.columns["new_province_code"]!]]!
        }
        let pl = AdminUnitCSV.rows(AdminUnitData.provincesLegacy)
        var legacyProvinces: [Province] = []
        var legacyProvinceCodes: [String: Int32] = [:]
        for r in pl.rows {
            let c = { (name: String) in r[pl.columns[name]!] }
            legacyProvinceCodes[c("code")] = Int32(legacyProvinces.count)
            let type = UnitType(c("type"))
            legacyProvinces.append(Province(code: c("code"), name: c("name"), fullName: c("full_name"), type: type,
                                            julyType: type, newProvince: provinceTarget[c("code")]!))
        }
        var wholeDistrict: [String: Int32] = [:]
        let dm = AdminUnitCSV.rows(AdminUnitData.districtMapping2025)
        for r in dm.rows where r[dm.columns["basis"]!] == "whole_district" {
            wholeDistrict[r[dm.columns["legacy_district_code"]!]] = newCommuneCodes[r[dm.columns["new_commune_code"]!]]!
        }
        let dl = AdminUnitCSV.rows(AdminUnitData.districtsLegacy)
        var legacyDistricts: [District] = []
        var legacyDistrictCodes: [String: Int32] = [:]
        var districtAltNames: [[String]] = []
        for r in dl.rows {
            let c = { (name: String) in r[dl.columns[name]!] }
            legacyDistrictCodes[c("code")] = Int32(legacyDistricts.count)
            legacyDistricts.append(District(code: c("code"), name: c("name"), fullName: c("full_name"), type: UnitType(c("type")),
                                            province: legacyProvinceCodes[c("province_code")]!,
                                            wholeDistrict: wholeDistrict[c("code")] ?? -1))
            districtAltNames.append(Self.altNames(c("alt_names")))
        }
        let cl = AdminUnitCSV.rows(AdminUnitData.communesLegacy)
        var legacyCommuneCodes: [String: Int32] = [:]
        var communeRows: [(code: String, name: String, fullName: String, type: UnitType, district: Int32, province: Int32, alt: [String])] = []
        for r in cl.rows {
            let c = { (name: String) in r[cl.columns[name]!] }
            legacyCommuneCodes[c("code")] = Int32(communeRows.count)
            communeRows.append((c("code"), c("name"), c("full_name"), UnitType(c("type")),
                                legacyDistrictCodes[c("district_code")]!, legacyProvinceCodes[c("province_code")]!,
                                Self.altNames(c("alt_names"))))
        }
        // Targets: one row per (legacy, new) pair.
        var pairs = [[(target: Int32, isDefault: Bool)]](repeating: [], count: communeRows.count)
        let cm = AdminUnitCSV.rows(AdminUnitData.communeMapping2025)
        for r in cm.rows {
            let legacy = legacyCommuneCodes[r[cm.columns["legacy_commune_code"]!]]!
            let target = newCommuneCodes[r[cm.columns["new_commune_code"]!]]!
            pairs[Int(legacy)].append((target, r[cm.columns["is_default"]!] == "1"))
        }
        var targets: [Int32] = []
        var legacyCommunes: [Commune] = []
        legacyCommunes.reserveCapacity(communeRows.count)
        for (k, row) in communeRows.enumerated() {
            let sorted = pairs[k].sorted { newCommunes[Int($0.target)].code < newCommunes[Int($1.target)].code }
            let start = Int32(targets.count)
            targets.append(contentsOf: sorted.map(\.target))
            let defaults = sorted.filter(\.isDefault)
            legacyCommunes.append(Commune(code: row.code, name: row.name, fullName: row.fullName, type: row.type,
                                          district: row.district, province: row.province, targetStart: start,
                                          targetCount: Int32(sorted.count),
                                          defaultTarget: defaults.count == 1 ? defaults[0].target : -1))
        }
        let rl = AdminUnitCSV.rows(AdminUnitData.communesLegacyRetired)
        var retiredCommunes: [Commune] = []
        for r in rl.rows {
            let c = { (name: String) in r[rl.columns[name]!] }
            retiredCommunes.append(Commune(code: c("code"), name: c("name"), fullName: c("full_name"), type: UnitType(c("type")),
                                           district: legacyDistrictCodes[c("district_code")]!,
                                           province: legacyProvinceCodes[c("province_code")]!,
                                           targetStart: 0, targetCount: 0, defaultTarget: -1))
        }

        // Name indexes.
        var legacyProvinceNames = NameIndex.Builder()
        for (k, p) in legacyProvinces.enumerated() {
            legacyProvinceNames.add(NameKey(p.name), scope: 0, .init(unit: Int32(k), type: p.type, flags: 0))
        }
        for a in Self.legacyProvinceAliases {
            let k = legacyProvinceCodes[a.code]!
            legacyProvinceNames.add(NameKey(a.name), scope: 0,
                                    .init(unit: k, type: legacyProvinces[Int(k)].type, flags: NameIndex.alias | a.flags))
        }
        var newProvinceNames = NameIndex.Builder()
        for (k, p) in newProvinces.enumerated() {
            newProvinceNames.add(NameKey(p.name), scope: 0, .init(unit: Int32(k), type: p.type, flags: 0))
        }
        for a in Self.newProvinceAliases {
            let k = newProvinceCodes[a.code]!
            newProvinceNames.add(NameKey(a.name), scope: 0,
                                 .init(unit: k, type: newProvinces[Int(k)].type, flags: NameIndex.alias | a.flags))
        }
        var districtNames = NameIndex.Builder(), nationalNames = NameIndex.Builder()
        for (k, d) in legacyDistricts.enumerated() {
            let key = NameKey(d.name)
            districtNames.add(key, scope: d.province, .init(unit: Int32(k), type: d.type, flags: 0))
            nationalNames.add(key, scope: 0, .init(unit: Int32(k), type: d.type, flags: 0))
            for alt in districtAltNames[k] {
                let (type, altKey) = NameKey(alt).splittingType()
                let posting = NameIndex.Posting(unit: Int32(k), type: type == .none ? d.type : type, flags: NameIndex.alias)
                districtNames.add(altKey, scope: d.province, posting)
                nationalNames.add(altKey, scope: 0, posting)
            }
        }
        var communeNames = NameIndex.Builder(), communeProvinceNames = NameIndex.Builder()
        for (k, row) in communeRows.enumerated() {
            var keys: [(NameKey, UnitType, UInt8)] = [(NameKey(row.name), row.type, 0)]
            for alt in row.alt {
                let (type, altKey) = NameKey(alt).splittingType()
                keys.append((altKey, type == .none ? row.type : type, NameIndex.alias))
            }
            // "Nông trường X" (state farm X) is also written "NT X", and the other way round
            // (the alt names do both).
            let nongTruong = NameKey("Nông trường")
            for (key, type, flags) in keys {
                if key.words.count > 2 && key.words[0].folded == nongTruong.words[0].folded
                    && key.words[1].folded == nongTruong.words[1].folded {
                    var short = NameKey(words: key.words[2...])
                    short.marked = Array("nt".utf8) + short.marked
                    short.folded = Array("nt".utf8) + short.folded
                    keys.append((short, type, flags | NameIndex.alias | NameIndex.abbreviation))
                } else if key.words.count > 1 && key.words[0].folded == Array("nt".utf8) {
                    var long = NameKey(words: key.words[1...])
                    long.marked = nongTruong.marked + long.marked
                    long.folded = nongTruong.folded + long.folded
                    long.hasMarks = true
                    keys.append((long, type, flags | NameIndex.alias))
                }
            }
            for (key, type, flags) in keys {
                let posting = NameIndex.Posting(unit: Int32(k), type: type, flags: flags)
                communeNames.add(key, scope: row.district, posting)
                communeProvinceNames.add(key, scope: row.province, posting)
            }
        }
        var retiredNames = NameIndex.Builder()
        for (k, r) in retiredCommunes.enumerated() {
            retiredNames.add(NameKey(r.name), scope: r.province, .init(unit: Int32(k), type: r.type, flags: 0))
        }
        var newCommuneNames = NameIndex.Builder()
        for (k, c) in newCommunes.enumerated() {
            newCommuneNames.add(NameKey(c.name), scope: c.province, .init(unit: Int32(k), type: c.type, flags: 0))
        }

        // Namesakes: a legacy province named as its new province.
        var siblings = [[Int32]](repeating: [], count: legacyProvinces.count)
        for (k, p) in legacyProvinces.enumerated() where NameKey(p.name).folded == NameKey(newProvinces[Int(p.newProvince)].name).folded {
            siblings[k] = legacyProvinces.indices.filter { $0 != k && legacyProvinces[$0].newProvince == p.newProvince }.map { Int32($0) }
        }

        self.newProvinces = newProvinces
        self.newCommunes = newCommunes
        self.legacyProvinces = legacyProvinces
        self.legacyDistricts = legacyDistricts
        self.legacyCommunes = legacyCommunes
        self.retiredCommunes = retiredCommunes
        self.targets = targets
        self.namesakeSiblings = siblings
        self.legacyProvinceCodes = legacyProvinceCodes
        self.newProvinceCodes = newProvinceCodes
        self.legacyCommuneCodes = legacyCommuneCodes
        self.newCommuneCodes = newCommuneCodes
        self.legacyDistrictCodes = legacyDistrictCodes
        self.legacyProvinceNames = legacyProvinceNames.build()
        self.newProvinceNames = newProvinceNames.build()
        self.legacyDistrictNames = districtNames.build()
        self.nationalDistrictNames = nationalNames.build()
        self.legacyCommuneNames = communeNames.build()
        self.legacyCommuneProvinceNames = communeProvinceNames.build()
        self.retiredCommuneNames = retiredNames.build()
        self.newCommuneNames = newCommuneNames.build()
    }

    /// The `;`-separated names of an `alt_names` field.
    private static func altNames(_ field: String) -> [String] {
        field.isEmpty ? [] : field.split(separator: ";").map { String($0) }
    }

    /// The new communes a legacy commune went into, in code order.
    @inline(__always)
    func targets(of legacy: Int32) -> ArraySlice<Int32> {
        // Fields read in place: copying the commune out would retain its strings.
        let start = legacyCommunes[Int(legacy)].targetStart, count = legacyCommunes[Int(legacy)].targetCount
        return targets[Int(start)..<Int(start + count)]
    }
}
