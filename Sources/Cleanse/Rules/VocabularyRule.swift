public import Core

extension ReasonCode {
    /// A value a `map` rule's vocabulary does not know.
    public static let unmappedValue = ReasonCode(rawValue: "unmapped_value")
}

/// `map`: a legacy vocabulary (status codes, channels) onto the national one, by a table in
/// the pipeline file. A value that is already one of the table's targets passes unchanged (so
/// the rule is idempotent); any other value the table does not list is refused with the
/// rule's reason, never turned into a null.
///
/// ```yaml
/// status: [trim, { map: { values: { DA_TRA_KQ: completed, "Đã trả kết quả": completed },
///                         reason: unmapped_status, case_insensitive: true } }]
/// ```
/// - Complexity: O(1) per value (hash lookup).
struct VocabularyRule: FieldRule {
    let name = "map"
    let table: [String: String]
    let targets: Set<String>
    let reason: ReasonCode
    let caseInsensitive: Bool
    let onInvalid: OnInvalid

    init(table: [String: String], reason: ReasonCode, caseInsensitive: Bool, onInvalid: OnInvalid) {
        self.caseInsensitive = caseInsensitive
        self.table = caseInsensitive
            ? Dictionary(table.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }) : table
        self.targets = Set(table.values)
        self.reason = reason
        self.onInvalid = onInvalid
        fastTargets = NFCByteList(targets)
        let entries = caseInsensitive ? [] : Array(self.table)
        fastKeys = NFCByteList(entries.map(\.key))
        fastValues = entries.map(\.value)
    }

    /// `targets` and, when matching is case-sensitive, the table's keys (with their values in
    /// `fastValues`), as NFC bytes: lookups without hashing for values in NFC.
    private let fastTargets: NFCByteList
    private let fastKeys: NFCByteList
    private let fastValues: [String]

    func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        if let i = fastTargets.index(of: v) {
            if i >= 0 { return nil }
        } else if targets.contains(v) {
            return nil
        }
        if !caseInsensitive, let i = fastKeys.index(of: v) {
            if i >= 0 {
                value = fastValues[i]
                return nil
            }
        } else if let mapped = table[caseInsensitive ? v.lowercased() : v] {
            value = mapped
            return nil
        }
        let known = table.keys.sorted().prefix(8).joined(separator: ", ")
        return RuleFailure(reason, "'\(v)' is not in the vocabulary; expected one of: \(known)\(table.count > 8 ? ", ..." : "")",
                           flagOnly: onInvalid == .flag)
    }

    static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else {
            log.error("rule 'map' needs its table, e.g. '{ map: { values: { DA_TRA_KQ: completed } } }'", at: spec.location)
            return nil
        }
        var r = MappingReader(options, what: "map options", log: log)
        guard r.isMapping else { return nil }
        var table: [String: String] = [:]
        if let values = r.value("values") {
            let vr = MappingReader(values, what: "'values'", log: log)
            for entry in vr.entries {
                guard let target = entry.value.scalar else {
                    log.error("expected the value '\(entry.key)' maps to, found \(entry.value.kindName)", at: entry.value.location)
                    continue
                }
                table[entry.key] = target
            }
            if vr.isMapping && vr.entries.isEmpty { log.error("'values' is empty; expected at least one entry", at: values.location) }
        } else {
            log.error("map options are missing the required key 'values'", at: options.location)
        }
        let reason = r.string("reason") ?? ReasonCode.unmappedValue.rawValue
        let caseInsensitive = r.bool("case_insensitive", default: false)
        let onInvalid = OnInvalid(rawValue: r.choice("on_invalid", OnInvalid.allCases.map(\.rawValue), default: "quarantine"))
            ?? .quarantine
        r.finish()
        return VocabularyRule(table: table, reason: ReasonCode(rawValue: reason), caseInsensitive: caseInsensitive,
                              onInvalid: onInvalid)
    }
}
