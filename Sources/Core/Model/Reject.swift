/// A record set aside for quarantine: where it came from, why, and the record itself.
public struct Reject: Sendable, Hashable {
    public var source: String
    public var file: String
    public var origin: RowOrigin
    public var reason: ReasonCode
    /// The pipeline field (or source column) the reason is about, when there is one.
    public var field: String?
    /// A human-readable detail. May hold record values: reports must mask it.
    public var detail: String
    /// The original record kept whole, as a JSON document (object or string).
    public var original: String

    public init(
        source: String, file: String, origin: RowOrigin, reason: ReasonCode,
        field: String? = nil, detail: String, original: String
    ) {
        self.source = source
        self.file = file
        self.origin = origin
        self.reason = reason
        self.field = field
        self.detail = detail
        self.original = original
    }
}
