public import Core

/// The compiled `cleanse` section: every field's rules, the required fields, and the
/// record-level steps (`ids`, `units`, `derive`, `checks`).
public struct CleansePlan: Sendable {
    public let rules: [String: [any FieldRule]]
    public let required: Set<String>
    /// `derive`: field -> (the field it starts from, its rules).
    let derive: [(field: String, from: String, rules: [any FieldRule])]
    let checks: [CheckSpec]
    let ids: [IDStep]
    let units: [UnitStep]
    /// The run's date, `yyyy-MM-dd` in Asia/Ho_Chi_Minh, for `today` in checks.
    public var today: String

    /// Compiles the rules of every field the pipeline maps and the record-level steps; problems
    /// go to `log`.
    public static func compile(_ spec: PipelineSpec, log: DiagnosticLog) -> CleansePlan {
        var rules: [String: [any FieldRule]] = [:]
        var compiledDefault: [any FieldRule]?
        for field in spec.fields {
            let own = spec.cleanse.fields.first { $0.field == field }
            if let own {
                rules[field] = own.rules.compactMap { RuleCompiler.compile($0, log: log) }
            } else {
                if compiledDefault == nil {
                    compiledDefault = spec.cleanse.defaultRules.compactMap { RuleCompiler.compile($0, log: log) }
                }
                rules[field] = compiledDefault
            }
        }
        if spec.fields.isEmpty {
            _ = spec.cleanse.defaultRules.compactMap { RuleCompiler.compile($0, log: log) }
        }
        let derive = spec.cleanse.derive.map { d in
            (field: d.field, from: d.from, rules: d.rules.compactMap { RuleCompiler.compile($0, log: log) })
        }
        // Checks are compiled per table later; here every one is checked against every field.
        let known = spec.fields + spec.cleanse.producedFields
        for check in spec.cleanse.checks {
            for (text, loc) in [(check.expect, check.expectLocation), (check.when, check.whenLocation)] {
                guard let text, let loc else { continue }
                do throws(CheckExpression.ParseError) {
                    _ = try CheckExpression.compile(text, column: { known.firstIndex(of: $0) })
                } catch {
                    log.error("in condition '\(text)': \(error.message)", at: loc)
                }
            }
        }
        return CleansePlan(rules: rules, required: Set(spec.cleanse.required.map(\.field)), derive: derive,
                           checks: spec.cleanse.checks, ids: spec.cleanse.ids, units: spec.cleanse.units,
                           today: Self.todayInVietnam())
    }

    /// Today's date at UTC+07:00, `yyyy-MM-dd`.
    static func todayInVietnam() -> String {
        let d = DateRule.systemToday(zoneMinutes: 7 * 60)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(d.year)-\(two(d.month))-\(two(d.day))"
    }
}
