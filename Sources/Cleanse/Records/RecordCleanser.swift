public import Core

/// Maps one source's records onto its table's columns, runs each field's rules, and checks
/// required fields, keys and column types. Keeps nothing between batches but the counts.
public struct RecordCleanser {
    /// What cleansing did so far, per field and rule, over every batch cleansed.
    public var stats: CleanseStats {
        var fields: [CleanseStats.Field] = []
        for c in table.columns.indices {
            var f = CleanseStats.Field(name: columnNames[c], rules: [])
            f.records = tally.count(c, .records)
            f.filledBefore = tally.count(c, .filledBefore)
            f.filledAfter = tally.count(c, .filledAfter)
            f.missing = tally.count(c, .missing)
            f.invalidType = tally.count(c, .invalidType)
            f.unchanged = tally.count(c, .unchanged)
            f.flaggedRecords = tally.count(c, .flaggedRecords)
            f.rejectedRecords = tally.count(c, .rejectedRecords)
            f.invalidPatterns = patterns[c]
            // A derived column's rules are its derivation's (after its own, if it had any).
            f.rules = (Array(columnRules[c]) + Array(derivedRules[c] ?? 0..<0)).map { k in
                var r = CleanseStats.Rule(name: rules[k].name)
                r.seen = tally.count(rule: k, .seen)
                r.changed = tally.count(rule: k, .changed)
                r.flagged = tally.count(rule: k, .flagged)
                r.rejected = tally.count(rule: k, .rejected)
                return r
            }
            fields.append(f)
        }
        return CleanseStats(fields: fields, units: zip(unitSteps, unitTallies).map { $1.stats(address: $0.fieldName) })
    }

    private let plan: CleansePlan
    private let source: SourceSpec
    private let table: TableSpec
    /// Per table column: the source column it comes from, its name and its type.
    private let sourceColumns: [String?]
    private let columnNames: [String]
    private let columnTypes: [ColumnType]
    /// Every column's rules, then every derivation's, one list after another: a rule's index
    /// here is also its counters' in `tally`.
    private let rules: [any FieldRule]
    /// `rules`, each in its box, applied from here.
    private let appliedRules: ContiguousArray<AppliedRule>
    /// Per rule in `rules`: where the run of two or more `ByteRewriteRule`s of one column (or
    /// derivation) that starts there ends, applied on bytes (`applyRewriting`); the rule's own
    /// index when no such run starts there.
    private let rewritingRuns: [Int]
    /// Per table column: its rules in `rules`.
    private let columnRules: [Range<Int>]
    /// Per table column: the rules in `rules` of the `derive` step writing it, if any.
    private let derivedRules: [Range<Int>?]
    private let requiredColumns: [Bool]
    private let keyColumns: [Bool]
    /// `derive` steps whose fields are columns of this table: (column, from column, rules).
    private let derivations: [(column: Int, from: Int, rules: Range<Int>)]
    /// `ids` steps whose field is a column of this table: (id, birth date, gender, CMND column).
    private let idSteps: [(id: Int, birth: Int?, gender: Int?, cmnd: Int?, onMismatch: OnInvalid)]
    /// `units` steps whose fields are all columns of this table.
    private let unitSteps: [UnitStepRunner]
    /// The run's date, for `today` in checks.
    private let today: CheckExpression.Scalar
    /// `checks` whose fields are all columns of this table.
    private let checks: [TableCheck]
    /// Per unit step: the columns it writes.
    private let unitOutputs: [[Int]]
    /// The last batch layout seen, and the indexes it resolved to.
    private var layout: [String] = []
    private var indexes: [Int] = []
    private var keyIndex = -1
    /// The counts of `stats`, bumped in place.
    private var tally: CleanseTally
    /// Per table column: `CleanseStats.Field.invalidPatterns`.
    private var patterns: [[String: Int]]
    /// Per unit step: what it did.
    private var unitTallies: [UnitStepTally]
    /// Per unit step: the communes of address tails it read (`UnitStepRunner.apply`).
    private var unitTails: [TailMemo]

