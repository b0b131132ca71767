public import Core

/// The compiled `cleanse` section: every field's rules, and the required fields.
public struct CleansePlan: Sendable {
    public let rules: [String: [any FieldRule]]
    public let required: Set<String>

    /// Compiles the rules of every field the pipeline maps; problems go to `log`.
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
        return CleansePlan(rules: rules, required: Set(spec.cleanse.required.map(\.field)))
    }
}
