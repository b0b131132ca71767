@testable import Cleanse
import Core
import PropertyBased
import Testing

/// `map`, `pattern`, `range`, `one_of`: vocabularies and validation, compiled from pipeline-file
/// text so the option errors are checked at their positions too.
@Suite struct ValidationRuleTests {
    /// Compiles the rule list of field `f` in a minimal pipeline whose cleanse section is `rules`.
    func compile(_ rules: String) -> (rules: [any FieldRule], log: DiagnosticLog) {
        let (spec, log) = parseFieldRules(rules)
        guard let spec else { return ([], log) }
        let plan = CleansePlan.compile(spec, log: log)
        return (plan.rules["f"] ?? [], log)
    }

    func apply(_ rules: [any FieldRule], _ value: String?) -> (String?, RuleFailure?) {
        var v = value
        for r in rules {
            if let f = r.apply(&v) { return (v, f) }
        }
        return (v, nil)
    }

    static let statuses = """
        [trim, { map: { values: { DA_TRA_KQ: completed, "Đã trả kết quả": completed, DANG_XU_LY: processing, "1": received }, reason: unmapped_status } }]
        """

    @Test(arguments: [
        ("DA_TRA_KQ", "completed"), (" Đã trả kết quả ", "completed"), ("1", "received"), ("completed", "completed"),
        ("processing", "processing"),
    ])
    func legacyCodesMapToTheNationalOnes(_ input: String, _ expected: String) {
        let (rules, log) = compile(Self.statuses)
        #expect(log.diagnostics.isEmpty, "\(log.diagnostics)")
        let (v, failure) = apply(rules, input)
        #expect(failure == nil)
        #expect(v == expected)
    }

    @Test func anUnmappedValueIsAQuarantineReasonNotANull() {
        let (rules, _) = compile(Self.statuses)
        let (_, failure) = apply(rules, "CHO_DUYET")
        #expect(failure?.reason.rawValue == "unmapped_status")
        #expect(failure?.flagOnly == false)
        #expect(failure?.detail == "'CHO_DUYET' is not in the vocabulary; expected one of: 1, DANG_XU_LY, DA_TRA_KQ, Đã trả kết quả")
        #expect(apply(rules, nil).1 == nil)
    }

    @Test func caseInsensitiveMapsAndFlagOnlyKeepsTheValue() {
        let (rules, log) = compile("[{ map: { values: { qua_buu_chinh: post }, case_insensitive: true, on_invalid: flag } }]")
        #expect(log.diagnostics.isEmpty)
        #expect(apply(rules, "QUA_BUU_CHINH").0 == "post")
        let (v, failure) = apply(rules, "fax")
        #expect(v == "fax" && failure?.flagOnly == true && failure?.reason == .unmappedValue)
    }

    @Test func mapIsIdempotent() async {
        let (rules, _) = compile(Self.statuses)
        let pool = ["DA_TRA_KQ", "Đã trả kết quả", "DANG_XU_LY", "1", "completed", "x", "", " 1 "]
        await propertyCheck(count: 200, input: Gen.int(in: 0...7)) { i in
            let (once, f1) = apply(rules, pool[i])
            guard f1 == nil else { return }
            let (twice, f2) = apply(rules, once)
            #expect(f2 == nil && twice == once)
        }
    }

    @Test func patternsRangesAndListsValidate() {
        let (p, _) = compile(#"[{ pattern: "G\\d{2}\\.\\d{2}-\\d{6}-\\d{4}" }]"#)
        #expect(apply(p, "G15.37-240102-0002").1 == nil)
        #expect(apply(p, "G15.37-240102-0002x").1?.reason == .patternMismatch)
        let (r, _) = compile("[{ range: { min: 2015-01-01, max: 2025-06-30, reason: date_out_of_range } }]")
        #expect(apply(r, "2019-03-05").1 == nil)
        #expect(apply(r, "2025-07-01T08:00:00+07:00").1?.detail == "'2025-07-01T08:00:00+07:00' is above the maximum 2025-06-30")
        #expect(apply(r, "soon").1?.reason.rawValue == "date_out_of_range")
        let (n, _) = compile("[{ range: { min: 0, max: 100 } }]")
        #expect(apply(n, "42").1 == nil)
        #expect(apply(n, "-1").1?.reason == .outOfRange)
        #expect(apply(n, "many").1?.reason == .outOfRange)
        let (o, _) = compile("[{ one_of: [nam, nữ] }]")
        #expect(apply(o, "nữ").1 == nil)
        #expect(apply(o, "khác").1?.detail == "'khác' is not one of: nam, nữ")
        let (o2, _) = compile("[{ one_of: { values: [A, B], reason: bad_kind, on_invalid: flag } }]")
        let f = apply(o2, "C").1
        #expect(f?.reason.rawValue == "bad_kind" && f?.flagOnly == true)
    }

    @Test(arguments: [
        ("[{ map: { reason: x } }]", "map options are missing the required key 'values'"),
        ("[{ pattern: \"(unclosed\" }]", "invalid regular expression '(unclosed'"),
        ("[{ range: { reason: x } }]", "range options need 'min' or 'max'"),
        ("[{ range: { min: soon } }]", "expected 'min' to be a number or a date"),
        ("[{ one_of: nam }]", "expected 'one_of' to be a list of values"),
        ("[{ map: { values: { a: b }, on_invalid: warn } }]", "expected 'on_invalid' to be one of quarantine, flag"),
    ])
    func badOptionsAreReported(_ rules: String, _ message: String) {
        let (_, log) = compile(rules)
        let hit = log.diagnostics.first { $0.message.contains(message) }
        #expect(hit != nil, "\(log.diagnostics.map(\.message))")
        #expect(hit?.location.line == 6)
    }
}
