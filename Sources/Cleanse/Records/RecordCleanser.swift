public import Core

/// Maps one source's records onto its table's columns, runs each field's rules, and checks
/// required fields, keys and column types. Keeps nothing between batches but the counts.
public struct RecordCleanser {
    /// What cleansing did so far, per field and rule, over every batch cleansed.
    public private(set) var stats: CleanseStats
    private let plan: CleansePlan
    private let source: SourceSpec
    private let table: TableSpec
    /// Per table column: the source column it comes from.
    private let sourceColumns: [String?]
    private let columnRules: [[any FieldRule]]
    private let requiredColumns: [Bool]
    private let keyColumns: [Bool]
    /// `derive` steps whose fields are columns of this table: (column, from column, rules).
    private let derivations: [(column: Int, from: Int, rules: [any FieldRule])]
    /// `ids` steps whose field is a column of this table: (id, birth date, gender, CMND column).
    private let idSteps: [(id: Int, birth: Int?, gender: Int?, cmnd: Int?, onMismatch: OnInvalid)]
    /// `units` steps whose fields are all columns of this table.
    private let unitSteps: [UnitStepRunner]
    /// The run's date, for `today` in checks.
    private let today: CheckExpression.Scalar
    /// `checks` whose fields are all columns of this table.
    private let checks: [(expect: CheckExpression, when: CheckExpression?, spec: CheckSpec)]
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
        let columnIndex = { (name: String) in table.columns.firstIndex { $0.name == name } }
        idSteps = plan.ids.compactMap { step in
            guard let id = columnIndex(step.field) else { return nil }
            return (id, step.birthDate.flatMap(columnIndex), step.gender.flatMap(columnIndex), step.cmndInto.flatMap(columnIndex),
                    step.onMismatch)
        }
        today = CheckExpression.Scalar(plan.today)
        unitSteps = plan.units.compactMap { UnitStepRunner($0, column: columnIndex) }
        derivations = plan.derive.compactMap { d in
            guard let c = columnIndex(d.field), let from = columnIndex(d.from) else { return nil }
            return (c, from, d.rules)
        }
        checks = plan.checks.compactMap { check in
            guard let expect = try? CheckExpression.compile(check.expect, column: columnIndex) else { return nil }
            var when: CheckExpression?
            if let w = check.when {
                guard let compiled = try? CheckExpression.compile(w, column: columnIndex) else { return nil }
                when = compiled
            }
            return (expect, when, check)
        }
        var fieldStats = zip(table.columns, columnRules).map { column, rules in
            CleanseStats.Field(name: column.name, rules: rules.map(\.name))
        }
        for d in derivations { fieldStats[d.column].rules = d.rules.map { CleanseStats.Rule(name: $0.name) } }
        stats = CleanseStats(fields: fieldStats)
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
        out.changedColumns.reserveCapacity(batch.rows.count)
        out.originalValues.reserveCapacity(batch.rows.count * 4)
        let width = table.columns.count
        records: for (r, row) in batch.rows.enumerated() {
            var values = ContiguousArray<String?>(repeating: nil, count: width)
            let flagsBefore = out.flags.count
            /// Flags a value of the record (which stays), or sends the record to quarantine.
            /// - Returns: Whether the record was refused.
            func record(_ failure: RuleFailure, _ field: String) -> Bool {
                if failure.flagOnly {
                    out.flags.append(.init(row: out.rows.count, field: field, reason: failure.reason, detail: failure.detail))
                    return false
                }
                refuse(failure.reason, field, failure.detail)
                return true
            }
            /// Sends the record to quarantine, dropping the flags it had collected.
            func refuse(_ reason: ReasonCode, _ field: String, _ detail: String) {
                out.flags.removeSubrange(flagsBefore...)
                out.rejects.append(reject(batch, r, reason, field, detail))
            }
            for c in 0..<width {
                var v: String? = indexes[c] >= 0 ? row[indexes[c]] : nil
                stats.fields[c].records += 1
                if let raw = v, !raw.isEmpty { stats.fields[c].filledBefore += 1 }
                if let failure = applyRules(columnRules[c], column: c, to: &v, row: out.rows.count, flags: &out.flags) {
                    refuse(failure.reason, table.columns[c].name, failure.detail)
                    continue records
                }
                if v?.isEmpty == true { v = nil }
                values[c] = v
            }
            // Record-level steps: identity numbers, derived fields, then checks between fields.
            for step in idSteps {
                guard let id = values[step.id] else { continue }
                if let cmnd = step.cmnd, CitizenID.kind(of: id) == .cmnd {
                    values[cmnd] = id
                    values[step.id] = nil
                    continue
                }
                let failures = CitizenID.check(
                    id: id, birthDate: step.birth.flatMap { values[$0] }, gender: step.gender.flatMap { values[$0] },
                    flagOnly: step.onMismatch == .flag)
                for failure in failures {
                    if record(failure, table.columns[step.id].name) { continue records }
                }
            }
            for step in unitSteps {
                guard let failure = step.apply(&values) else { continue }
                let field = step.field.map { table.columns[$0].name } ?? "address"
                if record(failure, field) { continue records }
            }
            for d in derivations {
                var v = values[d.from]
                stats.fields[d.column].records += 1
                if let failure = applyRules(d.rules, column: d.column, to: &v, row: out.rows.count, flags: &out.flags) {
                    refuse(failure.reason, table.columns[d.column].name, failure.detail)
                    continue records
                }
                if v?.isEmpty == true { v = nil }
                values[d.column] = v
            }
            for check in checks {
                if let when = check.when, !when.holds(values, today: today) { continue }
                guard !check.expect.holds(values, today: today) else { continue }
                let field = Self.firstField(of: check.expect) ?? "record"
                let failure = RuleFailure(
                    ReasonCode(rawValue: check.spec.reason),
                    "expected \(check.spec.expect)" + (check.spec.when.map { " when \($0)" } ?? "") + ": "
                        + Self.describe(check.expect, values),
                    flagOnly: check.spec.onFail == .flag)
                if record(failure, field) { continue records }
            }
            for c in 0..<values.count where values[c] == nil && (requiredColumns[c] || keyColumns[c]) {
                let name = table.columns[c].name
                let reason: ReasonCode = requiredColumns[c] ? .missingRequired : .missingKey
                stats.fields[c].missing += 1
                refuse(reason, name, "\(name) (from \(sourceColumns[c] ?? "no column")) is missing or empty")
                continue records
            }
            for c in 0..<values.count {
                guard var v = values[c] else { continue }
                if let problem = TypeChecker.canonicalize(&v, as: table.columns[c].type) {
                    stats.fields[c].invalidType += 1
                    refuse(.invalidType, table.columns[c].name,
                           "\(table.columns[c].name) is not a valid \(table.columns[c].type.rawValue): \(problem)")
                    continue records
                }
                values[c] = v
            }
            var changed: UInt64 = 0
            for c in 0..<values.count {
                if values[c] != nil { stats.fields[c].filledAfter += 1 }
                guard c < 64 else { continue }
                let raw = indexes[c] >= 0 ? row[indexes[c]] : nil
                if raw != values[c] && !(raw?.isEmpty == true && values[c] == nil) {
                    changed |= 1 << UInt64(c)
                    out.originalValues.append(raw)
                }
            }
            out.changedColumns.append(changed)
            out.rows.append(values)
            out.origins.append(batch.origins[r])
            out.sourceKeys.append(keyIndex >= 0 ? row[keyIndex] : nil)
        }
        return out
    }

    /// Applies `rules` to `v`, the value of column `c`, counting what each rule did; a flagged
    /// value is put back as it was and its flag appended to `flags`.
    /// - Returns: The failure that refuses the record, if a rule refused it.
    private mutating func applyRules(
        _ rules: [any FieldRule], column c: Int, to v: inout String?, row: Int, flags: inout [CleansedBatch.Flag]
    ) -> RuleFailure? {
        for k in rules.indices {
            let before = v
            if before != nil { stats.fields[c].rules[k].seen += 1 }
            if let failure = rules[k].apply(&v) {
                if failure.flagOnly {
                    v = before
                    stats.fields[c].rules[k].flagged += 1
                    flags.append(.init(row: row, field: table.columns[c].name, reason: failure.reason, detail: failure.detail))
                    continue
                }
                stats.fields[c].rules[k].rejected += 1
                return failure
            }
            if v != before { stats.fields[c].rules[k].changed += 1 }
        }
        return nil
    }

    private static func firstField(of e: CheckExpression) -> String? {
        switch e.form {
        case .compare(let l, _, let r):
            if case .column(_, let name) = l { return name }
            if case .column(_, let name) = r { return name }
            return nil
        case .present(let o), .missing(let o), .oneOf(let o, _):
            if case .column(_, let name) = o { return name }
            return nil
        }
    }

    /// The fields of a failed condition with their values: "due_date = 2024-01-01, received_at = 2024-01-05".
    private static func describe(_ e: CheckExpression, _ values: ContiguousArray<String?>) -> String {
        var operands: [CheckExpression.Operand] = []
        switch e.form {
        case .compare(let l, _, let r): operands = [l, r]
        case .present(let o), .missing(let o), .oneOf(let o, _): operands = [o]
        }
        var parts: [String] = []
        for case .column(let c, let name) in operands {
            parts.append("\(name) = \(values[c].map { "'\($0)'" } ?? "null")")
        }
        return parts.isEmpty ? "condition not met" : parts.joined(separator: ", ")
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