    /// A rule held in a class of its own type, so that it is applied in place: calling
    /// `apply` on an `any FieldRule` taken from an array copies the rule out of it first.
    private class AppliedRule {
        /// Whether the rule is a `ByteRewriteRule`, whose `capacity` and `rewrite` these are.
        let rewrites: Bool
        /// Whether the rule is a `DateRule`, whose `apply(_:date:)` this `apply` is.
        let dates: Bool

        init(rewrites: Bool, dates: Bool = false) {
            self.rewrites = rewrites
            self.dates = dates
        }

        func apply(_ value: inout String?) -> RuleFailure? { nil }
        func apply(_ value: inout String?, date: inout ISODateTime?) -> RuleFailure? { nil }
        func capacity(forBytes count: Int) -> Int { count }
        func rewrite(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> ByteRewrite { .same }

        /// `rule` in its own box.
        static func box(_ rule: any FieldRule) -> AppliedRule {
            func make<R: FieldRule>(_ r: R) -> AppliedRule { Concrete(r) }
            func make<R: ByteRewriteRule>(_ r: R) -> AppliedRule { Rewriting(r) }
            if let r = rule as? any ByteRewriteRule { return make(r) }
            if let r = rule as? DateRule { return Dating(r) }
            return make(rule)
        }

        private class Concrete<R: FieldRule>: AppliedRule {
            let rule: R
            init(_ rule: R, rewrites: Bool = false, dates: Bool = false) {
                self.rule = rule
                super.init(rewrites: rewrites, dates: dates)
            }
            override func apply(_ value: inout String?) -> RuleFailure? { rule.apply(&value) }
        }

        private final class Dating: Concrete<DateRule> {
            init(_ rule: DateRule) { super.init(rule, dates: true) }
            override func apply(_ value: inout String?, date: inout ISODateTime?) -> RuleFailure? {
                rule.apply(&value, date: &date)
            }
        }

        private final class Rewriting<R: ByteRewriteRule>: Concrete<R> {
            init(_ rule: R) { super.init(rule, rewrites: true) }
            override func capacity(forBytes count: Int) -> Int { rule.capacity(forBytes: count) }
            override func rewrite(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>)
                -> ByteRewrite { rule.rewrite(input, into: out) }
        }
    }

    /// A `cleanse.checks` entry compiled against the table's columns.
    private final class TableCheck: Sendable {
        let expect: CheckExpression
        let when: CheckExpression?
        let spec: CheckSpec
        /// The column failures are reported against (the condition's first field), and its name
        /// ("record" when the condition names no field).
        let column: Int?
        let field: String

        init(expect: CheckExpression, when: CheckExpression?, spec: CheckSpec) {
            self.expect = expect
            self.when = when
            self.spec = spec
            let first = RecordCleanser.firstField(of: expect)
            column = first?.column
            field = first?.name ?? "record"
        }

        /// Whether the record `values` passes: `when` does not hold, or `expect` does.
        func passes(_ values: ContiguousArray<String?>, today: CheckExpression.Scalar, dates: RecordDates) -> Bool {
            if let when, !when.holds(values, today: today, dates: dates) { return true }
            return expect.holds(values, today: today, dates: dates)
        }
    }

