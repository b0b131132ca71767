import Foundation
import Testing
import Cleanse

/// Every legacy province, written alone in many ways, maps to its new province
/// (`province_mapping_2025.csv`), with the commune unknown.
@Suite struct AdminUnitProvinceTests {
    static let reference = AdminUnitReference.shared
    let mapper = AdminUnitMapper()

    /// The ways a province alone is written: name, no diacritics, cases, type full and short.
    static func spellings(_ p: AdminUnitReference.Province) -> [String] {
        let plain = AdminUnitReference.stripped(p.name)
        var s = [p.name, plain, plain.lowercased(), p.name.uppercased(), plain.uppercased(), "  \(p.name) . ",
                 p.fullName, AdminUnitReference.stripped(p.fullName).lowercased(), p.name.replacingOccurrences(of: " ", with: "")]
        if p.type == "tỉnh" {
            s += ["T. \(p.name)", "t.\(plain)", "tinh \(plain)", "TỈNH \(p.name.uppercased())"]
        } else {
            s += ["TP. \(p.name)", "Tp \(plain)", "TP.\(plain)", "thanh pho \(plain)"]
        }
        return s
    }

    @Test(arguments: AdminUnitReference.shared.legacyProvinces.map(\.code))
    func legacyProvinceAloneMapsToItsNewProvince(_ code: String) {
        let p = Self.reference.legacyProvinces.first { $0.code == code }!
        let expected = Self.reference.provinceMapping[code]!
        for text in Self.spellings(p) {
            let r = mapper.map(text)
            #expect(r.newProvinceCode == expected, "\(text.debugDescription): \(r.summary)")
            #expect(r.unknownReason == .noCommune, "\(text.debugDescription): \(r.summary)")
            #expect(r.recognised.province?.code == code || r.recognised.vintage == .current,
                    "\(text.debugDescription): \(r.summary)")
        }
    }

    @Test(arguments: [
        ("TP.HCM", "79"), ("TPHCM", "79"), ("Tp. HCM", "79"), ("HCM", "79"), ("hcmc", "79"), ("Sài Gòn", "79"),
        ("Sai Gon", "79"), ("Thành phố Hồ Chí Minh", "79"), ("tp ho chi minh", "79"), ("Hà Nội", "01"), ("Ha Noi", "01"),
        ("HN", "01"), ("TP. Hà Nội", "01"), ("Huế", "46"), ("Thừa Thiên Huế", "46"), ("Thua Thien - Hue", "46"),
        ("TT Huế", "46"), ("TT-Huế", "46"), ("T.T.Huế", "46"), ("Bà Rịa - Vũng Tàu", "79"), ("Ba Ria Vung Tau", "79"),
        ("BR-VT", "79"), ("BRVT", "79"), ("Đắk Lắk", "66"), ("Dak Lak", "66"), ("Đắc Lắc", "66"), ("Daklak", "66"),
        ("Đắk Nông", "68"), ("Bắc Cạn", "19"), ("Kontum", "51"), ("Thanh Hoá", "38"), ("Khánh Hoà", "56"),
        ("Hòa Bình", "25"), ("Hoà Bình", "25"), ("Quảng Bình, Việt Nam", "44"), ("Quang Binh - VN", "44"),
        ("QUẢNG BÌNH 510000", "44"), ("TP Cần Thơ", "92"), ("Tiền Giang", "82"),
    ])
    func shortFormsAndSpellings(_ text: String, _ newProvince: String) {
        let r = mapper.map(text)
        #expect(r.newProvinceCode == newProvince, "\(text): \(r.summary)")
        #expect(r.unknownReason == .noCommune, "\(text): \(r.summary)")
    }

    @Test func howTheProvinceWasWritten() {
        func how(_ s: String) -> AdminUnitMatchMethod? { mapper.map(s).recognised.province?.how }
        #expect(how("Quảng Bình") == .exact)
        #expect(how("Quang Binh") == .folded)
        #expect(how("T. Quảng Bình") == .abbreviated)
        #expect(how("HCM")?.contains(.abbreviated) == true)
        #expect(how("Sài Gòn") == .alias)
        #expect(how("Sai Gon") == [.alias, .folded])
    }

    @Test func aCityIsNotTheProvinceOfTheSameName() {
        // "TP Hà Tĩnh" is the city (a legacy district) of Hà Tĩnh province, not the province;
        // the city's name, unique in the country, gives the province.
        let r = mapper.map("TP Hà Tĩnh")
        #expect(r.recognised.province == nil, "\(r.summary)")
        #expect(r.recognised.district?.code == "436", "\(r.summary)")
        #expect(r.unknownReason == .noCommune)
        #expect(r.newProvinceCode == "42")
    }
}
