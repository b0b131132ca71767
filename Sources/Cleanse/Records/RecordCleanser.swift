public import Core

/// Maps one source's records onto its table's columns, runs each field's rules, and checks
/// required fields, keys and column types. Stateless between batches.
public struct RecordCleanser {
    private let plan: CleansePlan
    private let source: SourceSpec
    private let table: TableSpec
    /// Per table column: the source column it comes from.
    private let sourceColumns: [String?]
    private let columnRules: [[any FieldRule]]
    private let requiredColumns: [Bool]
    private let keyColumns: [Bool]
    /// The last batch layout seen, and the indexes it resolved to.
    private var layout: [String] = []
    private var indexes: [Int] = []
    private var keyIndex = -1

    public init(plan: CleansePlan, source: SourceSpec, table: TableSpec) {
        self.plan = plan
        self.source = source
        self.table = table
        sourceColumns = table.columns.map { c in source.fields.first { $0.field == c.name }?.column }
        columnRules = table.columns.map { plan.rules[$0.name] ?? [] }
        requiredColumns = table.columns.map { plan.required.contains($0.name) }
        keyColumns = table.columns.map { table.key.contains($0.name) }
    }

    /// Cleanses `batch`; every record comes out as a row or a reject.
    /// - Complexity: O(records × fields × rules).
    public mutating func cleanse(_ batch: Batch) -> CleansedBatch {
        if batch.columns != layout { resolve(batch.columns) }
        var out = CleansedBatch(source: batch.source, file: batch.file)
        out.rejects = batch.rejects
        out.rows.reserveCapacity(batch.rows.count)
        out.origins.reserveCapacity(batch.rows.count)
        out.sourceKeys.reserveCapacity(batch.rows.count)
        let width = table.columns.count
        records: for (r, row) in batch.rows.enumerated() {
            var values = ContiguousArray<String?>(repeating: nil, count: width)
            for c in 0..<width {
                var v: String? = indexes[c] >= 0 ? row[indexes[c]] : nil
                let rules = columnRules[c]
                for k in rules.indices {
                    if let failure = rules[k].apply(&v) {
                        out.rejects.append(reject(batch, r, failure.reason, table.columns[c].name, failure.detail))
                        continue records
                    }
                }
                if v?.isEmpty == true { v = nil }
                values[c] = v
            }
            for c in 0..<values.count where values[c] == nil && (requiredColumns[c] || keyColumns[c]) {
                let name = table.columns[c].name
                let reason: ReasonCode = requiredColumns[c] ? .missingRequired : .missingKey
                out.rejects.append(reject(batch, r, reason, name,
                                          "\(name) (from \(sourceColumns[c] ?? "no column")) is missing or empty"))
                continue records
            }
            for c in 0..<values.count {
                guard var v = values[c] else { continue }
                if let problem = TypeChecker.canonicalize(&v, as: table.columns[c].type) {
                    out.rejects.append(reject(batch, r, .invalidType, table.columns[c].name,
                                              "\(table.columns[c].name) is not a valid \(table.columns[c].type.rawValue): \(problem)"))
                    continue records
                }
                values[c] = v
            }
            out.rows.append(values)
            out.origins.append(batch.origins[r])
            out.sourceKeys.append(keyIndex >= 0 ? row[keyIndex] : nil)
        }
        return out
    }

    private mutating func resolve(_ columns: [String]) {
        layout = columns
        indexes = sourceColumns.map { name in name.flatMap { columns.firstIndex(of: $0) } ?? -1 }
        keyIndex = source.key.flatMap { columns.firstIndex(of: $0) } ?? -1
    }

    private func reject(_ batch: Batch, _ r: Int, _ reason: ReasonCode, _ field: String, _ detail: String) -> Reject {
        let original = r < batch.documents.count
            ? batch.documents[r]
            : JSONText.object(zip(batch.columns, batch.rows[r]).map { ($0, $1) })
        return Reject(source: batch.source, file: batch.file, origin: batch.origins[r], reason: reason,
                      field: field, detail: detail, original: original)
    }
}
