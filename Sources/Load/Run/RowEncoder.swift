public import Core

/// A table's records encoded for the database: each row's binary COPY tuple, key bytes and
/// content hash, and the start of its lineage tuple. Made on the thread that reads and
/// cleanses, so that the strings never cross threads; the writer only moves bytes.
public struct EncodedRows: Sendable {
    var tuples: [UInt8] = []
    var tupleEnds: [Int] = []
    var keys: [UInt8] = []
    var keyEnds: [Int] = []
    var hashes: [Int64] = []
    var lineage: [UInt8] = []
    var lineageEnds: [Int] = []

    public init() {}

    /// The number of rows.
    public var count: Int { hashes.count }

    func range(_ ends: [Int], _ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }
}

/// Encodes cleansed records of one target table (see ``EncodedRows``).
public struct RowEncoder: Sendable {
    private let types: [ColumnType]
    private let keyIndexes: [Int]
    private let runId: Int64
    private let qualifiedName: String

    init(table: TableSpec, qualifiedName: String, runId: Int64) {
        self.types = table.columns.map(\.type)
        self.keyIndexes = table.key.compactMap { k in table.columns.firstIndex { $0.name == k } }
        self.runId = runId
        self.qualifiedName = qualifiedName
    }

    /// Appends one record to `rows`.
    /// - Parameters:
    ///   - values: The record's values in the table's column order, in the canonical text form of
    ///     their column types (Cleanse's `TypeChecker`); key values are present.
    ///   - file: The id ``RunSession/addFile(source:name:size:)`` gave the record's file.
    ///   - sourceKey: The record's key in its source system, for lineage.
    ///   - original: The values as read of the fields cleansing changed, as a JSON object, for
    ///     lineage; `nil` when nothing changed.
    public func encode(
        _ values: ContiguousArray<String?>, file: Int32, origin: RowOrigin, sourceKey: String?, original: String? = nil,
        into rows: inout EncodedRows
    ) throws(LoadError) {
        precondition(values.count == types.count, "record has \(values.count) values, table has \(types.count)")
        for (n, k) in keyIndexes.enumerated() {
            if n > 0 { rows.keys.append(0) }
            if let part = values[k] { rows.keys.append(contentsOf: part.utf8) }
        }
        rows.keyEnds.append(rows.keys.count)
        var hasher = RowHasher()
        for v in values { hasher.add(v) }
        let hash = hasher.value
        rows.hashes.append(hash)

        BinaryCopyEncoder.beginTuple(types.count + 2, &rows.tuples)
        for (i, v) in values.enumerated() {
            try TypedValueEncoder.append(v, as: types[i], to: &rows.tuples)
        }
        BinaryCopyEncoder.appendBigint(hash, &rows.tuples)
        BinaryCopyEncoder.appendBigint(runId, &rows.tuples)
        rows.tupleEnds.append(rows.tuples.count)

        // Lineage, all but its last field (the role, known only to the writer).
        BinaryCopyEncoder.beginTuple(9, &rows.lineage)
        BinaryCopyEncoder.appendBigint(runId, &rows.lineage)
        BinaryCopyEncoder.appendText(qualifiedName, &rows.lineage)
        BinaryCopyEncoder.appendText(keyText(values), &rows.lineage)
        BinaryCopyEncoder.appendInt(file, &rows.lineage)
        BinaryCopyEncoder.appendText(sourceKey, &rows.lineage)
        BinaryCopyEncoder.appendBigint(Int64(origin.line), &rows.lineage)
        BinaryCopyEncoder.appendBigint(origin.byteOffset, &rows.lineage)
        if let original {
            BinaryCopyEncoder.appendJSONB(original, &rows.lineage)
        } else {
            BinaryCopyEncoder.appendNull(&rows.lineage)
        }
        rows.lineageEnds.append(rows.lineage.count)
    }

    /// The target key as lineage stores it: the value, or a JSON array for a composite key.
    public func keyText(_ values: ContiguousArray<String?>) -> String {
        if keyIndexes.count == 1 { return values[keyIndexes[0]] ?? "" }
        return "[" + keyIndexes.map { JSONText.string(values[$0] ?? "") }.joined(separator: ",") + "]"
    }
}
