/// `options` of a `jsonl` source.
public struct JSONLinesOptions: Sendable, Hashable {
    /// `max_record_bytes` (int, default 1 MiB).
    public var maxRecordBytes: Int = 1 << 20

    public init() {}
}

/// `options` of a `json` source: one JSON document holding an array of records.
public struct JSONOptions: Sendable, Hashable {
    /// `records` (dot-separated path of object keys, default empty = the top-level value): where
    /// the array of records sits, e.g. `data.items` for `{"data": {"items": [...]}}`. Fields are
    /// paths inside each record, as for `jsonl`.
    public var records: [String] = []
    /// `max_record_bytes` (int, default 1 MiB): the largest one record may be.
    public var maxRecordBytes: Int = 1 << 20

    public init() {}
}
