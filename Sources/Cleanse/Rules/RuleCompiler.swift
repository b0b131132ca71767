public import Core

/// Builds rules from their pipeline-file form, reporting unknown names and bad options at
/// their position.
public enum RuleCompiler {
    /// The rule names a pipeline file may use.
    public static let names = ["nfc", "trim", "collapse_spaces", "upper", "lower", "null_if", "date",
                               "map", "pattern", "range", "one_of", "phone", "citizen_id"]

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
            return compileDate(spec, log: log)
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

    private static func compileDate(_ spec: RuleSpec, log: DiagnosticLog) -> DateRule? {
        guard let options = spec.options else {
            log.error("rule 'date' needs its formats, e.g. '{ date: { formats: [\"dd/MM/yyyy\", iso8601] } }'", at: spec.location)
            return nil
        }
        var r = MappingReader(options, what: "date options", log: log)
        guard r.isMapping else { return nil }
        var patterns: [DatePattern] = []
        if let formats = r.strings("formats") {
            for (f, loc) in formats {
                do throws(RuleFailure) {
                    patterns.append(try DatePattern(f))
                } catch {
                    log.error(error.detail, at: loc)
                }
            }
            if formats.isEmpty { log.error("'formats' is empty; expected at least one date format", at: options.location) }
        } else {
            log.error("date options are missing the required key 'formats'", at: options.location)
        }
        var zone = 7 * 60
        if let z = r.string("zone") {
            if let minutes = parseOffset(z) {
                zone = minutes
            } else {
                log.error("expected 'zone' to be a UTC offset like '+07:00', found '\(z)'", at: r.value("zone")!.location)
            }
        }
        let output = DateRule.Output(rawValue: r.choice("output", DateRule.Output.allCases.map(\.rawValue), default: "timestamptz"))
            ?? .timestamptz
        r.finish()
        return DateRule(formats: patterns, zoneMinutes: zone, output: output)
    }

    static func parseOffset(_ s: String) -> Int? {
        if s == "Z" || s == "UTC" { return 0 }
        if s == "Asia/Ho_Chi_Minh" { return 7 * 60 }
        let b = Array(s.utf8)
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
              let h = Int(String(decoding: b[1...2], as: UTF8.self)), let m = Int(String(decoding: b[4...5], as: UTF8.self)),
              h <= 14, m < 60 else { return nil }
        return (b[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 60 + m)
    }
}
