internal import Core

/// The register's own units (from its context) and their neighbours in the reference data, to
/// check and correct the unit parts of addresses.
struct RegisterUnits: Sendable {
    enum Level: Sendable { case commune, district, province }

    struct Unit: Sendable {
        var level: Level
        var name: String
        var key: [Character]
    }

    /// The context's units.
    let units: [Unit]
    /// Keys of the other real units of the context's levels: the communes of its district, the
    /// districts of its province. A reading equal to one is another unit, never corrected.
    let siblingKeys: Set<String>

    /// Unit type words, longest first, with the levels they can name.
    static let keywords: [(words: [String], levels: [Level])] = [
        (["thị", "trấn"], [.commune]), (["thị", "xã"], [.district]), (["thành", "phố"], [.district, .province]),
        (["xã"], [.commune]), (["phường"], [.commune]), (["huyện"], [.district]), (["quận"], [.district]),
        (["tỉnh"], [.province]),
    ]

    init(_ context: RegisterContext) {
        var units: [Unit] = []
        for (text, level) in [(context.commune, Level.commune), (context.district, .district), (context.province, .province)] {
            guard let text, let name = Self.name(of: text), !name.isEmpty else { continue }
            units.append(Unit(level: level, name: name, key: RegisterText.key(name)))
        }
        self.units = units
        siblingKeys = units.isEmpty ? [] : Self.siblings(of: units)
    }

    /// "huyện Gia Lộc" -> "Gia Lộc"; "Bình Định" -> itself.
    static func name(of text: String) -> String? {
        let words = RegisterText.collapsed(text).split(separator: " ").map(String.init)
        for (kw, _) in keywords where words.count > kw.count {
            if zip(words, kw).allSatisfy({ $0.0.lowercased() == $0.1 }) {
                return words[kw.count...].joined(separator: " ")
            }
        }
        return words.joined(separator: " ")
    }

    /// The keys of the communes of the context's district and the districts of its province,
    /// less the context's own.
    private static func siblings(of units: [Unit]) -> Set<String> {
        let tables = AdminUnitTables.shared
        func folded(_ s: String) -> String { String(RegisterText.foldedKey(s)) }
        let province = units.first { $0.level == .province }.map { folded($0.name) }
        let district = units.first { $0.level == .district }.map { folded($0.name) }
        var provinces: Set<Int32> = []
        if let province {
            for (i, p) in tables.legacyProvinces.enumerated() where folded(p.name) == province { provinces.insert(Int32(i)) }
        }
        var districts: Set<Int32> = []
        var out: Set<String> = []
        for (i, d) in tables.legacyDistricts.enumerated() where provinces.isEmpty || provinces.contains(d.province) {
            if let district, folded(d.name) == district { districts.insert(Int32(i)) }
            if !provinces.isEmpty { out.insert(String(RegisterText.key(d.name))) }
        }
        if !districts.isEmpty {
            for c in tables.legacyCommunes where districts.contains(c.district) { out.insert(String(RegisterText.key(c.name))) }
        }
        for u in units { out.remove(String(u.key)) }
        return out
    }

    /// How far a reading's key may be from a unit's to be that unit misread.
    static func tolerance(_ length: Int) -> Int {
        length <= 4 ? 1 : length <= 9 ? 2 : 3
    }
}
