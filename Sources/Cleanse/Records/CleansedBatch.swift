public import Core

/// A batch after cleansing: the kept records in their table's column order, and the rejects.
public struct CleansedBatch: Sendable {
    public var source: String
    public var file: String
    /// Values in the target table's column order, in canonical text form.
    public var rows: ContiguousArray<ContiguousArray<String?>> = []
    public var origins: ContiguousArray<RowOrigin> = []
    /// Each kept record's key in its source system (the source's `key` column).
    public var sourceKeys: ContiguousArray<String?> = []
    /// Records refused by the reader or by a rule, with their reason.
    public var rejects: [Reject] = []

    public init(source: String, file: String) {
        self.source = source
        self.file = file
    }
}
