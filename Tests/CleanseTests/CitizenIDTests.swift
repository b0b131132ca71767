@testable import Cleanse
import Core
import PropertyBased
import Testing

/// Thông tư 07/2016/TT-BCA, Phụ lục 1, typed again from the appendix as an independent check
/// of `CitizenIDProvinces`.
private let circularAppendix = """
    001 Hà Nội; 002 Hà Giang; 004 Cao Bằng; 006 Bắc Kạn; 008 Tuyên Quang; 010 Lào Cai;
    011 Điện Biên; 012 Lai Châu; 014 Sơn La; 015 Yên Bái; 017 Hòa Bình; 019 Thái Nguyên;
    020 Lạng Sơn; 022 Quảng Ninh; 024 Bắc Giang; 025 Phú Thọ; 026 Vĩnh Phúc; 027 Bắc Ninh;
    030 Hải Dương; 031 Hải Phòng; 033 Hưng Yên; 034 Thái Bình; 035 Hà Nam; 036 Nam Định;
    037 Ninh Bình; 038 Thanh Hóa; 040 Nghệ An; 042 Hà Tĩnh; 044 Quảng Bình; 045 Quảng Trị;
    046 Thừa Thiên Huế; 048 Đà Nẵng; 049 Quảng Nam; 051 Quảng Ngãi; 052 Bình Định; 054 Phú Yên;
    056 Khánh Hòa; 058 Ninh Thuận; 060 Bình Thuận; 062 Kon Tum; 064 Gia Lai; 066 Đắk Lắk;
    067 Đắk Nông; 068 Lâm Đồng; 070 Bình Phước; 072 Tây Ninh; 074 Bình Dương; 075 Đồng Nai;
    077 Bà Rịa – Vũng Tàu; 079 TP. Hồ Chí Minh; 080 Long An; 082 Tiền Giang; 083 Bến Tre;
    084 Trà Vinh; 086 Vĩnh Long; 087 Đồng Tháp; 089 An Giang; 091 Kiên Giang; 092 Cần Thơ;
    093 Hậu Giang; 094 Sóc Trăng; 095 Bạc Liêu; 096 Cà Mau
    """
    .split(separator: ";")
    .map { entry -> (String, String) in
        let t = entry.trimmingPrefix(while: \.isWhitespace)
        return (String(t.prefix(3)), String(t.dropFirst(4)))
    }

private func cleaned(_ value: String, accept: Set<CitizenID.Kind> = [.cccd, .cmnd],
                     onInvalid: OnInvalid = .quarantine) -> (String?, RuleFailure?) {
    var v: String? = value
    let failure = CitizenIDRule(accept: accept, onInvalid: onInvalid).apply(&v)
    return (v, failure)
}

@Suite struct CitizenIDTests {
    // MARK: Parsing

    @Test func appendixHasTheSixtyThreeProvinces() {
        #expect(circularAppendix.count == 63)
        #expect(CitizenIDProvinces.provinces.count == 63)
    }

    @Test(arguments: circularAppendix)
    func everyProvinceCodeParses(_ code: String, _ name: String) throws {
        let id = try CitizenID.parse("\(code)085123456")
        #expect(id.kind == .cccd)
        #expect(id.placeCode == Int(code))
        #expect(id.placeName == name)
        #expect(id.birthYear == 1985)
        #expect(id.gender == .male)
        #expect(id.digits == "\(code)085123456")
    }

