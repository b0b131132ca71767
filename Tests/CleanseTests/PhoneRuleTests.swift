@testable import Cleanse
import Core
import PropertyBased
import Testing

/// `value` after `rule`, and the failure if any.
private func phone(_ value: String, _ format: PhoneRule.Format = .national, onInvalid: OnInvalid = .quarantine) -> (String?, RuleFailure?) {
    var v: String? = value
    let failure = PhoneRule(format: format, onInvalid: onInvalid).apply(&v)
    return (v, failure)
}

/// The rule's options compiled from a pipeline file's `rules` for field `f`, and the problems.
func compiledPhoneOrIDRule(_ rules: String, _ compile: (RuleSpec, DiagnosticLog) -> (any FieldRule)?) throws -> ((any FieldRule)?, [Diagnostic]) {
    let (spec, log) = parseFieldRules(rules)
    let rule = try #require(spec?.cleanse.rules(for: "f").first)
    return (compile(rule, log), log.diagnostics)
}

@Suite struct PhoneRuleTests {
    // MARK: Mobile numbers

    @Test(arguments: [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("(091) 234 5678", "0912345678"),
        (" 0912\u{00A0}345\u{2009}678 ", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 91 234 5678", "0912345678"),
        ("(+84) 912-345-678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("+840912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("840912345678", "0912345678"),
        ("0084 912 345 678", "0912345678"),
        ("912345678", "0912345678"),
        ("0383 456 789", "0383456789"),
        ("0868 123 456", "0868123456"),
        ("0522 123 456", "0522123456"),
        ("0559 123 456", "0559123456"),
        ("0879 123 456", "0879123456"),
        ("0896 123 456", "0896123456"),
        ("0993 123 456", "0993123456"),
    ])
    func mobileNumbersBecomeNational(_ input: String, _ expected: String) {
        let (v, failure) = phone(input)
        #expect(failure == nil)
        #expect(v == expected)
    }

    @Test(arguments: [
        ("0912 345 678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("0168 812 3456", "+84388123456"),
        ("(04) 3825 3536", "+842438253536"),
        ("0511 3822 123", "+842363822123"),
    ])
    func e164Output(_ input: String, _ expected: String) {
        let (v, failure) = phone(input, .e164)
        #expect(failure == nil)
        #expect(v == expected)
    }

    /// Every prefix of Quyết định 798/QĐ-BTTTT, in national and E.164 form, as written in
    /// several ways.
    @Test(arguments: PhoneNumberPlan.mobileConversions2018.map { ($0.old, $0.new) })
    func every2018ConversionIsMade(_ old: String, _ new: String) {
        for written in ["\(old)1234567", "\(old) 123 4567", "+84 \(old.dropFirst()) 123 4567", "\(old.dropFirst())1234567"] {
            #expect(phone(written).0 == "\(new)1234567", "\(written)")
            #expect(phone(written, .e164).0 == "+84\(new.dropFirst())1234567", "\(written)")
        }
        // The new number is a mobile number in use, and stays.
        #expect(phone("\(new)1234567").0 == "\(new)1234567")
    }

    @Test func realElevenDigitMobileNumbers() {
        #expect(phone("0168.812.3456").0 == "0388123456")
        #expect(phone("0120 456 7890").0 == "0704567890")
        #expect(phone("01234567890").0 == "0834567890")
        #expect(phone("0199 123 4567").0 == "0591234567")
        #expect(phone("84 1688 123 456").0 == "0388123456")
    }

    // MARK: Landline numbers

    /// Every area code of Quyết định 2036/QĐ-BTTTT: with the old code in parentheses (which
    /// always reads as an area code), and in the international form.
    @Test(arguments: PhoneNumberPlan.areaCodes2017.map { ($0.old, $0.new, $0.province) })
    func every2017AreaCodeConversionIsMade(_ old: String, _ new: String, _ province: String) {
        let subscriber = old.count == 1 ? "38253536" : "3822123"
        let expected = "0\(new)\(subscriber)"
        #expect(phone("(0\(old)) \(subscriber)").0 == expected, "\(province)")
        // Internationally written, the old number reads as today's when that is a mobile number,
        // unless the area code is Hà Nội's 4 or TP.HCM's 8, a group of its own.
        let international = "0\(old)\(subscriber)"
        let isMobile = old.count == 2 && PhoneRule.tables.mobile[Int(international.dropFirst().prefix(3))!]
        #expect(phone("+84 \(old) \(subscriber)").0 == (isMobile ? international : expected), "\(province)")
        #expect(phone("(0\(old)) \(subscriber)", .e164).0 == "+84\(new)\(subscriber)", "\(province)")
        // The new number stays as it is, in either form.
        #expect(phone(expected).0 == expected, "\(province)")
        #expect(phone("+84\(new)\(subscriber)").0 == expected, "\(province)")
        #expect(phone("(0\(new)) \(subscriber)").0 == expected, "\(province)")
    }

    /// Without parentheses, an old number is converted unless its ten digits start with a
    /// mobile prefix in use, which wins (the number is read as today's).
    @Test(arguments: PhoneNumberPlan.areaCodes2017.map { ($0.old, $0.new, $0.province) })
    func unbracketedOldAreaCodesConvertUnlessMobile(_ old: String, _ new: String, _ province: String) {
        let subscriber = old.count == 1 ? "38253536" : "3822123"
        let written = "0\(old)\(subscriber)"
        let prefix = Int(written.dropFirst().prefix(3))!
        let isMobile = written.count == 10 && PhoneRule.tables.mobile[prefix]
        #expect(phone(written).0 == (isMobile ? written : "0\(new)\(subscriber)"), "\(province)")
    }

    @Test(arguments: [
        ("(04) 3825 3536", "02438253536"),  // Hà Nội
        ("04.38253536", "02438253536"),
        ("04 3825 3536", "02438253536"),
        ("0438253536", "02438253536"),  // 04x is no mobile prefix
        ("(08) 3829 1234", "02838291234"),  // TP.HCM
        ("08 3829 1234", "02838291234"),
        ("08-3829-1234", "02838291234"),
        ("+84 8 3829 1234", "02838291234"),
        ("0838291234", "0838291234"),  // VinaPhone 083: today's reading wins
        ("0511 3822 123", "02363822123"),  // Đà Nẵng
        ("0511.3822123", "02363822123"),
        ("031 3842 123", "02253842123"),  // Hải Phòng
        ("(038) 384 2123", "02383842123"),  // Nghệ An
        ("038 384 2123", "0383842123"),  // Viettel 038
        ("0650 3822 123", "02743822123"),  // Bình Dương
        ("0240 3854 123", "02043854123"),  // Bắc Giang: 024 + 0… is not Hà Nội
        ("0280 3854 123", "02083854123"),  // Thái Nguyên
        ("061 3822 123", "02513822123"),  // Đồng Nai
        ("0210 3822 123", "02103822123"),  // Phú Thọ, unchanged
        ("024 3825 3536", "02438253536"),
        ("028 3829 1234", "02838291234"),
        ("0236 3822 123", "02363822123"),
        ("2838291234", "02838291234"),  // lost its zero
    ])
    func landlineNumbers(_ input: String, _ expected: String) {
        let (v, failure) = phone(input)
        #expect(failure == nil)
        #expect(v == expected)
    }

    // MARK: Invalid values

    @Test(arguments: [
        ("012345678", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 9 digits"),
        ("0912 345 67", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 9 digits"),
        ("091234567890", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 12 digits"),
        ("+84 12345", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 6 digits"),
        ("612345678", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 9 digits"),
        ("09123456780987654321", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 20 digits (more than one number?)"),
        ("0651234567", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 10 digits starting 065, which is neither a mobile prefix in use nor an area code of before 2017"),
        ("0801234567", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found a Hà Nội / TP.HCM number 08… whose subscriber number starts with 0 or 1"),
        ("(04) 0123 4567", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found a Hà Nội / TP.HCM number 04… whose subscriber number starts with 0 or 1"),
        ("0161 234 5678", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 11 digits starting 0161, which is not one of the 01xx prefixes converted in 2018 (0120–0129, 0162–0169, 0186, 0188, 0199)"),
        ("0200 123 4567", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 11 digits starting 0200, which is not an area code in use (02xx since 2017) nor one of before"),
        ("0912345678 / 0987654321", "more than one number, separated by '/'; expected one phone number per field"),
        ("0912345678, 0987654321", "more than one number, separated by ','; expected one phone number per field"),
        ("+1 202 555 0100", "an international number starting +120…; only Vietnamese numbers (+84…) are accepted"),
        ("001 202 555 0100", "an international number starting 00120…; only Vietnamese numbers (+84…) are accepted"),
        ("ĐT: 0912345678", "unexpected character 'Đ'; a phone number has digits, spaces, '.', '-', '(', ')' and a leading '+'"),
        ("0912 345 678 (anh Nam)", "unexpected character 'a'; a phone number has digits, spaces, '.', '-', '(', ')' and a leading '+'"),
        ("0912+345678", "a '+' that does not start the number; expected '+84' in front"),
        ("--", "no digits; expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx)"),
        ("1234567890123456789012345", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 25 digits (more than one number?)"),
        ("123456789012345678901234", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 24 digits (more than one number?)"),
        ("12345678901234567890123", "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx), found 23 digits (more than one number?)"),
        ("+", "no digits; expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx)"),
    ])
    func invalidValuesSayWhatWasExpected(_ input: String, _ detail: String) {
        for format in PhoneRule.Format.allCases {
            let (v, failure) = phone(input, format)
            #expect(failure?.reason == .invalidPhone)
            #expect(failure?.detail == detail)
            #expect(failure?.flagOnly == false)
            #expect(v == input, "a refused value is left as it was")
        }
    }

    @Test func flagLeavesTheValueAndFlags() {
        let (v, failure) = phone("0912345678 / 0987654321", onInvalid: .flag)
        #expect(failure?.reason == .invalidPhone)
        #expect(failure?.flagOnly == true)
        #expect(v == "0912345678 / 0987654321")
    }

    @Test func emptyAndBlankValuesAreLeftAlone() {
        #expect(phone("").0 == "")
        #expect(phone("").1 == nil)
        #expect(phone("  \t").0 == "  \t")
        #expect(phone("  \t").1 == nil)
        var none: String? = nil
        #expect(PhoneRule().apply(&none) == nil)
        #expect(none == nil)
    }

    // MARK: Round trips and idempotence

    @Test(arguments: ["0912345678", "0388123456", "02438253536", "02363822123", "02838291234", "0522123456"])
    func nationalAndE164RoundTrip(_ national: String) {
        let e164 = phone(national, .e164).0!
        #expect(e164 == "+84" + national.dropFirst())
        #expect(phone(e164, .national).0 == national)
        #expect(phone(e164, .e164).0 == e164)
        #expect(phone(e164, .e164).1 == nil)
    }

    /// Messy phone-like values: a prefix, digits, separators, sometimes a second number.
    private static let prefixes = ["0", "+84", "84", "0084", "(0", "+84 (0)", "(+84)", "", "01", "02", "04 ", "08 ", "(08) ", "(038) ", "0511", "012", "016"]
    private static let separators = [" ", ".", "-", "", "", "", " / ", ")", "\u{00A0}", "x"]

    private static func messy(_ parts: [Int]) -> String {
        var s = prefixes[parts[0]]
        for p in parts.dropFirst() {
            s += String(p % 10)
            if p % 7 == 0 { s += separators[(p / 10) % separators.count] }
        }
        return s
    }

    @Test func phoneRuleIsIdempotent() async {
        let gen = zip(Gen.int(in: 0...(Self.prefixes.count - 1)), Gen.int(in: 0...99).array(of: 6...13))
        await propertyCheck(count: 2000, input: gen) { (first, rest) in
            let s = Self.messy([first] + rest)
            for format in PhoneRule.Format.allCases {
                var once: String? = s
                let failure = PhoneRule(format: format).apply(&once)
                var twice = once
                let again = PhoneRule(format: format).apply(&twice)
                #expect(once == twice, "\(format) is not idempotent on \(s.debugDescription)")
                if failure == nil {
                    #expect(again == nil, "\(format) refuses its own output for \(s.debugDescription)")
                    // The output is in the current plan.
                    var national = once
                    _ = PhoneRule(format: .national).apply(&national)
                    let n = national ?? ""
                    #expect(n.count == 10 || (n.count == 11 && n.hasPrefix("02")) || s.allSatisfy(\.isWhitespace), "\(s.debugDescription) -> \(n)")
                }
            }
        }
    }

    @Test func currentPlanNumbersAreFixedPoints() async {
        let mobiles = PhoneNumberPlan.mobilePrefixes.map(\.prefix)
        let areas = PhoneNumberPlan.areaCodes2017.map(\.new)
        let gen = zip(Gen.int(in: 0...(mobiles.count + areas.count - 1)), Gen.int(in: 2_000_000...9_999_999))
        await propertyCheck(count: 500, input: gen) { (k, subscriber) in
            let number: String
            if k < mobiles.count {
                let p = mobiles[k]
                number = p + String(String(subscriber).suffix(10 - p.count))
            } else {
                let code = areas[k - mobiles.count]
                number = "0" + code + (code.count == 2 ? "3" : "") + String(subscriber)
            }
            #expect(phone(number).0 == number)
            #expect(phone(number).1 == nil)
            #expect(phone(number, .e164).0 == "+84" + number.dropFirst())
        }
    }

    // MARK: Data

    @Test func planTablesAreComplete() {
        let areas = PhoneNumberPlan.areaCodes2017
        #expect(areas.count == 63)
        #expect(Set(areas.map(\.old)).count == 63)
        #expect(Set(areas.map(\.new)).count == 63)
        #expect(Set(areas.map(\.province)).count == 63)
        #expect(areas.filter { $0.phase == 1 }.count == 13)
        #expect(areas.filter { $0.phase == 2 }.count == 23)
        #expect(areas.filter { $0.phase == 3 }.count == 23)
        #expect(areas.filter { $0.old == $0.new }.map(\.province).sorted() == ["Hà Giang", "Hòa Bình", "Phú Thọ", "Vĩnh Phúc"])
        for a in areas {
            #expect(a.new.hasPrefix("2"), "\(a.province)")
            #expect(a.new.count == (a.old.count == 1 ? 2 : 3), "\(a.province)")
        }
        #expect(PhoneNumberPlan.mobileConversions2018.count == 21)
        let table = PhoneRule.tables
        for c in PhoneNumberPlan.mobileConversions2018 {
            #expect(table.mobile[Int(c.new.dropFirst())! * 10], "\(c.new) is a mobile prefix in use")
        }
        // No old 3-digit area code is also a new one, except the four unchanged codes.
        let old3 = Set(areas.filter { $0.old.count == 3 }.map(\.old))
        let new3 = Set(areas.filter { $0.new.count == 3 }.map(\.new))
        #expect(old3.intersection(new3) == ["210", "211", "218", "219"])
    }

    // MARK: Options

    @Test func optionsCompile() throws {
        let (rule, problems) = try compiledPhoneOrIDRule("[{ phone: { format: e164, on_invalid: flag } }]", PhoneRule.compile)
        #expect(problems.isEmpty)
        let phoneRule = try #require(rule as? PhoneRule)
        #expect(phoneRule.format == .e164)
        #expect(phoneRule.onInvalid == .flag)
        let (plain, none) = try compiledPhoneOrIDRule("[phone]", PhoneRule.compile)
        #expect(none.isEmpty)
        #expect((plain as? PhoneRule)?.format == .national)
        #expect((plain as? PhoneRule)?.onInvalid == .quarantine)
    }

    @Test func badOptionsAreReportedAtTheirPosition() throws {
        let (_, bad) = try compiledPhoneOrIDRule("[{ phone: { format: intl } }]", PhoneRule.compile)
        let d = try #require(bad.first)
        #expect(d.message == "expected 'format' to be one of national, e164, found 'intl'")
        #expect((d.location.line, d.location.column) == (6, 28))

        let (_, unknown) = try compiledPhoneOrIDRule("[{ phone: { format: e164, region: vn } }]", PhoneRule.compile)
        let u = try #require(unknown.first)
        #expect(u.message == "unknown key 'region' in phone options; expected one of: format, on_invalid")
        #expect((u.location.line, u.location.column) == (6, 34))

        let (_, onInvalid) = try compiledPhoneOrIDRule("[{ phone: { on_invalid: stop } }]", PhoneRule.compile)
        #expect(onInvalid.first?.message == "expected 'on_invalid' to be one of quarantine, flag, found 'stop'")

        let (_, scalar) = try compiledPhoneOrIDRule("[{ phone: e164 }]", PhoneRule.compile)
        #expect(scalar.first?.message == "expected phone options to be a mapping, found a scalar")
    }
}
