public import Core

/// Writes one target table's records into its staging table, through binary COPY.
///
/// Every record read for the table is staged, winners and merged ones alike, so that lineage
/// covers both; only winners carry their non-key values and a content hash.
public final class StagingWriter {
    private let stream: CopyStream
    private let keyIndexes: Set<Int>
    private let columnCount: Int
    public private(set) var staged = 0
    public private(set) var winners = 0

    init(stream: CopyStream, table: TableSpec) {
        self.stream = stream
        self.columnCount = table.columns.count
        self.keyIndexes = Set(table.key.compactMap { k in table.columns.firstIndex { $0.name == k } })
    }

    /// Stages one record.
    /// - Parameters:
    ///   - values: The record's values in the table's column order, already in the column
    ///     types' canonical text forms.
    ///   - winner: Whether this record is the one its key's row is built from; `false` for a
    ///     record merged into another with the same key.
    ///   - file: The id ``RunSession/addFile(source:name:size:)`` gave the record's file.
    ///   - sourceKey: The record's key in its source system, for lineage.
    public func append(
        values: ContiguousArray<String?>, winner: Bool, file: Int32, origin: RowOrigin, sourceKey: String?
    ) throws(LoadError) {
        precondition(values.count == columnCount, "staged record has \(values.count) values, table has \(columnCount)")
        try stream.write { out in
            BinaryCopyEncoder.beginTuple(columnCount + 6, &out)
            var hasher = RowHasher()
            for (i, v) in values.enumerated() {
                if winner {
                    hasher.add(v)
                    BinaryCopyEncoder.appendText(v, &out)
                } else if keyIndexes.contains(i) {
                    BinaryCopyEncoder.appendText(v, &out)
                } else {
                    BinaryCopyEncoder.appendNull(&out)
                }
            }
            BinaryCopyEncoder.appendBigint(winner ? hasher.value : 0, &out)
            BinaryCopyEncoder.appendBool(winner, &out)
            BinaryCopyEncoder.appendInt(file, &out)
            BinaryCopyEncoder.appendBigint(Int64(origin.line), &out)
            BinaryCopyEncoder.appendBigint(origin.byteOffset, &out)
            BinaryCopyEncoder.appendText(sourceKey, &out)
        }
        staged += 1
        if winner { winners += 1 }
    }
}
