import Cleanse
import Core
import PropertyBased
import Testing

func dateRule(_ formats: [String], output: DateRule.Output = .timestamptz, zone: Int = 420) throws -> DateRule {
    try DateRule(formats: formats.map { f throws(RuleFailure) in try DatePattern(f) }, zoneMinutes: zone, output: output)
}

@Suite struct DateRuleTests {
    @Test(arguments: [
        ("02/01/2024 08:36:40", "2024-01-02T08:36:40+07:00"),
        ("2024-01-02T07:44:42+07:00", "2024-01-02T07:44:42+07:00"),
        ("2024-01-02T00:44:42Z", "2024-01-02T00:44:42+00:00"),
        ("2024-01-02 07:44", "2024-01-02T07:44:00+07:00"),
        ("2024-02-29", "2024-02-29T00:00:00+07:00"),
        ("2024-01-02T07:44:42.120+07:00", "2024-01-02T07:44:42.12+07:00"),
    ])
    func acceptedFormsBecomeISO(_ input: String, _ expected: String) throws {
        let rule = try dateRule(["dd/MM/yyyy HH:mm:ss", "iso8601"])
        var v: String? = input
        #expect(rule.apply(&v) == nil)
        #expect(v == expected)
    }

    @Test(arguments: ["31/02/2025 10:00:00", "2025-13-01T09:00:00+07:00", "hôm qua", "02/01/24 08:36:40",
                      "25/12/2024 25:00:00", "2023-02-29", "2024-01-02T07:44:42+07:00 extra"])
    func impossibleOrForeignDatesAreInvalid(_ input: String) throws {
        let rule = try dateRule(["dd/MM/yyyy HH:mm:ss", "iso8601"])
        var v: String? = input
        let failure = rule.apply(&v)
        #expect(failure?.reason == .invalidDate)
        #expect(v == input, "a refused value is left as it was")
    }

    @Test func dateOutputDropsTheTime() throws {
        let rule = try dateRule(["d/M/yyyy"], output: .date)
        var v: String? = "5/3/2019"
        #expect(rule.apply(&v) == nil)
        #expect(v == "2019-03-05")
    }

    @Test(arguments: [
        ("dd/MM/yyy", "unsupported field 'yyy' in date format 'dd/MM/yyy'; expected d, dd, M, MM, yy, yyyy, H, HH, m, mm, s, ss"),
        ("dd/MMM/yyyy", "unsupported field 'MMM' in date format 'dd/MMM/yyyy'; expected d, dd, M, MM, yy, yyyy, H, HH, m, mm, s, ss"),
        ("d/M/y", "unsupported field 'y' in date format 'd/M/y'; expected d, dd, M, MM, yy, yyyy, H, HH, m, mm, s, ss"),
        ("HH:mm", "date format 'HH:mm' needs a year (yyyy or yy), M and d"),
        ("dd/MM", "date format 'dd/MM' needs a year (yyyy or yy), M and d"),
        ("dd/MM/yyyy q", "unknown letter 'q' in date format 'dd/MM/yyyy q'; expected d, M, yyyy or yy, H, m, s and punctuation, or a named format (iso8601, vietnamese, excel_serial)"),
        ("excel", "unknown letter 'e' in date format 'excel'; expected d, M, yyyy or yy, H, m, s and punctuation, or a named format (iso8601, vietnamese, excel_serial)"),
    ])
    func badPatternsAreRefused(_ pattern: String, _ message: String) {
        #expect(throws: RuleFailure(.invalidDate, message)) { try DatePattern(pattern) }
    }

    @Test func dateRuleIsIdempotentOnItsOutput() async throws {
        let rule = try dateRule(["dd/MM/yyyy HH:mm:ss", "iso8601"])
        let gen = zip(Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...28), Gen.int(in: 0...86399))
        await propertyCheck(count: 300, input: gen) { (y, m, d, s) in
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            let yyyy = String(repeating: "0", count: 4 - String(y).count) + String(y)
            var v: String? = "\(two(d))/\(two(m))/\(yyyy) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
            #expect(rule.apply(&v) == nil)
            let once = v
            #expect(rule.apply(&v) == nil)
            #expect(v == once)
            #expect(TypeChecker.check(v!, as: .timestamptz) == nil)
        }
    }
}