    public init(plan: CleansePlan, source: SourceSpec, table: TableSpec) {
        self.plan = plan
        self.source = source
        self.table = table
        sourceColumns = table.columns.map { c in source.fields.first { $0.field == c.name }?.column }
        columnNames = table.columns.map(\.name)
        columnTypes = table.columns.map(\.type)
        var rules: [any FieldRule] = []
        columnRules = table.columns.map { c in
            let start = rules.count
            rules += plan.rules[c.name] ?? []
            return start..<rules.count
        }
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
        var derivedRules = [Range<Int>?](repeating: nil, count: table.columns.count)
        derivations = plan.derive.compactMap { d in
            guard let c = columnIndex(d.field), let from = columnIndex(d.from) else { return nil }
            let start = rules.count
            rules += d.rules
            derivedRules[c] = start..<rules.count
            return (c, from, start..<rules.count)
        }
        self.derivedRules = derivedRules
        self.rules = rules
        appliedRules = ContiguousArray(rules.map(AppliedRule.box))
        var runs = Array(rules.indices)
        for range in columnRules + derivedRules.compactMap({ $0 }) {
            var k = range.lowerBound
            while k < range.upperBound {
                var end = k
                while end < range.upperBound && appliedRules[end].rewrites { end += 1 }
                if end - k >= 2 { runs[k] = end }
                k = max(end, k + 1)
            }
        }
        rewritingRuns = runs
        unitOutputs = unitSteps.map(\.writtenColumns)
        checks = plan.checks.compactMap { check in
            guard let expect = try? CheckExpression.compile(check.expect, column: columnIndex) else { return nil }
            var when: CheckExpression?
            if let w = check.when {
                guard let compiled = try? CheckExpression.compile(w, column: columnIndex) else { return nil }
                when = compiled
            }
            return TableCheck(expect: expect, when: when, spec: check)
        }
        tally = CleanseTally(fields: table.columns.count, rules: rules.count)
        precondition(MemoryLayout<String?>.size == MemoryLayout<(UInt64, UInt64)>.size)
        patterns = [[String: Int]](repeating: [:], count: table.columns.count)
        unitTallies = unitSteps.map { _ in UnitStepTally() }
        unitTails = unitSteps.map { _ in TailMemo() }
    }

