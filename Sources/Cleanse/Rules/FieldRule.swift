public import Core

/// Why a rule refused or doubted a value: a stable reason code and a detail for the
/// quarantine or flag row.
public struct RuleFailure: Error, Sendable, Hashable {
    public var reason: ReasonCode
    public var detail: String
    /// `false`: the record is quarantined. `true`: the value is only flagged: the rule leaves it
    /// as it was, the record is loaded, and the flag is counted and recorded with its reason.
    public var flagOnly: Bool

    public init(_ reason: ReasonCode, _ detail: String, flagOnly: Bool = false) {
        self.reason = reason
        self.detail = detail
        self.flagOnly = flagOnly
    }
}

/// A standardizer: a pure function on one field's value, applied in place.
///
/// Rules are idempotent: applying a rule to its own output changes nothing.
public protocol FieldRule: Sendable {
    /// The rule's name in pipeline files.
    var name: String { get }
    /// Rewrites `value`, or says why the record cannot be kept. `nil` is "no value".
    func apply(_ value: inout String?) -> RuleFailure?
}
