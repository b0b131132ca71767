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
    /// Encodes records for this table; hand a copy to the thread that cleanses.
    public let encoder: RowEncoder
    private var index: TargetIndex
    let updates: CopySpool
    let lineage: CopySpool
    /// Records merged into an earlier one, kept to check their keys exist (see ``TargetIndex``).
    let mergedRecords: CopySpool
    public private(set) var inserted = 0
    public private(set) var updated = 0
    public private(set) var unchanged = 0
    public private(set) var merged = 0

    init(stream: CopyStream, encoder: RowEncoder, index: TargetIndex) throws(LoadError) {
        self.stream = stream
        self.encoder = encoder
        self.index = index
        self.updates = try CopySpool()
        self.lineage = try CopySpool()
        self.mergedRecords = try CopySpool()
    }

    /// Writes encoded rows, in order.
    /// - Parameter disposition: Called with each row's index and what became of it.
    public func append(_ rows: EncodedRows, _ disposition: (Int, Disposition) -> Void = { _, _ in }) throws(LoadError) {
        for i in 0..<rows.count {
            let hash = rows.hashes[i]
            let keyRange = rows.range(rows.keyEnds, i)
            let (state, winner) = rows.keys.withUnsafeBufferPointer { keys in
                index.admit(UnsafeBufferPointer(rebasing: keys[keyRange]), hash: hash)
            }
            let tuple = rows.range(rows.tupleEnds, i)
            let d: Disposition
            switch state {
            case .inserted?:
                try stream.write { $0.append(contentsOf: rows.tuples[tuple]) }
                inserted += 1
                d = .inserted
            case .updated?:
                try updates.append { $0.append(contentsOf: rows.tuples[tuple]) }
                updated += 1
                d = .updated
            case .unchanged?, .stored?:
                unchanged += 1
                d = .unchanged
            case nil:
                try mergedRecords.append { $0.append(contentsOf: rows.tuples[tuple]) }
                merged += 1
                d = .merged
            }
            if winner == .inserted || winner == .updated {
                let prefix = rows.range(rows.lineageEnds, i)
                try lineage.append { out in
                    out.append(contentsOf: rows.lineage[prefix])
                    BinaryCopyEncoder.appendText(d == .merged ? "merged" : "loaded", &out)
                }
            }
            disposition(i, d)
        }
    }

    /// Encodes and writes one record (see ``RowEncoder/encode(_:file:origin:sourceKey:into:)``).
    /// - Returns: What became of the record.
    @discardableResult
    public func append(
        values: ContiguousArray<String?>, file: Int32, origin: RowOrigin, sourceKey: String?
    ) throws(LoadError) -> Disposition {
        var single = EncodedRows()
        try encoder.encode(RecordValues(values), file: file, origin: origin, sourceKey: sourceKey, into: &single)
        var result = Disposition.merged
        try append(single) { _, d in result = d }
        return result
    }
}
