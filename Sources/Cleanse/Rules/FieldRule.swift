public import Core

/// Why a rule refused a value: a stable reason code and a detail for the quarantine row.
public struct RuleFailure: Error, Sendable, Hashable {
    public var reason: ReasonCode
    public var detail: String

    public init(_ reason: ReasonCode, _ detail: String) {
        self.reason = reason
        self.detail = detail
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
