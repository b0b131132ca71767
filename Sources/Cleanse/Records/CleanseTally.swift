/// The per-field and per-rule counters behind ``CleanseStats``, in one flat buffer that the
/// cleanser bumps in place (no copy-on-write check per count). A `RecordCleanser` copies it
/// before writing when it is shared.
final class CleanseTally {
    /// A field's counters, in this order from the field's first slot.
    enum FieldCount: Int {
        case records, filledBefore, filledAfter, missing, invalidType, unchanged, flaggedRecords, rejectedRecords
    }

    /// A rule's counters, in this order from the rule's first slot.
    enum RuleCount: Int {
        case seen, changed, flagged, rejected
    }

    /// Slots per field (the cases of `FieldCount`) and per rule (of `RuleCount`).
    static let fieldWidth = 8, ruleWidth = 4

    let fields: Int
    let rules: Int
    /// `fields` × `fieldWidth`, then `rules` × `ruleWidth`.
    let counts: UnsafeMutablePointer<Int>
    private let size: Int

    /// Zeroed counters for `fields` fields and `rules` rules.
    init(fields: Int, rules: Int) {
        self.fields = fields
        self.rules = rules
        size = max(1, fields * Self.fieldWidth + rules * Self.ruleWidth)
        counts = .allocate(capacity: size)
        counts.initialize(repeating: 0, count: size)
    }

    deinit { counts.deallocate() }

    /// A tally with the same counts.
    func copy() -> CleanseTally {
        let c = CleanseTally(fields: fields, rules: rules)
        c.counts.update(from: counts, count: size)
        return c
    }

    /// The slot of count `k` of field `c`.
    @inline(__always)
    func slot(_ c: Int, _ k: FieldCount) -> Int { c &* Self.fieldWidth &+ k.rawValue }

    /// The slot of count `k` of rule `r` (its index in the cleanser's rule list).
    @inline(__always)
    func slot(rule r: Int, _ k: RuleCount) -> Int { fields &* Self.fieldWidth &+ r &* Self.ruleWidth &+ k.rawValue }

    /// Adds one to count `k` of field `c`.
    @inline(__always)
    func bump(_ c: Int, _ k: FieldCount, by n: Int = 1) { counts[slot(c, k)] &+= n }

    /// Adds one to count `k` of rule `r`.
    @inline(__always)
    func bump(rule r: Int, _ k: RuleCount) { counts[slot(rule: r, k)] &+= 1 }

    /// Count `k` of field `c`.
    func count(_ c: Int, _ k: FieldCount) -> Int { counts[slot(c, k)] }

    /// Count `k` of rule `r`.
    func count(rule r: Int, _ k: RuleCount) -> Int { counts[slot(rule: r, k)] }
}
