@testable import Cleanse
import Core
import Foundation
import Testing

/// `DateRule.compile`: every option, and every problem at its position.
@Suite struct DateRuleCompileTests {
    private func compile(_ options: String, today: ISODateTime? = nil) -> (rule: DateRule?, problems: [Diagnostic]) {
        let (spec, log) = parseFieldRules("[\(options)]")
        guard let spec, let ruleSpec = spec.cleanse.fields.first?.rules.first else { return (nil, log.diagnostics) }
        var fixed = ISODateTime()
        (fixed.year, fixed.month, fixed.day) = (2025, 6, 1)
        return (DateRule.compile(ruleSpec, log: log, today: today ?? fixed), log.diagnostics)
    }

    private func only(_ options: String) throws -> (message: String, line: Int, column: Int) {
        let (rule, problems) = compile(options)
        #expect(rule == nil, "a rule with a problem is not compiled")
        #expect(problems.count == 1, "\(problems.map(\.message))")
        let d = try #require(problems.first)
        return (d.message, d.location.line, d.location.column)
    }

    private func apply(_ rule: DateRule?, _ s: String) -> (String?, RuleFailure?) {
        var v: String? = s
        let failure = rule?.apply(&v)
        return (v, failure)
    }

    @Test func everyOptionCompiles() throws {
        let (rule, problems) = compile("""
            { date: { formats: [vietnamese, excel_serial, "d/M/yy", iso8601], pivot: 30, zone: "+08:00", output: timestamp, \
            min: "1900-01-01", max: "2099-12-31", not_future: true, on_invalid: flag } }
            """.replacingOccurrences(of: "\n", with: ""))
        #expect(problems.isEmpty, "\(problems.map(\.message))")
        let r = try #require(rule)
        #expect(r.formats.map(\.source) == ["vietnamese", "excel_serial", "d/M/yy", "iso8601"])
        #expect(r.zoneMinutes == 480 && r.output == .timestamp && r.onInvalid == .flag)
        #expect(apply(r, "5/3/29").1?.reason == .dateOutOfRange, "2029: in the future")
        #expect(apply(r, "5/3/30").0 == "1930-03-05T00:00:00")
        let future = apply(r, "ngày 2 tháng 6 năm 2025")
        #expect(future.1 == RuleFailure(.dateOutOfRange, "2025-06-02 is in the future (today is 2025-06-01; not_future)", flagOnly: true))
    }

    @Test func theDefaultsAreHoChiMinhTimestamptzAndNoChecks() throws {
        let (rule, problems) = compile("{ date: { formats: [iso8601] } }")
        #expect(problems.isEmpty)
        let r = try #require(rule)
        #expect(r.zoneMinutes == 420 && r.output == .timestamptz && r.onInvalid == .quarantine)
        #expect(r.earliest == nil && r.latest == nil && r.today == nil)
        #expect(apply(r, "9999-12-31").0 == "9999-12-31T00:00:00+07:00")
        #expect(try #require(compile("{ date: { formats: [iso8601], zone: Asia/Ho_Chi_Minh } }").rule).zoneMinutes == 420)
        #expect(try #require(compile("{ date: { formats: [iso8601], zone: UTC } }").rule).zoneMinutes == 0)
        #expect(try #require(compile("{ date: { formats: [iso8601], zone: \"-09:30\" } }").rule).zoneMinutes == -570)
    }

    @Test func notFutureWithoutTheHookUsesTheClock() throws {
        let log = DiagnosticLog(file: "t.yml", text: "")
        let l = SourceLocation(file: "t.yml", line: 1, column: 1)
        let options = SpecNode.mapping([
            (key: "formats", keyLocation: l, value: .scalar("iso8601", l)),
            (key: "not_future", keyLocation: l, value: .scalar("true", l)),
        ], l)
        let rule = try #require(DateRule.compile(RuleSpec(name: "date", options: options, location: l), log: log) as? DateRule)
        #expect(log.diagnostics.isEmpty)
        #expect(rule.today == DateRule.systemToday(zoneMinutes: 420).daysSince1970)
        #expect(apply(rule, "9999-12-31").1?.reason == .dateOutOfRange)
        #expect(apply(rule, "2000-01-01").1 == nil)
    }

