import Foundation
import Testing
import Cleanse

/// Legacy communes sampled from `commune_mapping_2025.csv`, written with their district and
/// province in several styles, map to their new communes; split ones come back ambiguous with
/// exactly their parts.
@Suite struct AdminUnitCommuneTests {
    typealias Reference = AdminUnitReference
    static let reference = Reference.shared
    let mapper = AdminUnitMapper()

    /// 260 unsplit and 100 split legacy communes, drawn with a fixed seed from the mapping
    /// file's legacy codes.
    static let sample: [String] = {
        let codes = reference.targets.keys.sorted()
        let unsplit = codes.filter { reference.targets[$0]!.count == 1 }
        let split = codes.filter { reference.targets[$0]!.count > 1 }
        var rng = SeededGenerator(seed: 20_250_701)
        var chosen: [String] = []
        var seen = Set<String>()
        while chosen.count < 260 { let c = rng.pick(unsplit); if seen.insert(c).inserted { chosen.append(c) } }
        while chosen.count < 360 { let c = rng.pick(split); if seen.insert(c).inserted { chosen.append(c) } }
        return chosen
    }()

    enum Style: String, CaseIterable, Sendable {
        /// "Xã Quảng Phú, Huyện Quảng Trạch, Tỉnh Quảng Bình"
        case fullNames
        /// "x. quang phu, h. quang trach, quang binh"
        case abbreviatedFolded
        /// separate fields holding the bare names
        case fields
        /// "THON 5, XA QUANG PHU - HUYEN QUANG TRACH - TINH QUANG BINH"
        case upperFoldedWithHamlet
    }

    static let abbreviations: [String: String] = [
        "xã": "x.", "phường": "p.", "thị trấn": "tt.", "huyện": "h.", "quận": "q.", "thị xã": "tx.",
        "thành phố": "tp.", "tỉnh": "t.",
    ]

    /// What the mapper must answer for legacy commune `code` written in `style`: the legacy
    /// communes its written name fits in its district (same name, or same README key when
    /// written without diacritics; same type when a type is written), then their targets.
    static func expected(_ code: String, _ style: Style) -> (mapped: String?, candidates: [String]) {
        let c = reference.communesByCode[code]!
        let folded = style == .abbreviatedFolded || style == .upperFoldedWithHamlet
        let typed = style != .fields
        func names(_ x: Reference.Commune) -> [(String, String)] {
            [(x.name, x.type)] + x.altNames.map { alt in
                for type in ["Thị trấn ", "Phường ", "Xã "] where alt.hasPrefix(type) {
                    return (String(alt.dropFirst(type.count)), type.dropLast().lowercased())
                }
                return (alt, x.type)
            }
        }
        func same(_ a: String, _ b: String) -> Bool {
            folded ? Reference.key(a) == Reference.key(b) : a.lowercased() == b.lowercased()
        }
        var fits = reference.communes.filter { other in
            other.district == c.district && names(other).contains { same($0.0, c.name) && (!typed || $0.1 == c.type) }
        }
        if fits.isEmpty { fits = [c] }
        var union: [String] = []
        for f in fits { for t in reference.targets[f.code]! where !union.contains(t.code) { union.append(t.code) } }
        union.sort()
        return union.count == 1 ? (union[0], []) : (nil, union)
    }

    func write(_ code: String, _ style: Style) -> AdminUnitMatch {
        let c = Self.reference.communesByCode[code]!
        let d = Self.reference.districts[c.district]!
        let p = Self.reference.legacyProvinces.first { $0.code == c.province }!
        let fold = { (s: String) in Reference.stripped(s) }
        switch style {
        case .fullNames:
            return mapper.map("\(c.fullName), \(d.fullName), \(p.fullName)")
        case .abbreviatedFolded:
            let text = "\(Self.abbreviations[c.type]!) \(fold(c.name)), \(Self.abbreviations[d.type]!) \(fold(d.name)), \(fold(p.name))"
            return mapper.map(text.lowercased())
        case .fields:
            return mapper.map(province: p.name, district: d.name, commune: c.name)
        case .upperFoldedWithHamlet:
            return mapper.map("THON 5, \(fold(c.fullName).uppercased()) - \(fold(d.fullName).uppercased()) - \(fold(p.fullName).uppercased())")
        }
    }

    @Test(arguments: Style.allCases)
    func sampledCommunesMapToTheirNewCommunes(_ style: Style) {
        var mapped = 0, ambiguous = 0
        for code in Self.sample {
            let r = write(code, style)
            let (target, candidates) = Self.expected(code, style)
            if let target {
                #expect(r.newCommuneCode == target, "\(code) \(style): \(r.summary)")
                mapped += 1
            } else {
                #expect(r.candidateCodes == candidates, "\(code) \(style): \(r.summary), expected \(candidates)")
                ambiguous += 1
            }
        }
        #expect(mapped >= 250)
        #expect(ambiguous >= 100)
    }

    @Test func splitCommunesListExactlyTheirPartsAndTheHeuristicDefault() throws {
        let split = Self.sample.filter { Self.reference.targets[$0]!.count > 1 }
        #expect(split.count == 100)
        for code in split {
            guard case .ambiguous(let a) = write(code, .fullNames) else {
                Issue.record("\(code): not ambiguous")
                continue
            }
            #expect(a.reason == .splitCommune)
            #expect(a.candidates.map(\.code) == Self.reference.targets[code]!.map(\.code))
            #expect(a.heuristicDefault?.code == Self.reference.targets[code]!.first { $0.isDefault }?.code)
            #expect(a.recognised.commune?.code == code)
            #expect(a.province.code == Self.reference.provinceMapping[Self.reference.communesByCode[code]!.province])
        }
    }

    @Test func recognisedUnitsAreTheLegacyOnesWritten() throws {
        let code = Self.sample.first { Self.reference.targets[$0]!.count == 1 }!
        let c = Self.reference.communesByCode[code]!
        guard case .mapped(let m) = write(code, .abbreviatedFolded) else {
            Issue.record("not mapped")
            return
        }
        #expect(m.recognised.vintage == .legacy)
        #expect(m.recognised.province?.code == c.province)
        #expect(m.recognised.district?.code == c.district)
        #expect(m.recognised.commune?.code == code)
        #expect(m.recognised.commune?.how.contains(.abbreviated) == true)
        #expect(m.commune.code == Self.reference.targets[code]![0].code)
        #expect(m.province.code == Self.reference.newCommunes[m.commune.code]!.province)
    }
}
