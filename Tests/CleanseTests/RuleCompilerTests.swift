import Cleanse
import Core
import Testing

@Suite struct RuleCompilerTests {
    func problems(_ rules: String) -> [Diagnostic] {
        let (spec, log) = parseFieldRules(rules)
        if let spec { _ = CleansePlan.compile(spec, log: log) }
        return log.diagnostics
    }

    @Test func knownRulesCompile() {
        #expect(problems(#"[nfc, trim, collapse_spaces, upper, lower, { null_if: ["-"] }, { date: { formats: [iso8601] } }]"#).isEmpty)
    }

    @Test func unknownRuleIsReportedAtItsName() throws {
        let d = try #require(problems("[nfc, trim2]").first)
        #expect(d.message.hasPrefix("unknown rule 'trim2'; expected one of: nfc, trim"))
        #expect((d.location.line, d.location.column) == (6, 14))
    }

    @Test func optionsOnASimpleRuleAreRefused() throws {
        let d = try #require(problems("[{ trim: yes }]").first)
        #expect(d.message.contains("takes no options"))
        #expect((d.location.line, d.location.column) == (6, 17), "at the options")
    }

    @Test func badDateFormatIsReportedAtTheFormat() throws {
        let d = try #require(problems(#"[{ date: { formats: ["dd/MM/yyy"] } }]"#).first)
        #expect(d.message.contains("unsupported field 'yyy'"))
        #expect((d.location.line, d.location.column) == (6, 29))
    }

    @Test func unknownDateOptionIsReported() throws {
        let d = try #require(problems("[{ date: { formats: [iso8601], tz: x } }]").first)
        #expect(d.message.contains("unknown key 'tz'"))
    }
}