    @Test func everyOtherCodeIsNoProvince() {
        let known = Set(circularAppendix.map { Int($0.0)! })
        for code in 0..<1000 where !known.contains(code) {
            let digits = String(repeating: "0", count: code < 10 ? 2 : code < 100 ? 1 : 0) + "\(code)"
            #expect(throws: RuleFailure(.invalidIDProvince,
                                        "CCCD digits 1–3 are \(digits), which is not a province code of Thông tư 07/2016/TT-BCA (001 Hà Nội … 096 Cà Mau)")) {
                try CitizenID.parse("\(digits)085123456")
            }
        }
    }

    @Test(arguments: [
        (0, CitizenID.Gender.male, 1985), (1, .female, 1985), (2, .male, 2085), (3, .female, 2085),
        (4, .male, 2185), (5, .female, 2185), (6, .male, 2285), (7, .female, 2285),
        (8, .male, 2385), (9, .female, 2385),
    ])
    func everyGenderAndCenturyDigitParses(_ digit: Int, _ gender: CitizenID.Gender, _ year: Int) throws {
        let id = try CitizenID.parse("079\(digit)85012345")
        #expect(id.gender == gender)
        #expect(id.birthYear == year)
        #expect(CitizenID.digit4(year: year, gender: gender) == digit)
        #expect(CitizenID.century(ofDigit4: digit) == year / 100 * 100)
    }

    @Test(arguments: [
        ("012345678", 1, "Hà Nội"), ("023456789", 2, "TP. Hồ Chí Minh"), ("125678901", 12, "Bắc Giang, Bắc Ninh"),
        ("381234567", 38, "Cà Mau, Bạc Liêu"), ("285123456", 28, "Bình Dương, Bình Phước"),
    ])
    func cmndNumbersParse(_ digits: String, _ prefix: Int, _ issuers: String) throws {
        let id = try CitizenID.parse(digits)
        #expect(id.kind == .cmnd)
        #expect(id.placeCode == prefix)
        #expect(id.placeName == issuers)
        #expect(id.gender == nil)
        #expect(id.birthYear == nil)
    }

    @Test func cmndPrefixesAreZeroOneToThirtyEight() {
        #expect(CitizenIDProvinces.cmndPrefixes.map(\.prefix) == Array(1...38))
        #expect(throws: RuleFailure(.invalidIDProvince, "CMND digits 1–2 are 39, which is not an issuing prefix (01–38)")) {
            try CitizenID.parse("391234567")
        }
        #expect(throws: RuleFailure(.invalidIDProvince, "CMND digits 1–2 are 00, which is not an issuing prefix (01–38)")) {
            try CitizenID.parse("001234567")
        }
    }

    @Test(arguments: [
        ("07908501234", "expected a 12-digit CCCD number or a 9-digit CMND number, found 11 digits"),
        ("", "expected a 12-digit CCCD number or a 9-digit CMND number, found 0 digits"),
        ("0790850123456", "expected a 12-digit CCCD number or a 9-digit CMND number, found 13 digits"),
        ("079 085 012 345", "expected only digits, found ' '"),
        ("07908501234x", "expected only digits, found 'x'"),
        ("07908501234١", "expected only digits, found a character that is not ASCII"),
    ])
    func parseTakesDigitsOnly(_ input: String, _ detail: String) {
        #expect(throws: RuleFailure(.invalidID, detail)) { try CitizenID.parse(input) }
    }

    // MARK: The field rule

    @Test(arguments: [
        ("079085012345", "079085012345"),
        ("079 085 012 345", "079085012345"),
        ("079.085.012.345", "079085012345"),
        ("079-085-012-345", "079085012345"),
        (" 079085012345\u{00A0}", "079085012345"),
        ("79085012345", "079085012345"),  // a spreadsheet dropped the zero
        ("1085123456", "001085123456"),  // Hà Nội: two zeros dropped
        ("3.8012345612E+10", "038012345612"),
        ("3.8012345612e10", "038012345612"),
        ("1.085123456E+09", "001085123456"),
        ("38012345612.0", "038012345612"),
        ("012345678", "012345678"),
        ("012 345 678", "012345678"),
        ("12345678", "012345678"),  // CMND 01… without its zero
        ("381234567", "381234567"),
        ("201234567.0", "201234567"),
    ])
    func valuesBecomeDigits(_ input: String, _ expected: String) {
        let (v, failure) = cleaned(input)
        #expect(failure == nil)
        #expect(v == expected)
    }

    @Test(arguments: [
        ("97085012345", ReasonCode.invalidID, "expected a 12-digit CCCD number or a 9-digit CMND number, found 11 digits"),
        ("79985012345", .invalidID, "expected a 12-digit CCCD number or a 9-digit CMND number, found 11 digits"),
        ("097085012345", .invalidIDProvince, "CCCD digits 1–3 are 097, which is not a province code of Thông tư 07/2016/TT-BCA (001 Hà Nội … 096 Cà Mau)"),
        ("079985012345", .invalidID, "CCCD digit 4 is 9: born 2300–2399; expected 0–3 (born 1900–2099)"),
        ("079485012345", .invalidID, "CCCD digit 4 is 4: born 2100–2199; expected 0–3 (born 1900–2099)"),
        ("391234567", .invalidIDProvince, "CMND digits 1–2 are 39, which is not an issuing prefix (01–38)"),
        ("1234567", .invalidID, "expected a 12-digit CCCD number or a 9-digit CMND number, found 7 digits"),
        ("0790850123456", .invalidID, "expected a 12-digit CCCD number or a 9-digit CMND number, found 13 digits"),
        ("3.80123E+10", .invalidID, "'3.80123E+10' is a spreadsheet number in scientific notation that has lost its last 5 digits; export the column as text"),
        ("3.8012345612E+9", .invalidID, "'3.8012345612E+9' is a spreadsheet number in scientific notation that is not a whole number"),
        ("3.8E+1x", .invalidID, "'3.8E+1x' is a spreadsheet number in scientific notation that is not an identity number"),
        ("CCCD 079085012345", .invalidID, "expected a CCCD or CMND number (digits, spaces, '.', '-'), found 'C'"),
        ("số 079085012345", .invalidID, "expected a CCCD or CMND number (digits, spaces, '.', '-'), found 's'"),
        ("079085012345/012345678", .invalidID, "expected a CCCD or CMND number (digits, spaces, '.', '-'), found '/'"),
        ("-", .invalidID, "expected a 12-digit CCCD number or a 9-digit CMND number, found 0 digits"),
    ])
    func invalidValuesAreRefused(_ input: String, _ reason: ReasonCode, _ detail: String) {
        let (v, failure) = cleaned(input)
        #expect(failure?.reason == reason)
        #expect(failure?.detail == detail)
        #expect(failure?.flagOnly == false)
        #expect(v == input, "a refused value is left as it was")
    }

    @Test func acceptKeepsOnlyTheKindsListed() {
        let cmnd = cleaned("012 345 678", accept: [.cccd])
        #expect(cmnd.1 == RuleFailure(.cmndNotAccepted, "a 9-digit CMND number; only 12-digit CCCD numbers are accepted here (accept: [cccd])"))
        #expect(cmnd.0 == "012 345 678")
        let cccd = cleaned("079085012345", accept: [.cmnd])
        #expect(cccd.1?.reason == .cccdNotAccepted)
        #expect(cleaned("079085012345", accept: [.cccd]).1 == nil)
        #expect(cleaned("012345678", accept: [.cmnd]).1 == nil)
    }

    @Test func flagLeavesTheValueAndFlags() {
        let (v, failure) = cleaned("097085012345", onInvalid: .flag)
        #expect(failure?.reason == .invalidIDProvince)
        #expect(failure?.flagOnly == true)
        #expect(v == "097085012345")
        let (w, notAccepted) = cleaned("012345678", accept: [.cccd], onInvalid: .flag)
        #expect(notAccepted?.flagOnly == true)
        #expect(w == "012345678")
    }

    @Test func emptyAndBlankValuesAreLeftAlone() {
        #expect(cleaned("").1 == nil)
        #expect(cleaned(" \t").0 == " \t")
        #expect(cleaned(" \t").1 == nil)
        var none: String? = nil
        #expect(CitizenIDRule().apply(&none) == nil)
        #expect(none == nil)
    }

    @Test(arguments: [
        ("079085012345", CitizenID.Kind.cccd), ("079 085 012 345", .cccd), ("79085012345", .cccd),
        ("012345678", .cmnd), ("12345678", .cmnd), ("391234567", .cmnd), ("097085012345", .cccd),
    ])
    func kindIsTheNumbersShape(_ value: String, _ kind: CitizenID.Kind) {
        #expect(CitizenID.kind(of: value) == kind)
    }

    @Test(arguments: ["", "abc", "0123", "0790850123456", "3.80123E+10", "97085012345"])
    func kindOfSomethingElseIsNil(_ value: String) {
        #expect(CitizenID.kind(of: value) == nil)
    }

    // MARK: Record-level checks

    @Test func birthYearMismatchSaysWhichDigits() {
        let failures = CitizenID.check(id: "079085012345", birthDate: "1986-04-30", gender: "nam")
        #expect(failures == [RuleFailure(.idBirthMismatch,
                                         "CCCD digits 4–6 are 085: born 1985 (male); the birth date says 1986, which would be 086")])
        let century = CitizenID.check(id: "079305012345", birthDate: "1905-01-01", gender: nil)
        #expect(century == [RuleFailure(.idBirthMismatch,
                                        "CCCD digits 4–6 are 305: born 2005 (female); the birth date says 1905, which would be 105")])
        let outside = CitizenID.check(id: "079085012345", birthDate: "1885-01-01", gender: nil)
        #expect(outside.first?.detail == "CCCD digits 4–6 are 085: born 1985 (male); the birth date says 1885, which no CCCD can encode (1900–2399)")
    }

    @Test func genderMismatchSaysWhichDigit() {
        let failures = CitizenID.check(id: "079185012345", birthDate: "1985-06-01", gender: "Nam")
        #expect(failures == [RuleFailure(.idGenderMismatch,
                                         "CCCD digit 4 is 1: female, born 1900–1999; the gender field says male ('Nam'), which would be 0")])
        let both = CitizenID.check(id: "079285012345", birthDate: "1985-06-01", gender: "F", flagOnly: true)
        #expect(both.map(\.reason) == [.idBirthMismatch, .idGenderMismatch])
        let allFlagged = both.allSatisfy { $0.flagOnly }
        #expect(allFlagged)
    }

    @Test(arguments: [
        ("nam", CitizenID.Gender.male), ("Nam", .male), (" NAM ", .male), ("Nam giới", .male), ("male", .male),
        ("M", .male), ("trai", .male),
        ("nữ", .female), ("Nữ", .female), ("NỮ", .female), ("nu\u{031B}\u{0303}", .female), ("Nu", .female),
        ("nữ giới", .female), ("F", .female), ("Female", .female), ("gái", .female),
        ("NỮ GIỚI", .female), ("Gái", .female), ("GÁI", .female), (" Nữ\t", .female), ("NAM GIỚI", .male),
        ("Nam giới ", .male),
    ])
    func genderSpellings(_ text: String, _ gender: CitizenID.Gender) {
        #expect(CitizenID.gender(from: text) == gender)
    }

    @Test(arguments: ["", "1", "0", "2", "x", "khác", "nam nữ", "nữa", "nữ gi", "gáii", "Nữ giới nữ giới"])
    func unknownGendersAreNotChecked(_ text: String) {
        #expect(CitizenID.gender(from: text) == nil)
        #expect(CitizenID.check(id: "079185012345", birthDate: nil, gender: text).isEmpty)
    }

    @Test func nothingToCheckGivesNoFailure() {
        // Agreeing, missing, of another form, or not a CCCD.
        #expect(CitizenID.check(id: "079085012345", birthDate: "1985-04-30", gender: "nam").isEmpty)
        #expect(CitizenID.check(id: "079 085 012 345", birthDate: "1985-04-30T00:00:00+07:00", gender: "M").isEmpty)
        #expect(CitizenID.check(id: "079085012345", birthDate: nil, gender: nil).isEmpty)
        #expect(CitizenID.check(id: "079085012345", birthDate: "30/04/1986", gender: nil).isEmpty)
        #expect(CitizenID.check(id: "079085012345", birthDate: "", gender: "").isEmpty)
        #expect(CitizenID.check(id: "012345678", birthDate: "1986-04-30", gender: "nữ").isEmpty)
        #expect(CitizenID.check(id: "garbage", birthDate: "1986-04-30", gender: "nữ").isEmpty)
        #expect(CitizenID.check(id: "79085012345", birthDate: "1985-01-01", gender: "nam").isEmpty)
    }

    // MARK: Idempotence

    private static let pieces = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", " ", ".", "-", "E+", "e", ".0", "x", "079", "001", "\u{00A0}"]

    @Test func citizenIDRuleIsIdempotent() async {
        let rules = [CitizenIDRule(), CitizenIDRule(accept: [.cccd]), CitizenIDRule(accept: [.cmnd])]
        let gen = Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...16)
        await propertyCheck(count: 2000, input: gen) { indexes in
            let s = indexes.map { Self.pieces[$0] }.joined()
            for rule in rules {
                var once: String? = s
                let failure = rule.apply(&once)
                var twice = once
                let again = rule.apply(&twice)
                #expect(once == twice, "not idempotent on \(s.debugDescription)")
                if failure == nil {
                    #expect(again == nil, "refuses its own output for \(s.debugDescription)")
                }
            }
        }
    }

    @Test func validNumbersAreFixedPoints() async {
        let codes = circularAppendix.map(\.0)
        let gen = zip(Gen.int(in: 0...(codes.count - 1)), Gen.int(in: 0...3), Gen.int(in: 0...99), Gen.int(in: 0...999_999))
        await propertyCheck(count: 500, input: gen) { (k, c, yy, random) in
            func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: w - String(n).count) + String(n) }
            let digits = codes[k] + "\(c)" + pad(yy, 2) + pad(random, 6)
            let (v, failure) = cleaned(digits)
            #expect(failure == nil)
            #expect(v == digits)
            // And the forms a spreadsheet makes of it come back to it.
            let number = String(Int(digits)!)
            #expect(cleaned(number).0 == digits)
            #expect(cleaned(number + ".0").0 == digits)
        }
    }

    /// Values of exactly 12 or 9 bytes are first tried as digits only, eight bytes at a time:
    /// each must read as it does with a space in front (which takes the byte-by-byte reading),
    /// digits and failure alike; and the word test agrees with a byte-by-byte one on any bytes.
    @Test func plainDigitsReadAsTheByteByByteReadingDoes() async {
        func reading(_ b: [UInt8]) -> String {
            b.withUnsafeBufferPointer { buffer in
                CitizenID.withNormalizedDigits(buffer) { r in
                    switch r {
                    case .success(let d): return "digits " + String(decoding: d, as: UTF8.self)
                    case .failure(let f): return "\(f.reason.rawValue): \(f.detail)"
                    }
                }
            }
        }
        // Digits, and the bytes just below and above them, a dot, a dash, non-ASCII.
        let bytes: [UInt8] = [0x30, 0x31, 0x34, 0x37, 0x39, 0x2F, 0x3A, 0x2E, 0x2D, 0xB0, 0xB9, 0x00, 0x70, 0xF0]
        let gen = zip(Gen.bool, Gen.int(in: 0...(bytes.count - 1)).array(of: 0...16), Gen.int(in: 0...99))
        await propertyCheck(count: 3000, input: gen) { (twelve, picks, spoil) in
            // Mostly digits, sometimes one byte of another kind somewhere.
            var value = (0..<(twelve ? 12 : 9)).map { k in UInt8(0x30 + (k * 7 + spoil) % 10) }
            for (k, p) in picks.prefix(spoil % 3).enumerated() { value[(spoil + 5 * k) % value.count] = bytes[p] }
            guard String(validating: value, as: UTF8.self) != nil else { return }
            #expect(reading(value) == reading([0x20] + value), "\(value)")
        }
        var rng = SeededGenerator(seed: 12)
        for _ in 0..<20_000 {
            let value = (0..<Int.random(in: 0...20, using: &rng)).map { _ in
                Bool.random(using: &rng) ? UInt8(0x30 + Int.random(in: 0...9, using: &rng)) : rng.pick(bytes)
            }
            let expected = value.count >= 8 && value.count <= 16 && value.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            #expect(value.withUnsafeBufferPointer { RuleBytes.allDigits8to16($0) } == expected, "\(value)")
        }
    }

    // MARK: Options

    @Test func optionsCompile() throws {
        let (rule, problems) = try compiledPhoneOrIDRule("[{ citizen_id: { accept: [cccd], on_invalid: flag } }]", CitizenIDRule.compile)
        #expect(problems.isEmpty)
        let r = try #require(rule as? CitizenIDRule)
        #expect(r.acceptsCCCD && !r.acceptsCMND)
        #expect(r.onInvalid == .flag)
        let (plain, none) = try compiledPhoneOrIDRule("[citizen_id]", CitizenIDRule.compile)
        #expect(none.isEmpty)
        let p = try #require(plain as? CitizenIDRule)
        #expect(p.acceptsCCCD && p.acceptsCMND && p.onInvalid == .quarantine)
        let (single, _) = try compiledPhoneOrIDRule("[{ citizen_id: { accept: cmnd } }]", CitizenIDRule.compile)
        #expect((single as? CitizenIDRule).map { !$0.acceptsCCCD && $0.acceptsCMND } == true)
    }

    @Test func badOptionsAreReportedAtTheirPosition() throws {
        let (_, bad) = try compiledPhoneOrIDRule("[{ citizen_id: { accept: [cccd, passport] } }]", CitizenIDRule.compile)
        let d = try #require(bad.first)
        #expect(d.message == "expected 'accept' to list cccd or cmnd, found 'passport'")
        #expect((d.location.line, d.location.column) == (6, 40))

        let (_, empty) = try compiledPhoneOrIDRule("[{ citizen_id: { accept: [] } }]", CitizenIDRule.compile)
        let e = try #require(empty.first)
        #expect(e.message == "'accept' is empty; expected cccd, cmnd or both")
        #expect((e.location.line, e.location.column) == (6, 33))

        let (_, unknown) = try compiledPhoneOrIDRule("[{ citizen_id: { kinds: [cccd] } }]", CitizenIDRule.compile)
        #expect(unknown.first?.message == "unknown key 'kinds' in citizen_id options; expected one of: accept, on_invalid")

        let (_, onInvalid) = try compiledPhoneOrIDRule("[{ citizen_id: { on_invalid: drop } }]", CitizenIDRule.compile)
        #expect(onInvalid.first?.message == "expected 'on_invalid' to be one of quarantine, flag, found 'drop'")
    }
}
