public import Core

extension ReasonCode {
    public static let patternMismatch = ReasonCode(rawValue: "pattern_mismatch")
    public static let outOfRange = ReasonCode(rawValue: "out_of_range")
    public static let notAllowed = ReasonCode(rawValue: "not_allowed")
}

/// Options shared by the validation rules: `reason` and `on_invalid`, in the long form
/// `{ rule: { ..., reason: code, on_invalid: flag } }`.
private struct ValidationOptions {
    var reason: ReasonCode
    var onInvalid: OnInvalid = .quarantine

    static func read(_ r: inout MappingReader, defaultReason: ReasonCode) -> ValidationOptions {
        ValidationOptions(
            reason: ReasonCode(rawValue: r.string("reason") ?? defaultReason.rawValue),
            onInvalid: OnInvalid(rawValue: r.choice("on_invalid", OnInvalid.allCases.map(\.rawValue), default: "quarantine"))
                ?? .quarantine)
    }
}

/// `pattern`: the whole value must match a regular expression (Swift `Regex` syntax).
/// `{ pattern: "G\\d{2}\\.\\d+-\\d{6}-\\d{4}" }` or `{ pattern: { regex: ..., reason: ..., on_invalid: flag } }`.
struct PatternRule: FieldRule, @unchecked Sendable {
    let name = "pattern"
    let source: String
    let regex: Regex<AnyRegexOutput>
    let reason: ReasonCode
    let onInvalid: OnInvalid

    func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        if (try? regex.wholeMatch(in: v)) != nil { return nil }
        return RuleFailure(reason, "'\(v)' does not match the pattern \(source)", flagOnly: onInvalid == .flag)
    }

    static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else {
            log.error("rule 'pattern' needs a regular expression, e.g. '{ pattern: \"\\\\d{12}\" }'", at: spec.location)
            return nil
        }
        var text: String?
        var textLocation = options.location
        var extra = ValidationOptions(reason: .patternMismatch)
        if let s = options.scalar {
            text = s
        } else {
            var r = MappingReader(options, what: "pattern options", log: log)
            text = r.string("regex", required: true)
            textLocation = r.value("regex")?.location ?? options.location
            extra = ValidationOptions.read(&r, defaultReason: .patternMismatch)
            r.finish()
        }
        guard let text else { return nil }
        do {
            return PatternRule(source: text, regex: try Regex(text), reason: extra.reason, onInvalid: extra.onInvalid)
        } catch {
            log.error("invalid regular expression '\(text)': \(error)", at: textLocation)
            return nil
        }
    }
}

/// `range`: a number or an ISO 8601 date/time between `min` and `max` (either may be left out).
/// A value that is not a number or a date is refused too.
struct RangeRule: FieldRule {
    let name = "range"
    /// The bounds, read as dates or numbers once.
    let min: CheckExpression.Scalar?
    let max: CheckExpression.Scalar?
    let reason: ReasonCode
    let onInvalid: OnInvalid

    func apply(_ value: inout String?) -> RuleFailure? {
        guard let text = value else { return nil }
        let v = CheckExpression.Scalar(text)
        if let min, CheckExpression.compare(v, min) < 0 || !Self.sameKind(v, min) {
            return RuleFailure(reason, "'\(text)' is below the minimum \(min.text)", flagOnly: onInvalid == .flag)
        }
        if let max, CheckExpression.compare(v, max) > 0 || !Self.sameKind(v, max) {
            return RuleFailure(reason, "'\(text)' is above the maximum \(max.text)", flagOnly: onInvalid == .flag)
        }
        return nil
    }

    /// Both numbers, or both dates: a text value never counts as within a numeric range.
    static func sameKind(_ a: CheckExpression.Scalar, _ bound: CheckExpression.Scalar) -> Bool {
        bound.number != nil ? a.number != nil : (a.date != nil && bound.date != nil)
    }

    static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else {
            log.error("rule 'range' needs 'min' and/or 'max', e.g. '{ range: { min: 0, max: 100 } }'", at: spec.location)
            return nil
        }
        var r = MappingReader(options, what: "range options", log: log)
        guard r.isMapping else { return nil }
        let min = r.string("min")
        let max = r.string("max")
        let extra = ValidationOptions.read(&r, defaultReason: .outOfRange)
        r.finish()
        if min == nil && max == nil { log.error("range options need 'min' or 'max'", at: options.location) }
        let bounds = [min, max].map { $0.map(CheckExpression.Scalar.init) }
        for (bound, key) in zip(bounds, ["min", "max"]) {
            guard let bound, bound.number == nil && bound.date == nil else { continue }
            log.error("expected '\(key)' to be a number or a date such as 2019-03-05, found '\(bound.text)'", at: options.location)
        }
        return RangeRule(min: bounds[0], max: bounds[1], reason: extra.reason, onInvalid: extra.onInvalid)
    }
}

/// `one_of`: the value must be one of a list. `{ one_of: [nam, nữ] }` or
/// `{ one_of: { values: [...], reason: invalid_gender, on_invalid: flag } }`.
struct OneOfRule: FieldRule {
    let name = "one_of"
    let values: Set<String>
    let reason: ReasonCode
    let onInvalid: OnInvalid
    /// `values` as NFC bytes, for values in NFC.
    private let fast: NFCByteList

    init(values: Set<String>, reason: ReasonCode, onInvalid: OnInvalid) {
        self.values = values
        self.reason = reason
        self.onInvalid = onInvalid
        fast = NFCByteList(values)
    }

    func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        if let i = fast.index(of: v) {
            if i >= 0 { return nil }
        } else if values.contains(v) {
            return nil
        }
        return RuleFailure(reason, "'\(v)' is not one of: \(values.sorted().joined(separator: ", "))", flagOnly: onInvalid == .flag)
    }

    static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else {
            log.error("rule 'one_of' needs the list of allowed values, e.g. '{ one_of: [nam, nữ] }'", at: spec.location)
            return nil
        }
        var list: [SpecNode] = []
        var extra = ValidationOptions(reason: .notAllowed)
        switch options {
        case .sequence(let items, _):
            list = items
        case .mapping:
            var r = MappingReader(options, what: "one_of options", log: log)
            if case .sequence(let items, _)? = r.value("values") { list = items } else {
                log.error("one_of options need 'values', a list", at: options.location)
            }
            extra = ValidationOptions.read(&r, defaultReason: .notAllowed)
            r.finish()
        case .scalar:
            log.error("expected 'one_of' to be a list of values, found a scalar", at: options.location)
            return nil
        }
        var values = Set<String>()
        for item in list {
            guard let s = item.scalar else {
                log.error("expected 'one_of' to list values, found \(item.kindName)", at: item.location)
                continue
            }
            values.insert(s)
        }
        return OneOfRule(values: values, reason: extra.reason, onInvalid: extra.onInvalid)
    }
}
