/// A block of records read from one file of one source.
///
/// Rows are column-aligned: `rows[i][j]` is the value of `columns[j]` in record `i`, or `nil`
/// where the record has no value there (a JSON null or missing path). `origins[i]` says where
/// record `i` starts. Records the reader could not parse travel beside the rows as `rejects`,
/// so that every record read is accounted for.
public struct Batch: Sendable {
    /// The source's name, as declared in the pipeline file.
    public var source: String
    /// The file the records were read from, as the user named it (glob expanded).
    public var file: String
    /// The names of the columns the values align to: CSV header names, or JSON field paths.
    public var columns: [String]
    /// One value array per record.
    public var rows: ContiguousArray<ContiguousArray<String?>>
    /// One origin per record, parallel to `rows`.
    public var origins: ContiguousArray<RowOrigin>
    /// For readers whose records are documents (JSON Lines), the record's text kept whole,
    /// parallel to `rows`; empty for column formats, where `columns` and the row are the record.
    public var documents: ContiguousArray<String>
    /// Records that could not be read, with the reason.
    public var rejects: [Reject]

    public init(source: String, file: String, columns: [String]) {
        self.source = source
        self.file = file
        self.columns = columns
        self.rows = []
        self.origins = []
        self.documents = []
        self.rejects = []
    }

    /// Records this batch accounts for: the rows plus the rejects.
    public var recordCount: Int { rows.count + rejects.count }
}
