public import Core

/// Writes one target table's records: new keys straight into the table through binary COPY,
/// changed rows into a spool for one UPDATE after, unchanged rows nowhere. Decides, record by
/// record, which record of a key wins (the first) and which are merged into it.
public final class TableWriter {
    /// What became of a record.
    public enum Disposition: Sendable {
        case inserted, updated, unchanged
        /// Merged into an earlier record with the same key.
        case merged
    }

    private let stream: CopyStream
    private let table: TableSpec
    private let types: [ColumnType]
    private let keyIndexes: [Int]
    private let runId: Int64
    private let qualifiedName: String
    private var index: TargetIndex
    let updates: CopySpool
    let lineage: CopySpool
    private var keyBuffer: [UInt8] = []
    public private(set) var inserted = 0
    public private(set) var updated = 0
    public private(set) var unchanged = 0
    public private(set) var merged = 0

    init(stream: CopyStream, table: TableSpec, qualifiedName: String, runId: Int64, index: TargetIndex) throws(LoadError) {
        self.stream = stream
        self.table = table
        self.types = table.columns.map(\.type)
        self.keyIndexes = table.key.compactMap { k in table.columns.firstIndex { $0.name == k } }
        self.runId = runId
        self.qualifiedName = qualifiedName
        self.index = index
        self.updates = try CopySpool()
        self.lineage = try CopySpool()
    }

    /// Writes one record.
    /// - Parameters:
    ///   - values: The record's values in the table's column order, in the canonical text form of
    ///     their column types (Cleanse's `TypeChecker`); key values are present.
    ///   - file: The id ``RunSession/addFile(source:name:size:)`` gave the record's file.
    ///   - sourceKey: The record's key in its source system, for lineage.
    /// - Returns: What became of the record.
    @discardableResult
    public func append(
        values: ContiguousArray<String?>, file: Int32, origin: RowOrigin, sourceKey: String?
    ) throws(LoadError) -> Disposition {
        precondition(values.count == types.count, "record has \(values.count) values, table has \(types.count)")
        keyBuffer.removeAll(keepingCapacity: true)
        for (n, k) in keyIndexes.enumerated() {
            if n > 0 { keyBuffer.append(0) }
            if let part = values[k] { keyBuffer.append(contentsOf: part.utf8) }
        }
        var hasher = RowHasher()
        for v in values { hasher.add(v) }
        let hash = hasher.value
        let (state, winner) = keyBuffer.withUnsafeBufferPointer { index.admit($0, hash: hash) }
        let disposition: Disposition
        switch state {
        case .inserted?:
            try stream.write { out throws(LoadError) in try encodeRow(values, hash: hash, into: &out) }
            inserted += 1
            disposition = .inserted
        case .updated?:
            try updates.append { out throws(LoadError) in try encodeRow(values, hash: hash, into: &out) }
            updated += 1
            disposition = .updated
        case .unchanged?, .stored?:
            unchanged += 1
            disposition = .unchanged
        case nil:
            merged += 1
            disposition = .merged
        }
        if winner == .inserted || winner == .updated {
            try lineage.append { out throws(LoadError) in
                BinaryCopyEncoder.beginTuple(8, &out)
                BinaryCopyEncoder.appendBigint(runId, &out)
                BinaryCopyEncoder.appendText(qualifiedName, &out)
                BinaryCopyEncoder.appendText(keyText(values), &out)
                BinaryCopyEncoder.appendInt(file, &out)
                BinaryCopyEncoder.appendText(sourceKey, &out)
                BinaryCopyEncoder.appendBigint(Int64(origin.line), &out)
                BinaryCopyEncoder.appendBigint(origin.byteOffset, &out)
                BinaryCopyEncoder.appendText(disposition == .merged ? "merged" : "loaded", &out)
            }
        }
        return disposition
    }

    /// The target key as lineage stores it: the value, or a JSON array for a composite key.
    private func keyText(_ values: ContiguousArray<String?>) -> String {
        if keyIndexes.count == 1 { return values[keyIndexes[0]] ?? "" }
        return "[" + keyIndexes.map { JSONText.string(values[$0] ?? "") }.joined(separator: ",") + "]"
    }

    /// The row as the target's binary COPY tuple: the columns, `_row_hash`, `_run_id`.
    private func encodeRow(_ values: ContiguousArray<String?>, hash: Int64, into out: inout [UInt8]) throws(LoadError) {
        BinaryCopyEncoder.beginTuple(types.count + 2, &out)
        for (i, v) in values.enumerated() {
            try TypedValueEncoder.append(v, as: types[i], to: &out)
        }
        BinaryCopyEncoder.appendBigint(hash, &out)
        BinaryCopyEncoder.appendBigint(runId, &out)
    }
}