    @Test func missingOptionsAreReportedAtTheRule() throws {
        let d = try only("date")
        #expect(d.message.hasPrefix("rule 'date' needs its formats"))
        #expect((d.line, d.column) == (6, 9))
    }

    @Test(arguments: [
        // (options, message, the text at the reported position)
        ("{ date: iso8601 }", "expected date options to be a mapping, found a scalar", "iso8601"),
        ("{ date: { zone: \"+07:00\" } }", "date options are missing the required key 'formats'", "{ zone"),
        ("{ date: { formats: [] } }", "'formats' is empty; expected at least one date format", "{ formats"),
        ("{ date: { formats: [iso8601, \"dd/MM/yyy\"] } }",
         "unsupported field 'yyy' in date format 'dd/MM/yyy'; expected d, dd, M, MM, yy, yyyy, H, HH, m, mm, s, ss", "\"dd/MM/yyy\""),
        ("{ date: { formats: [excel] } }",
         "unknown letter 'e' in date format 'excel'; expected d, M, yyyy or yy, H, m, s and punctuation, or a named format (iso8601, vietnamese, excel_serial)",
         "excel"),
        ("{ date: { formats: { a: b } } }", "expected 'formats' to be a list of strings, found a mapping", "{ a"),
        ("{ date: { formats: [\"d/M/yy\"], pivot: 101 } }", "expected 'pivot' to be an integer from 0 to 100, found '101'", "101"),
        ("{ date: { formats: [\"d/M/yy\"], pivot: x } }", "expected 'pivot' to be an integer from 0 to 100, found 'x'", "x }"),
        ("{ date: { formats: [iso8601], zone: \"+7\" } }", "expected 'zone' to be a UTC offset like '+07:00', found '+7'", "\"+7\""),
        ("{ date: { formats: [iso8601], zone: \"+15:00\" } }", "expected 'zone' to be a UTC offset like '+07:00', found '+15:00'",
         "\"+15:00\""),
        ("{ date: { formats: [iso8601], zone: [a] } }", "expected 'zone' to be a UTC offset like '+07:00', found a list", "[a]"),
        ("{ date: { formats: [iso8601], output: time } }", "expected 'output' to be one of timestamptz, timestamp, date, found 'time'",
         "time"),
        ("{ date: { formats: [iso8601], on_invalid: skip } }", "expected 'on_invalid' to be one of quarantine, flag, found 'skip'", "skip"),
        ("{ date: { formats: [iso8601], not_future: yes } }", "expected 'not_future' to be true or false, found 'yes'", "yes"),
        ("{ date: { formats: [iso8601], min: \"01/01/1900\" } }", "expected 'min' to be a date like '1900-01-01', found '01/01/1900'",
         "\"01/01/1900\""),
        ("{ date: { formats: [iso8601], max: \"2020-02-30\" } }", "expected 'max' to be a date like '1900-01-01', found '2020-02-30'",
         "\"2020-02-30\""),
        ("{ date: { formats: [iso8601], min: \"1900-01-01T00:00\" } }",
         "expected 'min' to be a date like '1900-01-01', found '1900-01-01T00:00'", "\"1900-01-01T00:00\""),
        ("{ date: { formats: [iso8601], min: \"2000-01-01\", max: \"1999-12-31\" } }", "'max' (1999-12-31) is before 'min' (2000-01-01)",
         "\"1999-12-31\""),
    ])
    func problemsAreReportedAtTheirPosition(_ options: String, _ message: String, _ at: String) throws {
        let d = try only(options)
        #expect(d.message == message)
        // The rule list starts at column 9 ("    f: [").
        let offset = try #require(options.range(of: at)).lowerBound
        let column = 9 + options.unicodeScalars[..<offset].count
        #expect((d.line, d.column) == (6, column))
    }

    @Test func anUnknownKeyIsReportedAtTheKeyButTheRuleCompiles() throws {
        let (rule, problems) = compile("{ date: { formats: [iso8601], tz: x } }")
        let d = try #require(problems.first)
        #expect(d.message == "unknown key 'tz' in date options; expected one of: pivot, formats, zone, output, on_invalid, not_future, min, max")
        #expect((d.location.line, d.location.column) == (6, 39))
        #expect(rule != nil)
    }
}
