@testable import Cleanse
import Core
import Foundation
import PropertyBased
import Testing

/// The date rule's Vietnamese long form, two-digit years, spreadsheet serials, offsets, checks
/// and idempotence.

private func rule(_ formats: [String], output: DateRule.Output = .date, pivot: Int = 50, onInvalid: OnInvalid = .quarantine,
                  min: String? = nil, max: String? = nil, today: String? = nil) throws -> DateRule {
    func date(_ s: String?) -> ISODateTime? {
        s.flatMap { Array($0.utf8).withUnsafeBufferPointer(ISODateTime.parse) }
    }
    return DateRule(formats: try formats.map { f throws(RuleFailure) in try DatePattern(f, pivot: pivot) }, zoneMinutes: 420,
                    output: output, onInvalid: onInvalid, min: date(min), max: date(max), today: date(today))
}

private func applied(_ rule: DateRule, _ s: String) -> Result<String, RuleFailure> {
    var v: String? = s
    if let failure = rule.apply(&v) {
        #expect(v == s, "a refused value is left as it was")
        return .failure(failure)
    }
    return .success(v!)
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

@Suite struct DateRuleFormatsTests {
    @Test(arguments: [
        ("ngày 05 tháng 3 năm 2019", "2019-03-05"),
        ("Ngày 5 tháng 03 năm 2019", "2019-03-05"),
        ("ngay 5 thang 3 nam 2019", "2019-03-05"),
        ("NGÀY 5 THÁNG 3 NĂM 2019", "2019-03-05"),
        ("NGAY 05 THANG 03 NAM 2019", "2019-03-05"),
        ("Ngày 31 Tháng 12 Năm 1999", "1999-12-31"),
        ("  ngày   05  tháng\t3 năm\u{00A0}2019  ", "2019-03-05"),
        ("Đồng Hới, ngày 05 tháng 3 năm 2019", "2019-03-05"),
        ("Quảng Trị,ngày 5 tháng 3 năm 2019", "2019-03-05"),
        ("Phường 1, TP. Đông Hà, ngày 5 tháng 3 năm 2019", "2019-03-05"),
        ("Hà Nội, Ngày 29 tháng 02 năm 2024", "2024-02-29"),
        ("Ngày Mới, ngày 5 tháng 3 năm 2019", "2019-03-05"),
        ("nga\u{300}y 5 tha\u{301}ng 3 na\u{306}m 2019", "2019-03-05"),
        ("Ngày 5 tháng 3 năm 2019".decomposedStringWithCanonicalMapping, "2019-03-05"),
    ])
    func vietnameseLongForm(_ input: String, _ expected: String) throws {
        #expect(try applied(rule(["vietnamese"]), input).get() == expected)
    }

    @Test(arguments: [
        "ngày 30 tháng 2 năm 2019", "ngày 5 tháng 13 năm 2019", "ngày 0 tháng 3 năm 2019", "ngày 5 tháng 3 năm 19",
        "ngày05 tháng 3 năm 2019", "ngày 5 tháng 3", "Đồng Hới ngày 5 tháng 3 năm 2019", "ngày 5 tháng 3 năm 2019 lúc 8 giờ",
        "ngày 5 tháng 3 năm 2019.", "ngày 005 tháng 3 năm 2019", "ngày 5 tháng 3 năm 20190", "hôm nay", "ngày", "ngáy 5 tháng 3 năm 2019",
        "ngày 5 thàng 3 năm 2019", "ngày 5 tháng 3 nam2019", "ngày 5/3/2019", "Đồng Hới, ",
    ])
    func vietnameseLongFormRefusals(_ input: String) throws {
        let failure = try #require(applied(rule(["vietnamese"]), input).failure)
        #expect(failure.reason == .invalidDate)
        #expect(failure.detail == "not a valid date in any accepted format (vietnamese)")
    }

    @Test(arguments: [
        ("d/M/yy", 50, "5/3/19", "2019-03-05"), ("d/M/yy", 50, "5/3/49", "2049-03-05"), ("d/M/yy", 50, "5/3/50", "1950-03-05"),
        ("d/M/yy", 50, "5/3/99", "1999-03-05"), ("d/M/yy", 50, "5/3/00", "2000-03-05"), ("d/M/yy", 0, "5/3/00", "1900-03-05"),
        ("d/M/yy", 100, "5/3/99", "2099-03-05"), ("d/M/yy", 30, "5/3/29", "2029-03-05"), ("d/M/yy", 30, "5/3/30", "1930-03-05"),
        ("dd/MM/yy HH:mm", 50, "29/02/24 08:30", "2024-02-29T08:30:00"), ("yyMMdd", 50, "190305", "2019-03-05"),
    ])
    func twoDigitYears(_ format: String, _ pivot: Int, _ input: String, _ expected: String) throws {
        let r = try rule([format], output: expected.count > 10 ? .timestamp : .date, pivot: pivot)
        #expect(try applied(r, input).get() == expected)
    }

    @Test(arguments: ["5/3/2019", "5/3/1", "29/02/23", "5-3-19", "5/3/19 "])
    func twoDigitYearRefusals(_ input: String) throws {
        #expect(try applied(rule(["d/M/yy"]), input).failure?.reason == .invalidDate)
    }

    @Test(arguments: [
        ("1", "1900-01-01T00:00:00"), ("59", "1900-02-28T00:00:00"), ("61", "1900-03-01T00:00:00"),
        ("367", "1901-01-01T00:00:00"), ("25569", "1970-01-01T00:00:00"), ("43529", "2019-03-05T00:00:00"),
        ("043529", "2019-03-05T00:00:00"), ("43529.5", "2019-03-05T12:00:00"), ("43529.354166666664", "2019-03-05T08:30:00"),
        ("43529.0000000115740741", "2019-03-05T00:00:00.001"), ("43529.99999999", "2019-03-05T23:59:59.999"),
        ("43529.999999999", "2019-03-06T00:00:00"), ("43529.0", "2019-03-05T00:00:00"),
        ("45658.7500000000000000000001", "2025-01-01T18:00:00"), ("2958465", "9999-12-31T00:00:00"),
        ("2958465.5", "9999-12-31T12:00:00"),
    ])
    func excelSerials(_ input: String, _ expected: String) throws {
        #expect(try applied(rule(["excel_serial"], output: .timestamp), input).get() == expected)
    }

    @Test(arguments: ["60", "60.25", "0", "0.5", "-1", "2958466", "2958465.9999999999", "43529.", ".5", "43529,5", "1e5",
                      "43529.5 ", " 43529", "+43529", "123456789", "43529.5.5", "4352a"])
    func excelSerialRefusals(_ input: String) throws {
        let failure = try #require(applied(rule(["excel_serial"]), input).failure)
        #expect(failure.reason == .invalidDate)
    }

    @Test(arguments: [
        ("2019-03-05T08:30:00+0700", "2019-03-05T08:30:00+07:00"),
        ("2019-03-05T08:30:00-05:00", "2019-03-05T08:30:00-05:00"),
        ("2019-03-05T08:30:00+05:45", "2019-03-05T08:30:00+05:45"),
        ("2019-03-05T01:30:00Z", "2019-03-05T01:30:00+00:00"),
        ("2019-03-05 08:30", "2019-03-05T08:30:00+07:00"),
        ("2019-03-05", "2019-03-05T00:00:00+07:00"),
    ])
    func iso8601KeepsItsOffsetAndDefaultsToHoChiMinh(_ input: String, _ expected: String) throws {
        #expect(try applied(rule(["iso8601"], output: .timestamptz), input).get() == expected)
    }

    @Test func theFirstFormatThatAcceptsWins() throws {
        let r = try rule(["yyyyMMdd", "excel_serial", "vietnamese", "d/M/yy", "iso8601"])
        #expect(try applied(r, "20190305").get() == "2019-03-05")
        #expect(try applied(r, "43529").get() == "2019-03-05")
        #expect(try applied(r, "Huế, ngày 5 tháng 3 năm 2019").get() == "2019-03-05")
        #expect(try applied(r, "5/3/19").get() == "2019-03-05")
        #expect(try applied(r, "2019-03-05T23:00:00Z").get() == "2019-03-05")
        #expect(try applied(r, "hôm qua").failure?.detail
            == "not a valid date in any accepted format (yyyyMMdd, excel_serial, vietnamese, d/M/yy, iso8601)")
    }

    // MARK: checks

    @Test(arguments: [
        ("2025-06-01", nil), ("2025-06-01T23:59:59+07:00", nil), ("2025-06-01T23:59:59-12:00", nil),
        ("1900-01-01", nil), ("2025-06-02", "2025-06-02 is in the future (today is 2025-06-01; not_future)"),
        ("9999-12-31", "9999-12-31 is in the future (today is 2025-06-01; not_future)"),
        ("1899-12-31", "1899-12-31 is before the earliest accepted date, 1900-01-01 (min)"),
        ("0001-01-01T00:00:00Z", "0001-01-01 is before the earliest accepted date, 1900-01-01 (min)"),
    ] as [(String, String?)])
    func notFutureAndMin(_ input: String, _ problem: String?) throws {
        let r = try rule(["iso8601"], output: .timestamptz, min: "1900-01-01", today: "2025-06-01")
        switch applied(r, input) {
        case .success: #expect(problem == nil)
        case .failure(let failure):
            #expect(failure.reason == .dateOutOfRange)
            #expect(failure.reason.rawValue == "date_out_of_range")
            #expect(failure.detail == problem)
            #expect(!failure.flagOnly)
        }
    }

    @Test func maxIsInclusive() throws {
        let r = try rule(["d/M/yyyy"], min: "2000-01-01", max: "2020-12-31")
        #expect(try applied(r, "31/12/2020").get() == "2020-12-31")
        #expect(try applied(r, "1/1/2000").get() == "2000-01-01")
        #expect(try applied(r, "1/1/2021").failure?.detail == "2021-01-01 is after the latest accepted date, 2020-12-31 (max)")
        #expect(try applied(r, "31/12/1999").failure?.reason == .dateOutOfRange)
    }

    @Test func checksApplyToEveryForm() throws {
        let r = try rule(["vietnamese", "excel_serial", "d/M/yy"], min: "1950-01-01", today: "2025-06-01")
        #expect(try applied(r, "ngày 5 tháng 3 năm 1949").failure?.reason == .dateOutOfRange)
        #expect(try applied(r, "ngày 5 tháng 3 năm 2026").failure?.reason == .dateOutOfRange)
        #expect(try applied(r, "1").failure?.reason == .dateOutOfRange)
        #expect(try applied(r, "5/3/49").failure?.detail == "2049-03-05 is in the future (today is 2025-06-01; not_future)")
        #expect(try applied(r, "5/3/50").get() == "1950-03-05")
    }

    @Test func flagLeavesTheValueForBothFailures() throws {
        let r = try rule(["d/M/yyyy"], onInvalid: .flag, today: "2025-06-01")
        let future = try #require(applied(r, "5/3/2030").failure)
        #expect(future.flagOnly && future.reason == .dateOutOfRange)
        let invalid = try #require(applied(r, "31/2/2020").failure)
        #expect(invalid.flagOnly && invalid.reason == .invalidDate)
    }

    @Test func anUnparseableValueIsInvalidEvenWithChecks() throws {
        let r = try rule(["d/M/yyyy"], min: "1900-01-01", today: "2025-06-01")
        #expect(try applied(r, "31/2/2020").failure?.reason == .invalidDate)
        #expect(try applied(r, "1/1/1800x").failure?.reason == .invalidDate)
    }

    @Test func todayComesFromTheSystemClockInTheRulesZone() {
        for zone in [420, 0, -600, 14 * 60] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: zone * 60)!
            let parts = calendar.dateComponents([.year, .month, .day], from: Date())
            let today = DateRule.systemToday(zoneMinutes: zone)
            #expect((today.year, today.month, today.day) == (parts.year!, parts.month!, parts.day!))
        }
    }

    @Test func civilDatesRoundTrip() async {
        await propertyCheck(count: 500, input: Gen.int(in: -719_162...2_932_896)) { days in
            let d = DatePattern.civil(fromDays: Int64(days))
            #expect(d.isValid)
            #expect(d.daysSince1970 == Int64(days))
        }
    }

    // MARK: idempotence

    @Test func isIdempotentOnItsOwnOutputForEveryFormAndOutput() async throws {
        let formats = ["dd/MM/yyyy HH:mm:ss", "d/M/yy", "vietnamese", "excel_serial", "iso8601"]
        let gen = zip(Gen.int(in: 0...4), Gen.int(in: 1...2_958_465), Gen.int(in: 0...86_399_999), Gen.int(in: -(14 * 60)...(14 * 60)))
        func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: Swift.max(0, w - String(n).count)) + String(n) }
        await propertyCheck(count: 600, input: gen) { (form, serial, millis, offset) in
            let d = DatePattern.civil(fromDays: Int64(serial - (serial < 60 ? 25_568 : 25_569)))
            guard serial != 60 else { return }
            let (h, mi, s) = (millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60)
            let input: String
            switch form {
            case 0: input = "\(pad(d.day, 2))/\(pad(d.month, 2))/\(pad(d.year, 4)) \(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))"
            case 1: input = "\(d.day)/\(d.month)/\(pad(d.year % 100, 2))"
            case 2: input = "Quảng Bình, ngày \(d.day) tháng \(d.month) năm \(pad(d.year, 4))"
            case 3: input = "\(serial).\(pad(millis, 8))"
            default:
                input = "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(millis % 1000, 3))"
                    + (offset < 0 ? "-" : "+") + pad(abs(offset) / 60, 2) + ":" + pad(abs(offset) % 60, 2)
            }
            for output in DateRule.Output.allCases {
                // Only the one format, so the second pass reads the rule's own output form.
                let r = try! rule([formats[form]], output: output)
                var v: String? = input
                #expect(r.apply(&v) == nil, "\(input)")
                let once = v
                #expect(r.apply(&v) == nil, "\(once ?? "nil") (\(output))")
                #expect(v == once)
                let type: ColumnType = output == .date ? .date : output == .timestamp ? .timestamp : .timestamptz
                #expect(TypeChecker.check(v!, as: type) == nil, "\(v!)")
            }
        }
    }
}