    /// Cleanses `batch`; every record comes out as a row or a reject.
    /// - Complexity: O(records × fields × rules).
    public mutating func cleanse(_ batch: Batch) -> CleansedBatch {
        if batch.columns != layout { resolve(batch.columns) }
        if !isKnownUniquelyReferenced(&tally) { tally = tally.copy() }
        // A copy of the cleanser (on another thread, perhaps) starts its own memos.
        for s in unitTails.indices where !isKnownUniquelyReferenced(&unitTails[s]) { unitTails[s] = TailMemo() }
        let tally = self.tally
        var out = CleansedBatch(source: batch.source, file: batch.file)
        out.rejects = batch.rejects
        out.origins.reserveCapacity(batch.rows.count)
        out.sourceKeys.reserveCapacity(batch.rows.count)
        out.changedColumns.reserveCapacity(batch.rows.count)
        out.originalValues.reserveCapacity(batch.rows.count * 4)
        let width = columnNames.count
        // Per column, the last record whose value was counted unchanged, and flagged.
        var unchangedIn = [Int](repeating: -1, count: width)
        var flaggedIn = [Int](repeating: -1, count: width)
        // The columns flagged in the record being cleansed.
        var flagged: [Int] = []
        // The record's values read as dates, once each.
        let dates = RecordDates(width: width)
        // The record's values as its columns are cleansed, one after another (written once
        // each, with no uniqueness check of an array or release of a `nil` per column), then
        // moved into `values`; empty between records.
        let slots = UnsafeMutablePointer<String?>.allocate(capacity: max(1, width))
        defer { slots.deallocate() }
        // The record the steps work on, one array for the batch: filled from `slots`, and
        // emptied (its values moved to `kept`, or released) before the next record.
        var values = ContiguousArray<String?>(repeating: nil, count: width)
        // Whether `values` holds a record's values. Emptied at the next record rather than by
        // `refuse`: a local function capturing `values` would have it checked for exclusive
        // access at each use (measured: +0.9% instructions).
        var valuesHeld = false
        // The kept records' values, record after record, moved into the batch's one array at
        // the end.
        let kept = UnsafeMutablePointer<String?>.allocate(capacity: max(1, batch.rows.count * width))
        defer { kept.deallocate() }
        out.width = width
        records: for r in batch.rows.indices {
            let row = batch.rows[r]
            if valuesHeld {
                // The last record was refused after its rules: its values go.
                values.withUnsafeMutableBufferPointer { $0.update(repeating: nil) }
                valuesHeld = false
            }
            dates.reset()
            let flagsBefore = out.flags.count
            flagged.removeAll(keepingCapacity: true)
            /// Flags a value of the record (which stays), or sends the record to quarantine;
            /// `column` is the one the failure is reported against, if any.
            /// - Returns: Whether the record was refused.
            func record(_ failure: RuleFailure, column: Int?, _ field: String) -> Bool {
                if failure.flagOnly {
                    out.flags.append(.init(row: out.rowCount, field: field, reason: failure.reason, detail: failure.detail))
                    if let column { flagged.append(column) }
                    return false
                }
                refuse(failure.reason, column: column, field, failure.detail)
                return true
            }
            /// Sends the record to quarantine, dropping the flags it had collected.
            func refuse(_ reason: ReasonCode, column: Int?, _ field: String, _ detail: String) {
                out.flags.removeSubrange(flagsBefore...)
                if let column { tally.bump(column, .rejectedRecords) }
                out.rejects.append(reject(batch, r, reason, field, detail))
            }
            for c in 0..<width {
                var v: String? = indexes[c] >= 0 ? row[indexes[c]] : nil
                tally.bump(c, .records)
                let filled = v?.isEmpty == false
                if filled { tally.bump(c, .filledBefore) }
                var touched = false
                var date: ISODateTime?
                if let failure = applyRules(columnRules[c], column: c, to: &v, readFrom: row, at: indexes[c], date: &date,
                                            touched: &touched, row: out.rowCount, flags: &out.flags, flagged: &flagged) {
                    slots.deinitialize(count: c)
                    refuse(failure.reason, column: c, columnNames[c], failure.detail)
                    continue records
                }
                if filled && !touched {
                    tally.bump(c, .unchanged)
                    unchangedIn[c] = r
                }
                if v?.isEmpty == true { v = nil }
                if let date { dates.know(c, date) }
                (slots + c).initialize(to: consume v)
            }
            // Moved, not copied: the `nil`s there hold nothing to release.
            values.withUnsafeMutableBufferPointer { $0.baseAddress?.moveInitialize(from: slots, count: width) }
            valuesHeld = true
            // Record-level steps: identity numbers, derived fields, then checks between fields.
            for step in idSteps {
                guard let id = values[step.id] else { continue }
                if let cmnd = step.cmnd, CitizenID.kind(of: id) == .cmnd {
                    values[cmnd] = id
                    values[step.id] = nil
                    dates.forget(cmnd)
                    dates.forget(step.id)
                    continue
                }
                let failures = CitizenID.check(
                    id: id, birthDate: step.birth.flatMap { values[$0] }, gender: step.gender.flatMap { values[$0] },
                    flagOnly: step.onMismatch == .flag)
                for failure in failures {
                    if record(failure, column: step.id, columnNames[step.id]) { continue records }
                }
            }
            for s in unitSteps.indices {
                let step = unitSteps[s]
                let when = step.date.flatMap { dates.date($0, in: values) }
                let failure = step.apply(&values, date: when, tally: &unitTallies[s], tails: unitTails[s])
                for c in unitOutputs[s] { dates.forget(c) }
                guard let failure else { continue }
                let field = step.field.map { columnNames[$0] } ?? "address"
                if record(failure, column: step.field, field) { continue records }
            }
            for d in derivations {
                var v = values[d.from]
                tally.bump(d.column, .records)
                var touched = false
                var date: ISODateTime?
                if let failure = applyRules(d.rules, column: d.column, to: &v, readFrom: row, at: -1, date: &date,
                                            touched: &touched, row: out.rowCount, flags: &out.flags, flagged: &flagged) {
                    refuse(failure.reason, column: d.column, columnNames[d.column], failure.detail)
                    continue records
                }
                if v?.isEmpty == true { v = nil }
                values[d.column] = v
                dates.forget(d.column)
            }
            for check in checks {
                guard !check.passes(values, today: today, dates: dates) else { continue }
                let failure = RuleFailure(
                    ReasonCode(rawValue: check.spec.reason),
                    "expected \(check.spec.expect)" + (check.spec.when.map { " when \($0)" } ?? "") + ": "
                        + Self.describe(check.expect, values),
                    flagOnly: check.spec.onFail == .flag)
                if record(failure, column: check.column, check.field) { continue records }
            }
            for c in 0..<width where values[c] == nil && (requiredColumns[c] || keyColumns[c]) {
                let name = columnNames[c]
                let reason: ReasonCode = requiredColumns[c] ? .missingRequired : .missingKey
                tally.bump(c, .missing)
                refuse(reason, column: c, name, "\(name) (from \(sourceColumns[c] ?? "no column")) is missing or empty")
                continue records
            }
            for c in 0..<width where values[c] != nil {
                let type = columnTypes[c]
                let problem: String?
                if type == .integer || type == .bigint || type == .numeric {
                    var v = values[c]!
                    problem = TypeChecker.canonicalize(&v, as: type)
                    if problem == nil {
                        if unchangedIn[c] == r && v != values[c] { tally.bump(c, .unchanged, by: -1) }
                        values[c] = v
                    }
                } else if type == .date || type == .timestamptz || type == .timestamp {
                    problem = TypeChecker.check(parsed: dates.date(c, in: values), as: type)
                } else if type == .text {
                    // Read in place: `values[c]!` would copy (retain) the string.
                    problem = values.withUnsafeBufferPointer { TypeChecker.checkText(at: $0.baseAddress! + c) }
                } else {
                    // Other types are only checked (what `canonicalize` does for them), in place.
                    problem = TypeChecker.check(values[c]!, as: type)
                }
                guard let problem else { continue }
                tally.bump(c, .invalidType)
                if unchangedIn[c] == r { tally.bump(c, .unchanged, by: -1) }
                refuse(.invalidType, column: c, columnNames[c], "\(columnNames[c]) is not a valid \(type.rawValue): \(problem)")
                continue records
            }
            var changed: UInt64 = 0
            for c in 0..<width {
                if values[c] != nil { tally.bump(c, .filledAfter) }
                // Lineage keeps the values as read: a column no source field feeds (derived,
                // or written by a unit step) has none.
                guard c < 64, indexes[c] >= 0 else { continue }
                let raw = row[indexes[c]]
                if raw != values[c] && !(raw?.isEmpty == true && values[c] == nil) {
                    changed |= 1 << UInt64(c)
                    out.originalValues.append(raw)
                }
            }
            for c in flagged where flaggedIn[c] != r {
                flaggedIn[c] = r
                tally.bump(c, .flaggedRecords)
            }
            out.changedColumns.append(changed)
            values.withUnsafeMutableBufferPointer { buffer in
                // The steps write values in place; none adds or removes one.
                precondition(buffer.count == width)
                guard let base = buffer.baseAddress else { return }
                (kept + out.rowCount * width).moveInitialize(from: base, count: width)
                for k in 0..<width { (base + k).initialize(to: nil) }
            }
            valuesHeld = false
            out.rowCount += 1
            out.origins.append(batch.origins[r])
            out.sourceKeys.append(keyIndex >= 0 ? row[keyIndex] : nil)
        }
        if valuesHeld { values.withUnsafeMutableBufferPointer { $0.update(repeating: nil) } }
        let total = out.rowCount * width
        out.values = ContiguousArray(unsafeUninitializedCapacity: total) { buffer, count in
            buffer.baseAddress?.moveInitialize(from: kept, count: total)
            count = total
        }
        return out
    }

