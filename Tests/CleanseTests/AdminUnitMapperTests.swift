import Core
import Testing
import Cleanse

/// The mapper on hand-picked addresses: the brief's examples, every outcome and reason, the
/// date rule, the fields form, and the rules that keep it from guessing.
@Suite struct AdminUnitMapperTests {
    let mapper = AdminUnitMapper()

    static func date(_ text: String) -> ISODateTime {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { ISODateTime.parse($0)! }
    }

    func mapped(_ r: AdminUnitMatch, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> AdminUnitMapping? {
        guard case .mapped(let m) = r else {
            Issue.record("not mapped: \(r.summary)", sourceLocation: sourceLocation)
            return nil
        }
        return m
    }

    // MARK: The brief's examples

    @Test func quangPhuInQuangTrach() throws {
        let m = try #require(mapped(mapper.map("Thôn 3, X. Quảng Phú, H. Quảng Trạch, Quảng Bình")))
        #expect(m.commune == NewAdminUnit(code: "19021", name: "Phú Trạch", fullName: "Xã Phú Trạch"))
        #expect(m.province.code == "44" && m.province.name == "Quảng Trị")
        #expect(m.recognised.vintage == .legacy)
        #expect(m.recognised.province == RecognisedAdminUnit(code: "44", fullName: "Tỉnh Quảng Bình", how: .exact))
        #expect(m.recognised.district == RecognisedAdminUnit(code: "454", fullName: "Huyện Quảng Trạch", how: .abbreviated))
        #expect(m.recognised.commune == RecognisedAdminUnit(code: "19021", fullName: "Xã Quảng Phú", how: .abbreviated))
    }

    @Test func streetAndAbbreviationsWithoutDiacritics() throws {
        let m = try #require(mapped(mapper.map("so 12 duong Le Loi, p.Dong Phu, tp Dong Hoi, tinh Quang Binh")))
        #expect(m.commune.code == "18880")
        #expect(m.recognised.commune?.code == "18856")
        #expect(m.recognised.commune?.how == [.folded, .abbreviated])
        #expect(m.recognised.district?.code == "450")
        #expect(m.recognised.province?.how == .folded)
    }

    @Test(arguments: [
        "Khu phố 1, Phường 15, Quận 10, TP.HCM", "KP1, P15, Q10, HCM", "kp 1 p.15 q.10 tphcm", "Phường 15 - Quận 10 - Sài Gòn",
        "F15 Q10 TPHCM", "khu pho 1, phuong 15, quan 10, thanh pho ho chi minh, viet nam", "Phường 15, Quận 10",
        "P.015, Q.10, Tp. Hồ Chí Minh",
    ])
    func numberedUnits(_ text: String) throws {
        let m = try #require(mapped(mapper.map(text)))
        #expect(m.commune.code == "27163", "\(text)")
        #expect(m.recognised.commune?.code == "27163")
        #expect(m.recognised.district?.code == "771")
    }

    // MARK: Outcomes

    @Test func splitCommuneIsAmbiguousWithItsParts() throws {
        let r = mapper.map("Phường Cống Vị, Quận Ba Đình, Hà Nội")
        guard case .ambiguous(let a) = r else {
            Issue.record("not ambiguous: \(r.summary)")
            return
        }
        #expect(a.reason == .splitCommune)
        #expect(a.candidates.map(\.code) == ["00008", "00025"])
        #expect(a.heuristicDefault?.code == "00008")
        #expect(a.province.code == "01")
        #expect(a.recognised.commune?.code == "00007")
    }

    @Test func sameNameInTwoDistrictsWithoutDistrictIsAmbiguous() throws {
        let r = mapper.map("Xã Phùng Xá, Hà Nội")
        guard case .ambiguous(let a) = r else {
            Issue.record("not ambiguous: \(r.summary)")
            return
        }
        #expect(a.reason == .sameName)
        #expect(a.candidates.map(\.code) == ["10003", "10465"])
        #expect(a.legacyCandidates.map(\.code) == ["09997", "10474"])
        #expect(a.recognised.commune == nil)
        // The district decides.
        #expect(mapper.map("Xã Phùng Xá, Huyện Mỹ Đức, Hà Nội").newCommuneCode == "10465")
        #expect(mapper.map("Phùng Xá, Thạch Thất, Hà Nội").newCommuneCode == "10003")
    }

    @Test func namesThatDifferOnlyInDiacritics() {
        // Hoằng Phú and Hoằng Phụ, both in Hoằng Hóa: the marks decide; without them, ambiguous.
        #expect(mapper.map("Xã Hoằng Phụ, Huyện Hoằng Hóa, Thanh Hóa").recognised.commune?.fullName == "Xã Hoằng Phụ")
        #expect(mapper.map("Xã Hoằng Phú, Huyện Hoằng Hóa, Thanh Hóa").recognised.commune?.fullName == "Xã Hoằng Phú")
        #expect(mapper.map("Xa Hoang Phu, Huyen Hoang Hoa, Thanh Hoa").candidateCodes?.count == 2)
        // Marks that are written must agree ("Thuận Hòa" is not "Thuận Hóa"); missing ones may be missing.
        #expect(mapper.map("Phường Thuận Hòa, Thừa Thiên Huế").recognised.commune?.fullName == "Phường Thuận Hòa")
        #expect(mapper.map("Xã Quảng Phu, Huyện Quảng Trach, Quảng Binh").newCommuneCode == "19021")
    }

    @Test func unknownReasons() {
        #expect(mapper.map("").unknownReason == .empty)
        #expect(mapper.map("  ,, ; - ").unknownReason == .empty)
        #expect(mapper.map("garbage").unknownReason == .noProvince)
        #expect(mapper.map("asdf qwerty 123, !!").unknownReason == .noProvince)
        if case .unknown(let u) = mapper.map("qwerty, Thôn 3") {
            #expect(u.unrecognised == "qwerty, Thôn 3")
            #expect(u.province == nil)
        }
        // A province alone: the province is mapped, the commune is unknown.
        if case .unknown(let u) = mapper.map("Tỉnh Quảng Bình") {
            #expect(u.reason == .noCommune)
            #expect(u.province?.code == "44")
            #expect(u.recognised.province?.code == "44")
            #expect(u.unrecognised == nil)
        } else {
            Issue.record("a province alone must be unknown")
        }
        #expect(mapper.map("Xã Không Có, Quảng Bình").unknownReason == .communeNotFound)
        // Quảng Phú is in Quảng Trạch, not in Bố Trạch.
        let r = mapper.map("Thôn 3, Xã Quảng Phú, Huyện Bố Trạch, Quảng Bình")
        #expect(r.unknownReason == .communeNotInDistrict, "\(r.summary)")
        #expect(r.recognised.district?.code == "455")
        if case .unknown(let u) = r { #expect(u.unrecognised == "Thôn 3, Xã Quảng Phú") }
        // A district alone.
        #expect(mapper.map("Huyện Quảng Trạch, Quảng Bình").unknownReason == .noCommune)
    }

    @Test func retiredCommuneIsRecognisedButNotMapped() {
        let r = mapper.map("Xã Nham Sơn, Thành phố Bắc Giang, Bắc Giang")
        #expect(r.unknownReason == .retiredCommune, "\(r.summary)")
        #expect(r.recognised.commune?.code == "07732")
        #expect(r.newProvinceCode == "24")
    }

    @Test func islandDistrictsBecameSpecialZones() {
        #expect(mapper.map("Huyện Bạch Long Vĩ, TP Hải Phòng").newCommuneCode == "11948")
        #expect(mapper.map("Côn Đảo, BR-VT").newCommuneCode == "26732")
        #expect(mapper.map("Huyện Lý Sơn, Quảng Ngãi").newCommuneCode == "21548")
    }

    // MARK: Spellings

    @Test func altNamesOfTheReferenceData() {
        let kanHo = mapper.map("Xã Can Hồ, Huyện Mường Tè, Lai Châu")
        #expect(kanHo.newCommuneCode == "03433", "\(kanHo.summary)")
        #expect(kanHo.recognised.commune?.code == "03469")
        #expect(kanHo.recognised.commune?.how == .alias)
        // "Thị trấn NT Mộc Châu" is now Phường Thảo Nguyên; Mộc Châu was a huyện.
        let mocChau = mapper.map("Thị trấn NT Mộc Châu, Huyện Mộc Châu, Sơn La")
        #expect(mocChau.newCommuneCode == "03982", "\(mocChau.summary)")
        #expect(mocChau.recognised.district?.how == .alias)
        #expect(mapper.map("TT Nông trường Mộc Châu, Mộc Châu, Sơn La").newCommuneCode == "03982")
        #expect(mapper.map("Phường IV, Thành phố Tây Ninh, Tây Ninh").newCommuneCode == "25459")
    }

    @Test func decomposedTextAndToneMarkPlacement() {
        let nfd = "Xa\u{303} Qua\u{309}ng Phu\u{301}, Huye\u{302}\u{323}n Qua\u{309}ng Tra\u{323}ch, Qua\u{309}ng Bi\u{300}nh"
        let r = mapper.map(nfd)
        #expect(r.newCommuneCode == "19021")
        #expect(r.recognised.commune?.how == .exact)
        // "Hoà" for "Hòa": an exact match.
        let hoa = mapper.map("Xã Quảng Hoà, Thị xã Ba Đồn, Quảng Bình")
        #expect(hoa.newCommuneCode == "19093")
        #expect(hoa.recognised.commune?.how == .exact)
    }

    // MARK: Not guessing

    @Test func hamletsAndStreetsAreNotCommunes() {
        // A hamlet named as a commune of the district is not that commune.
        #expect(mapper.map("Thôn Quảng Phú, Huyện Quảng Trạch, Quảng Bình").unknownReason == .noCommune)
        // Nor is a street named as a ward of the city (Phường Trần Phú, Quy Nhơn).
        #expect(mapper.map("123 Trần Phú, TP Quy Nhơn, Bình Định").unknownReason == .noCommune)
        #expect(mapper.map("Số 5 đường Trần Phú, TP Quy Nhơn, Bình Định").unknownReason == .noCommune)
        #expect(mapper.map("Trần Phú, TP Quy Nhơn, Bình Định").newCommuneCode == "21583")
        // A bare number is a house number, not a ward.
        #expect(mapper.map("15, Quận 10, TP.HCM").unknownReason == .noCommune)
    }

    @Test func anUnknownDistrictOfAnotherProvinceIsNotSkipped() {
        // Đồng Phú is a district of Bình Phước: the commune is not looked for past it.
        let r = mapper.map("Xã Tân Lập, Huyện Đồng Phú, Tỉnh Bình Dương")
        #expect(r.newCommuneCode == nil, "\(r.summary)")
        // A district name no longer in the data (Huế city before 2025) is passed over.
        #expect(mapper.map("Phường Vĩnh Ninh, TP Huế, Thừa Thiên Huế").recognised.commune?.code == "19783")
    }

    // MARK: Forms and readings

    @Test func separateFields() {
        #expect(mapper.map(province: "Quảng Bình", district: "Quảng Trạch", commune: "Quảng Phú").newCommuneCode == "19021")
        #expect(mapper.map(province: "Tỉnh Quảng Bình", district: "Huyện Quảng Trạch", commune: "Thôn 3, Xã Quảng Phú").newCommuneCode == "19021")
        // A bare number in a commune or district field is a numbered unit.
        #expect(mapper.map(province: "TP.HCM", district: "10", commune: "15").newCommuneCode == "27163")
        #expect(mapper.map(province: nil, district: "Quận 10", commune: "Phường 15").newCommuneCode == "27163")
        #expect(mapper.map(province: "Quảng Bình", district: nil, commune: "Quảng Phú").newCommuneCode == "19021")
        // A commune field that names no commune.
        #expect(mapper.map(province: "Quảng Bình", district: "", commune: "Thôn 3").unknownReason == .communeNotFound)
        #expect(mapper.map(province: nil, district: nil, commune: nil).unknownReason == .empty)
        // Words are read at their field's level only.
        #expect(mapper.map(province: "Quảng Phú", district: nil, commune: nil).unknownReason == .noProvince)
    }

    @Test func defaultProvinceForOneProvincesExport() throws {
        let quangBinh = try #require(AdminUnitMapper(defaultProvince: "44"))
        let r = quangBinh.map("Thôn 3, Xã Quảng Phú, Huyện Quảng Trạch")
        #expect(r.newCommuneCode == "19021")
        #expect(r.recognised.province == nil)
        #expect(quangBinh.map("Thôn 3").newProvinceCode == "44")
        // A province written wins over the default.
        #expect(quangBinh.map("Phường 15, Quận 10, TP.HCM").newCommuneCode == "27163")
        #expect(AdminUnitMapper(defaultProvince: "99") == nil)
    }

    @Test func oldDistrictsUnderTheNewProvinceName() {
        // Quảng Trạch was in Quảng Bình, which is now part of Quảng Trị.
        let r = mapper.map("Xã Quảng Phú, Huyện Quảng Trạch, Tỉnh Quảng Trị")
        #expect(r.newCommuneCode == "19021")
        #expect(r.recognised.province?.code == "44")
        #expect(r.recognised.province?.how.contains(.alias) == true)
    }

    @Test func dateRule() {
        #expect(AdminUnitMapper.Reading(date: nil) == .legacyFirst)
        #expect(AdminUnitMapper.Reading(date: Self.date("2025-06-30")) == .legacyFirst)
        #expect(AdminUnitMapper.Reading(date: Self.date("2025-07-01")) == .currentFirst)
        #expect(AdminUnitMapper.Reading(date: Self.date("2025-06-30T23:59:00+07:00")) == .legacyFirst)
        #expect(AdminUnitMapper.Reading(date: Self.date("2025-06-30T17:30:00Z")) == .currentFirst)  // 00:30 in Hà Nội
        #expect(AdminUnitMapper.Reading(date: Self.date("2025-07-01T06:00:00+09:00")) == .currentFirst)  // 04:00 in Hà Nội
        #expect(AdminUnitMapper.Reading(date: Self.date("2025-07-01T01:00:00+09:00")) == .legacyFirst)  // 23:00 on 30 June
        #expect(AdminUnitMapper.Reading(date: Self.date("2024-12-31T23:00:00")) == .legacyFirst)

        // Xã Tân Tiến was a commune of Tuyên Quang before the reform and is one after it.
        let before = mapper.map("Xã Tân Tiến, Tuyên Quang", on: Self.date("2024-05-02"))
        #expect(before.newCommuneCode == "02470")
        #expect(before.recognised.vintage == .legacy)
        let after = mapper.map("Xã Tân Tiến, Tuyên Quang", on: Self.date("2025-09-15"))
        #expect(after.newCommuneCode == "01051")
        #expect(after.recognised.vintage == .current)
        // Either reading falls back to the other.
        #expect(mapper.map("Phường Ba Đình, Thành phố Hà Nội", on: Self.date("2025-03-01")).newCommuneCode == "00004")
        #expect(mapper.map("Phường 15, Quận 10, TP.HCM", on: Self.date("2025-08-01")).newCommuneCode == "27163")
        #expect(mapper.map("Xã Quảng Phú, Huyện Quảng Trạch, Quảng Bình", on: Self.date("2026-01-05")).newCommuneCode == "19021")
    }

    @Test func newUnitsAfterTheReform() {
        let r = mapper.map("Tổ 4, Phường Ba Đình, TP Hà Nội", on: Self.date("2025-07-15"))
        #expect(r.newCommuneCode == "00004")
        #expect(r.recognised.commune == RecognisedAdminUnit(code: "00004", fullName: "Phường Ba Đình", how: .exact))
        #expect(mapper.map("Đặc khu Côn Đảo, TP.HCM", on: Self.date("2025-07-15")).newCommuneCode == "26732")
        #expect(mapper.map("xa phu trach, quang tri", on: Self.date("2025-10-01")).newCommuneCode == "19021")
    }

    @Test func longAddressesAreReadFromTheirEnd() {
        let junk = String(repeating: "Khu dân cư số 7, ", count: 40)
        #expect(mapper.map(junk + "Xã Quảng Phú, Huyện Quảng Trạch, Quảng Bình").newCommuneCode == "19021")
    }
}
