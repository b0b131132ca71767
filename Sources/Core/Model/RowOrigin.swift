/// Where a record came from inside its file: the line its first byte is on and that byte's offset.
///
/// The source and the file are kept once per ``Batch``, not per row.
public struct RowOrigin: Sendable, Hashable {
    /// 1-based line number of the record's first byte (a CSV record may span several lines).
    public var line: Int
    /// 0-based byte offset of the record's first byte in the decoded (decompressed) stream.
    public var byteOffset: Int64
    /// 1-based ordinal of the record within its file (header lines not counted).
    public var record: Int

    public init(line: Int, byteOffset: Int64, record: Int) {
        self.line = line
        self.byteOffset = byteOffset
        self.record = record
    }
}
