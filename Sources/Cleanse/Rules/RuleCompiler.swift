public import Core

/// Builds rules from their pipeline-file form, reporting unknown names and bad options at
/// their position.
public enum RuleCompiler {
    /// The rule names a pipeline file may use.
    public static let names = ["nfc", "trim", "collapse_spaces", "upper", "lower", "null_if", "date",
                               "map", "pattern", "range", "one_of", "phone", "citizen_id", "tone", "person_name", "fold"]

    /// Compiles `spec`; on a problem, logs it and returns `nil`.
    public static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        let simple: [String: any FieldRule] = [
            "nfc": NFCRule(), "trim": TrimRule(), "collapse_spaces": CollapseSpacesRule(),
            "upper": CaseRule(upper: true), "lower": CaseRule(upper: false),
        ]
        if let rule = simple[spec.name] {
            if let options = spec.options {
                log.error("rule '\(spec.name)' takes no options; write it as '- \(spec.name)'", at: options.location)
                return nil
            }
            return rule
        }
        switch spec.name {
        case "null_if":
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
        case "date":
            return DateRule.compile(spec, log: log)
        case "tone":
            return ToneRule.compile(spec, log: log)
        case "person_name":
            return PersonNameRule.compile(spec, log: log)
        case "fold":
            return FoldRule.compile(spec, log: log)
        case "map":
            return VocabularyRule.compile(spec, log: log)
        case "pattern":
            return PatternRule.compile(spec, log: log)
        case "range":
            return RangeRule.compile(spec, log: log)
        case "one_of":
            return OneOfRule.compile(spec, log: log)
        case "phone":
            return PhoneRule.compile(spec, log: log)
        case "citizen_id":
            return CitizenIDRule.compile(spec, log: log)
        default:
            log.error("unknown rule '\(spec.name)'; expected one of: \(names.joined(separator: ", "))", at: spec.location)
            return nil
        }
    }
}