    /// Applies rules `range` of `rules` to `v`, the value of column `c`, counting what each
    /// rule did; a flagged value is put back as it was, its flag appended to `flags` and `c` to
    /// `flagged`; the shape of a flagged or refused value goes to the column's patterns.
    /// `touched` is set when a rule changed or flagged the value. `date` is set to the value
    /// left read as ISO 8601 when a `date` rule gave it and no rule after it changed the value
    /// (else `nil`: not known). `v` comes in as `read[source]` (when `source` is not -1).
    /// - Returns: The failure that refuses the record, if a rule refused it.
    private mutating func applyRules(
        _ range: Range<Int>, column c: Int, to v: inout String?, readFrom read: ContiguousArray<String?>, at source: Int,
        date: inout ISODateTime?, touched: inout Bool, row: Int, flags: inout [CleansedBatch.Flag], flagged: inout [Int]
    ) -> RuleFailure? {
        // Held here, so that the mutating calls below do not make each rule's box be retained
        // around its call.
        let appliedRules = appliedRules
        // Whether a rule replaced the value read. Until one does, `read` keeps that value alive,
        // so a rule is applied without a copy of it (a retain and a release each): whether the
        // rule replaced it shows in the bits of `v`, and only then is the value read fetched
        // again, to tell a change from a rewriting to the same text.
        var replaced = source < 0
        // The first rule not applied yet: a run of byte rules applies several at once.
        var next = range.lowerBound
        for k in range where k >= next {
            let run = rewritingRuns[k]
            if run > k, v != nil {
                if let failure = applyRewriting(k..<run, column: c, to: &v, touched: &touched, row: row, flags: &flags,
                                                flagged: &flagged) {
                    return failure
                }
                date = nil
                next = run
                replaced = true
                continue
            }
            let rule = appliedRules[k]
            // Kept apart from the path below, which copies the value first: one path with a
            // conditional copy measured 3% more instructions (the copy and its release stay).
            if !replaced {
                let bits = Self.bits(of: &v)
                if v != nil { tally.bump(rule: k, .seen) }
                let failure = rule.dates ? rule.apply(&v, date: &date) : rule.apply(&v)
                let same = Self.bits(of: &v) == bits
                if let failure {
                    date = nil
                    if let refused = failed(failure, before: same ? v : read[source], to: &v, rule: k, column: c, row: row,
                                            touched: &touched, flags: &flags, flagged: &flagged) {
                        return refused
                    }
                    continue
                }
                guard !same else { continue }
                replaced = true
                if v != read[source] {
                    touched = true
                    tally.bump(rule: k, .changed)
                    if !rule.dates { date = nil }
                }
                continue
            }
            let before = v
            if before != nil { tally.bump(rule: k, .seen) }
            if let failure = rule.dates ? rule.apply(&v, date: &date) : rule.apply(&v) {
                date = nil
                if let refused = failed(failure, before: before, to: &v, rule: k, column: c, row: row, touched: &touched,
                                        flags: &flags, flagged: &flagged) {
                    return refused
                }
                continue
            }
            if v != before {
                touched = true
                tally.bump(rule: k, .changed)
                if !rule.dates { date = nil }
            }
        }
        return nil
    }

