public import Core

/// Builds rules from their pipeline-file form, reporting unknown names and bad options at
/// their position.
public enum RuleCompiler {
    private typealias Compile = @Sendable (RuleSpec, DiagnosticLog) -> (any FieldRule)?

    /// Every rule a pipeline file may use, in the order error messages list them.
    private static let compilers: [(name: String, compile: Compile)] = [
        ("nfc", simple(NFCRule())), ("trim", simple(TrimRule())), ("collapse_spaces", simple(CollapseSpacesRule())),
        ("upper", simple(CaseRule(upper: true))), ("lower", simple(CaseRule(upper: false))),
        ("null_if", compileNullIf), ("date", DateRule.compile), ("map", VocabularyRule.compile),
        ("pattern", PatternRule.compile), ("range", RangeRule.compile), ("one_of", OneOfRule.compile),
        ("phone", PhoneRule.compile), ("citizen_id", CitizenIDRule.compile), ("tone", ToneRule.compile),
        ("person_name", PersonNameRule.compile), ("fold", FoldRule.compile),
    ]

    /// The rule names a pipeline file may use.
    public static let names = compilers.map(\.name)

    /// Compiles `spec`; on a problem, logs it and returns `nil`.
    public static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let entry = compilers.first(where: { $0.name == spec.name }) else {
            log.error("unknown rule '\(spec.name)'; expected one of: \(names.joined(separator: ", "))", at: spec.location)
            return nil
        }
        return entry.compile(spec, log)
    }

    /// A rule without options.
    private static func simple(_ rule: any FieldRule) -> Compile {
        { spec, log in
            if let options = spec.options {
                log.error("rule '\(spec.name)' takes no options; write it as '- \(spec.name)'", at: options.location)
                return nil
            }
            return rule
        }
    }

    private static func compileNullIf(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else {
            log.error("rule 'null_if' needs the list of values that mean no value, e.g. '{ null_if: [\"NULL\", \"-\"] }'",
                      at: spec.location)
            return nil
        }
        guard case .sequence(let items, _) = options else {
            log.error("expected 'null_if' to be a list of strings, found \(options.kindName)", at: options.location)
            return nil
        }
        var values = Set<String>()
        for item in items {
            guard let s = item.scalar else {
                log.error("expected 'null_if' to list strings, found \(item.kindName)", at: item.location)
                return nil
            }
            values.insert(s)
        }
        return NullIfRule(values: values)
    }
}
