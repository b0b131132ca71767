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
    private let names: [String]
    private let keyIndexes: [Int]
    private let runId: Int64
    private let qualifiedName: String

    init(table: TableSpec, qualifiedName: String, runId: Int64) {
        self.types = table.columns.map(\.type)
        self.names = table.columns.map(\.name)
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
    ///   - changed: Which columns cleansing changed (bit `c` for column `c`).
    ///   - originals: Their values as read, in column order; lineage keeps them as a JSON object.
    public func encode(
        _ values: RecordValues, file: Int32, origin: RowOrigin, sourceKey: String?, changed: UInt64 = 0,
        originals: ArraySlice<String?> = [], into rows: inout EncodedRows
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
        if changed == 0 {
            BinaryCopyEncoder.appendNull(&rows.lineage)
        } else {
            // jsonb: length, version 1, then the object's text, written in place.
            let lengthAt = rows.lineage.count
            BinaryCopyEncoder.appendInt32(0, &rows.lineage)
            rows.lineage.append(1)
            rows.lineage.append(UInt8(ascii: "{"))
            var bits = changed
            var k = originals.startIndex
            while bits != 0 {
                let c = bits.trailingZeroBitCount
                bits &= bits - 1
                if k != originals.startIndex { rows.lineage.append(UInt8(ascii: ",")) }
                JSONText.appendString(names[c], toBytes: &rows.lineage)
                rows.lineage.append(UInt8(ascii: ":"))
                if let v = originals[k] {
                    JSONText.appendString(v, toBytes: &rows.lineage)
                } else {
                    rows.lineage.append(contentsOf: "null".utf8)
                }
                k += 1
            }
            rows.lineage.append(UInt8(ascii: "}"))
            let length = Int32(rows.lineage.count - lengthAt - 4).bigEndian
            withUnsafeBytes(of: length) { bytes in
                for i in 0..<4 { rows.lineage[lengthAt + i] = bytes[i] }
            }
        }
        rows.lineageEnds.append(rows.lineage.count)
    }

    /// The target key as lineage stores it: the value, or a JSON array for a composite key.
    public func keyText(_ values: RecordValues) -> String {
        if keyIndexes.count == 1 { return values[keyIndexes[0]] ?? "" }
        return "[" + keyIndexes.map { JSONText.string(values[$0] ?? "") }.joined(separator: ",") + "]"
    }
}