    /// Rule `k` failed on `v`, which was `before`: the shape of `before` goes to column `c`'s
    /// patterns; a flag puts `before` back and is counted (`record`), a refusal returned.
    private mutating func failed(
        _ failure: RuleFailure, before: String?, to v: inout String?, rule k: Int, column c: Int, row: Int,
        touched: inout Bool, flags: inout [CleansedBatch.Flag], flagged: inout [Int]
    ) -> RuleFailure? {
        countPattern(of: before, column: c)
        if failure.flagOnly { v = before }
        return record(failure, rule: k, column: c, row: row, touched: &touched, flags: &flags, flagged: &flagged)
    }

    /// The bits of `v` (a string's are its length and flags and its storage, or its bytes when
    /// small): equal bits are the same value, and a rule that keeps a value leaves its bits.
    @inline(__always)
    private static func bits(of v: inout String?) -> (UInt64, UInt64) {
        withUnsafeBytes(of: &v) { $0.loadUnaligned(as: (UInt64, UInt64).self) }
    }

    /// `applyRules` for `run`, two or more `ByteRewriteRule`s in a row, on `v` (not `nil`): each
    /// rule rewrites the bytes the one before left, in two buffers on the stack taken in turn,
    /// and one `String` is made at the end, where applying them one by one would make one per
    /// rule that changes the value. Counts, flags and failures are those of `applyRules`.
    @inline(never)
    private mutating func applyRewriting(
        _ run: Range<Int>, column c: Int, to v: inout String?, touched: inout Bool, row: Int,
        flags: inout [CleansedBatch.Flag], flagged: inout [Int]
    ) -> RuleFailure? {
        let value = v!
        return RuleBytes.withUTF8(value) { input -> RuleFailure? in
            // Room for the longest value any rule of the run may write.
            var size = input.count
            var room = size
            for k in run {
                size = appliedRules[k].capacity(forBytes: size)
                room = max(room, size)
            }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * room) { buffer -> RuleFailure? in
                var current = input
                // Whether `current` is known to be in NFC, for telling a change (`RuleBytes.differ`).
                var inNFC = NFCRule.isQuickNFC(input)
                // The half of `buffer` the next rule writes to (the other may hold `current`).
                var half = 0
                var rewritten = false
                for k in run {
                    tally.bump(rule: k, .seen)
                    let out = UnsafeMutableBufferPointer(rebasing: buffer[(half * room)..<(half * room + room)])
                    switch appliedRules[k].rewrite(current, into: out) {
                    case .same:
                        continue
                    case .rewritten(let count):
                        let next = UnsafeBufferPointer(rebasing: out[..<count])
                        let nextInNFC = NFCRule.isQuickNFC(next)
                        if RuleBytes.differ(current, next, inNFC: inNFC && nextInNFC) {
                            touched = true
                            tally.bump(rule: k, .changed)
                        }
                        current = next
                        inNFC = nextInNFC
                        half ^= 1
                        rewritten = true
                    case .failed(let failure):
                        countPattern(of: String(decoding: current, as: UTF8.self), column: c)
                        if let refused = record(failure, rule: k, column: c, row: row, touched: &touched, flags: &flags,
                                                flagged: &flagged) {
                            return refused
                        }
                    }
                }
                if rewritten { v = String(decoding: current, as: UTF8.self) }
                return nil
            }
        }
    }

