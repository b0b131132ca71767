public import Core

/// A batch after cleansing: the kept records in their table's column order, and the rejects.
public struct CleansedBatch: Sendable {
    public var source: String
    public var file: String
    /// The kept records' values, in canonical text form: record after record, `width` values
    /// each in the target table's column order (see `rows`).
    public var values: ContiguousArray<String?> = []
    /// Values per record: the target table's columns.
    public var width = 0
    /// The kept records.
    public var rowCount = 0
    /// The kept records, each its values (`values` cut every `width`).
    public var rows: Rows { Rows(values: values, width: width, count: rowCount) }
    public var origins: ContiguousArray<RowOrigin> = []
    /// Each kept record's key in its source system (the source's `key` column).
    public var sourceKeys: ContiguousArray<String?> = []
    /// Per kept record: which columns cleansing changed (bit `c` for table column `c`; columns
    /// past the 64th are not tracked), for lineage.
    public var changedColumns: ContiguousArray<UInt64> = []
    /// The values as read of the changed columns, record after record, in column order: record
    /// `i`'s are the next `changedColumns[i].nonzeroBitCount` values.
    public var originalValues: ContiguousArray<String?> = []
    /// Records refused by the reader or by a rule, with their reason.
    public var rejects: [Reject] = []
    /// Values a rule only flagged: the record is kept (row `row` of `rows`), the value as read.
    public var flags: [Flag] = []

    /// A flagged value of a kept record.
    public struct Flag: Sendable, Hashable {
        /// Index into `rows` / `origins`.
        public var row: Int
        public var field: String
        public var reason: ReasonCode
        public var detail: String
    }

    public init(source: String, file: String) {
        self.source = source
        self.file = file
    }

    /// The kept records of a batch, each a ``RecordValues`` of the batch's one value array.
    public struct Rows: RandomAccessCollection, Sendable {
        let values: ContiguousArray<String?>
        let width: Int
        public let count: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(i: Int) -> RecordValues {
            precondition(i >= 0 && i < count, "row \(i) of \(count)")
            return RecordValues(values, base: i * width, count: width)
        }
    }
}