    /// Counts rule `k`'s failure on column `c`: a flag is kept with the record (the value stays
    /// as it was) and `nil` returned, so the rules go on; a refusal is returned.
    private mutating func record(
        _ failure: RuleFailure, rule k: Int, column c: Int, row: Int, touched: inout Bool,
        flags: inout [CleansedBatch.Flag], flagged: inout [Int]
    ) -> RuleFailure? {
        guard failure.flagOnly else {
            tally.bump(rule: k, .rejected)
            return failure
        }
        touched = true
        tally.bump(rule: k, .flagged)
        flags.append(.init(row: row, field: columnNames[c], reason: failure.reason, detail: failure.detail))
        flagged.append(c)
        return nil
    }

    /// Counts the shape of a value a rule of column `c` flagged or refused.
    private mutating func countPattern(of value: String?, column c: Int) {
        CleanseStats.count(CleanseStats.shape(of: value), in: &patterns[c], limit: CleanseStats.patternLimit)
    }

    /// The first field a condition names, which its failures are reported against.
    fileprivate static func firstField(of e: CheckExpression) -> (column: Int, name: String)? {
        switch e.form {
        case .compare(let l, _, let r):
            if case .column(let c, let name) = l { return (c, name) }
            if case .column(let c, let name) = r { return (c, name) }
            return nil
        case .present(let o), .missing(let o), .oneOf(let o, _):
            if case .column(let c, let name) = o { return (c, name) }
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
