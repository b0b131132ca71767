public import Core

/// One run's transaction: it begins, writes every table's records (new rows by COPY straight
/// into the table, changed rows through one UPDATE, unchanged rows not at all), then lineage,
/// quarantine, the input files and the ledger row, and commits.
///
/// Until ``commit(ledger:)`` returns, nothing the run did is visible; if the process dies or the
/// connection drops before that, the server rolls it all back.
public final class RunSession {
    /// What the session needs to know about the pipeline.
    public struct Plan: Sendable {
        public var pipeline: String
        public var pipelineSHA256: String
        public var schema: String
        public var tables: [TableSpec]
        public var toolVersion: String

        public init(pipeline: String, pipelineSHA256: String, schema: String, tables: [TableSpec], toolVersion: String) {
            self.pipeline = pipeline
            self.pipelineSHA256 = pipelineSHA256
            self.schema = schema
            self.tables = tables
            self.toolVersion = toolVersion
        }
    }

    /// What the run did to one target table.
    public struct TableOutcome: Sendable, Hashable {
        public var table: String
        public var inserted: Int
        public var updated: Int
        public var unchanged: Int
        public var merged: Int
        /// Entities that absorbed merged records: size (records) -> how many such entities.
        public var clusterSizes: [Int: Int] = [:]

        public var loaded: Int { inserted + updated + unchanged }
    }

    /// The ledger row's figures, computed by the caller from what it read and quarantined.
    public struct Ledger {
        public var startedAt: String
        public var recordsRead: Int
        public var quarantined: Int
        /// Builds the run summary stored as `etl.runs.summary` (a JSON object) from the tables'
        /// outcomes.
        public var summaryJSON: ([TableOutcome]) -> String

        public init(startedAt: String, recordsRead: Int, quarantined: Int,
                    summaryJSON: @escaping ([TableOutcome]) -> String) {
            self.startedAt = startedAt
            self.recordsRead = recordsRead
            self.quarantined = quarantined
            self.summaryJSON = summaryJSON
        }
    }

    private let connection: PGConnection
    private let plan: Plan
    public private(set) var runId: Int64 = 0
    private var files: [(id: Int32, source: String, name: String, size: Int64, records: Int, rejected: Int,
                         encoding: String?, encodingConfidence: Double?)] = []
    private var outcomes: [TableOutcome] = []
    private var lineageSpools: [CopySpool] = []
    private let rejects: CopySpool
    private let flags: CopySpool
    private var open = false

    public init(connection: PGConnection, plan: Plan) throws(LoadError) {
        self.connection = connection
        self.plan = plan
        self.rejects = try CopySpool()
        self.flags = try CopySpool()
    }

    /// Begins the transaction, waits for other runs against this database, creates the
    /// bookkeeping schema and the target tables if needed, locks the targets against other
    /// writers and takes the next run id.
    public func begin() throws(LoadError) {
        try connection.execute("SET client_min_messages = warning")
        try connection.execute("SET DateStyle = ISO")
        try connection.execute("BEGIN")
        open = true
        try connection.execute("SELECT pg_advisory_xact_lock(\(Bookkeeping.runLockKey))")
        try connection.executeScript(Bookkeeping.ddl)
        try connection.executeScript(LinkageStore.ddl)
        try connection.executeScript(RegisterStore.ddl)
        try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SQL.identifier(plan.schema))")
        for table in plan.tables {
            try ensureTable(table)
            try connection.execute(TableSQL(schema: plan.schema, table: table).lock)
        }
        let next = try connection.execute("SELECT coalesce(max(run_id), 0) + 1 FROM etl.runs")
        runId = Int64(next.scalar ?? "1") ?? 1
        FaultPoint.hit("after_begin")
    }

    /// Registers an input file; lineage names files through its id.
    public func addFile(source: String, name: String, size: Int64) -> Int32 {
        let id = Int32(files.count + 1)
        files.append((id, source, name, size, 0, 0, nil, nil))
        return id
    }

    /// Records how many records a file gave and how many of them were rejected.
    /// - Parameters:
    ///   - encoding: The file's character encoding, declared or detected.
    ///   - encodingConfidence: For a detected encoding, how sure the detection was (0...1).
    public func setFileCounts(_ id: Int32, records: Int, rejected: Int, encoding: String? = nil,
                              encodingConfidence: Double? = nil) {
        files[Int(id) - 1].records = records
        files[Int(id) - 1].rejected = rejected
        files[Int(id) - 1].encoding = encoding
        files[Int(id) - 1].encodingConfidence = encodingConfidence
    }

    /// Writes the records of `table`: `body` appends them through the writer. Call once per
    /// table.
    /// - Returns: What the table's records did.
    @discardableResult
    public func write(table: String, _ body: (TableWriter) throws -> Void) throws -> TableOutcome {
        guard let spec = plan.tables.first(where: { $0.name == table }) else {
            throw LoadError(.copy, "no target table '\(table)' in the plan")
        }
        let sql = TableSQL(schema: plan.schema, table: spec)
        let index = try storedKeys(sql)
        var writer: TableWriter?
        let copied = try connection.copy(sql.copyTarget) { stream in
            try stream.write { $0.append(contentsOf: BinaryCopyEncoder.header) }
            let encoder = RowEncoder(table: spec, qualifiedName: sql.qualifiedName, runId: runId)
            let w = try TableWriter(stream: stream, encoder: encoder, index: index)
            writer = w
            try body(w)
            try stream.write { $0.append(contentsOf: BinaryCopyEncoder.trailer) }
        }
        guard let writer, copied == writer.inserted else {
            throw LoadError(.accounting, "table \(table): the server copied \(copied) rows, the run sent \(writer?.inserted ?? 0)")
        }
        FaultPoint.hit("after_copy")
        if writer.updates.count > 0 {
            try connection.execute(sql.createStage)
            _ = try connection.copy(sql.copyStage) { stream in try writer.updates.replay(into: stream) }
            let updated = try connection.execute(sql.update).affectedRows
            guard updated == writer.updated else {
                throw LoadError(.accounting, "table \(table): \(writer.updated) rows changed but \(updated) were updated "
                                + "(a key matched a stored key's fingerprint without being that key); nothing was committed; "
                                + "run again, each run draws a new seed")
            }
            try connection.execute("DROP TABLE \(sql.stage)")
        }
        var clusterSizes: [Int: Int] = [:]
        if writer.mergedRecords.count > 0 {
            // Every record taken as a duplicate must find its key in the table: checks the
            // fingerprint verdicts exactly.
            try connection.execute(sql.createMerged)
            _ = try connection.copy(sql.copyMerged) { stream in try writer.mergedRecords.replay(into: stream) }
            let strays = try connection.execute(sql.mergedWithoutKey).scalar.flatMap { Int($0) } ?? -1
            guard strays == 0 else {
                throw LoadError(.accounting, "table \(table): \(strays) records taken as duplicates have a key the table does not hold "
                                + "(a key-fingerprint collision); nothing was committed; run again, each run draws a new seed")
            }
            for row in try connection.execute(sql.mergedClusterSizes).rows {
                if let size = row[0].flatMap({ Int($0) }), let n = row[1].flatMap({ Int($0) }) { clusterSizes[size] = n }
            }
            try connection.execute("DROP TABLE \(sql.merged)")
        }
        lineageSpools.append(writer.lineage)
        var outcome = TableOutcome(table: table, inserted: writer.inserted, updated: writer.updated,
                                   unchanged: writer.unchanged, merged: writer.merged)
        outcome.clusterSizes = clusterSizes
        outcomes.append(outcome)
        return outcome
    }

    /// A value of a loaded record that a rule flagged.
    public struct Flag: Sendable {
        public var targetTable: String
        public var targetKey: String
        public var source: String
        public var file: String
        public var origin: RowOrigin
        public var field: String
        public var reason: String
        public var detail: String

        public init(targetTable: String, targetKey: String, source: String, file: String, origin: RowOrigin,
                    field: String, reason: String, detail: String) {
            self.targetTable = targetTable
            self.targetKey = targetKey
            self.source = source
            self.file = file
            self.origin = origin
            self.field = field
            self.reason = reason
            self.detail = detail
        }
    }

    /// Spools a flagged value; it is written with the run.
    public func flag(_ f: Flag) throws(LoadError) {
        let run = runId
        try flags.append { out throws(LoadError) in
            BinaryCopyEncoder.beginTuple(10, &out)
            BinaryCopyEncoder.appendBigint(run, &out)
            BinaryCopyEncoder.appendText(f.targetTable, &out)
            BinaryCopyEncoder.appendText(f.targetKey, &out)
            BinaryCopyEncoder.appendText(f.source, &out)
            BinaryCopyEncoder.appendText(f.file, &out)
            BinaryCopyEncoder.appendBigint(Int64(f.origin.line), &out)
            BinaryCopyEncoder.appendBigint(Int64(f.origin.record), &out)
            BinaryCopyEncoder.appendText(f.field, &out)
            BinaryCopyEncoder.appendText(f.reason, &out)
            BinaryCopyEncoder.appendText(f.detail, &out)
        }
    }

    /// Spools a quarantined record; it is written with the run.
    public func quarantine(_ r: Reject) throws(LoadError) {
        let run = runId
        try rejects.append { out throws(LoadError) in
            BinaryCopyEncoder.beginTuple(10, &out)
            BinaryCopyEncoder.appendBigint(run, &out)
            BinaryCopyEncoder.appendText(r.source, &out)
            BinaryCopyEncoder.appendText(r.file, &out)
            BinaryCopyEncoder.appendBigint(Int64(r.origin.line), &out)
            BinaryCopyEncoder.appendBigint(r.origin.byteOffset, &out)
            BinaryCopyEncoder.appendBigint(Int64(r.origin.record), &out)
            BinaryCopyEncoder.appendText(r.reason.rawValue, &out)
            BinaryCopyEncoder.appendText(r.field, &out)
            BinaryCopyEncoder.appendText(r.detail, &out)
            BinaryCopyEncoder.appendJSONB(r.original, &out)
        }
    }

    /// Writes lineage, quarantine, input files and the ledger row, checks the accounting, and
    /// commits.
    /// - Returns: What happened to each table.
    /// - Throws: ``LoadError``; the caller then rolls back.
    public func commit(ledger: Ledger) throws -> [TableOutcome] {
        let loaded = outcomes.reduce(0) { $0 + $1.loaded }
        let merged = outcomes.reduce(0) { $0 + $1.merged }
        guard ledger.recordsRead == loaded + merged + ledger.quarantined, ledger.quarantined == rejects.count else {
            throw LoadError(.accounting,
                            "records read (\(ledger.recordsRead)) != loaded (\(loaded)) + merged (\(merged)) + quarantined (\(ledger.quarantined), spooled \(rejects.count))")
        }
        try copyFiles()
        for spool in lineageSpools where spool.count > 0 {
            _ = try connection.copy(
                "COPY etl.lineage (run_id, target_table, target_key, file_id, source_key, line, byte_offset, original, role) FROM STDIN (FORMAT binary)"
            ) { stream in try spool.replay(into: stream) }
        }
        FaultPoint.hit("after_merge")
        if flags.count > 0 {
            _ = try connection.copy(
                "COPY etl.flags (run_id, target_table, target_key, source, file, line, record, field, reason, detail) FROM STDIN (FORMAT binary)"
            ) { stream in try flags.replay(into: stream) }
        }
        if rejects.count > 0 {
            _ = try connection.copy(
                "COPY etl.quarantine (run_id, source, file, line, byte_offset, record, reason, field, detail, original) FROM STDIN (FORMAT binary)"
            ) { stream in try rejects.replay(into: stream) }
        }
        let run = String(runId)
        try connection.execute(
            """
            INSERT INTO etl.runs (run_id, pipeline, pipeline_sha256, target_schema, started_at, finished_at, status,
                records_read, loaded, merged, quarantined, inserted, updated, unchanged, tool_version, summary)
            VALUES ($1, $2, $3, $4, $5, clock_timestamp(), 'succeeded', $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb)
            """,
            [run, plan.pipeline, plan.pipelineSHA256, plan.schema, ledger.startedAt,
             String(ledger.recordsRead), String(loaded), String(merged), String(ledger.quarantined),
             String(outcomes.reduce(0) { $0 + $1.inserted }), String(outcomes.reduce(0) { $0 + $1.updated }),
             String(outcomes.reduce(0) { $0 + $1.unchanged }), plan.toolVersion, ledger.summaryJSON(outcomes)])
        FaultPoint.hit("before_commit")
        try connection.execute("COMMIT")
        open = false
        return outcomes
    }

    /// Rolls the transaction back (after a failure that left the connection usable).
    public func rollback() {
        guard open else { return }
        _ = try? connection.execute("ROLLBACK")
        open = false
    }

    /// Reads every stored key of the table with its row's content hash.
    private func storedKeys(_ sql: TableSQL) throws -> TargetIndex {
        let estimate = try connection.execute(
            "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = $1::regclass", [sql.target])
        var index = TargetIndex(expected: Int(estimate.scalar ?? "0") ?? 0, fingerprintBits: TestHooks.fingerprintBits)
        var key: [UInt8] = []
        var first = true
        let keyCount = sql.table.key.count
        try connection.copyOut(sql.storedKeys) { message in
            var reader = BinaryTupleReader(message)
            if first {
                try reader.skipHeader()
                first = false
            }
            guard let fields = try reader.fieldCount(), fields == keyCount + 1 else { return }
            key.removeAll(keepingCapacity: true)
            for k in 0..<keyCount {
                if k > 0 { key.append(0) }
                try reader.field { key.append(contentsOf: $0) }
            }
            var hash: Int64 = 0
            try reader.field { bytes in
                for b in bytes { hash = hash << 8 | Int64(b) }
            }
            do {
                try key.withUnsafeBufferPointer { (k) throws(TargetIndex.Collision) in try index.addStored(k, hash: hash) }
            } catch {
                throw LoadError(.accounting, "table \(sql.qualifiedName): two stored keys share one fingerprint "
                                + "(a 1-in-2^61 event per pair); nothing was written; run again, each run draws a new seed")
            }
        }
        return index
    }

    private func copyFiles() throws {
        guard !files.isEmpty else { return }
        _ = try connection.copy(
            """
            COPY etl.run_files (run_id, file_id, source, name, size, records, rejected, encoding, encoding_confidence)
            FROM STDIN (FORMAT binary)
            """
        ) { stream in
            try stream.write { out in
                out.append(contentsOf: BinaryCopyEncoder.header)
                for f in files {
                    BinaryCopyEncoder.beginTuple(9, &out)
                    BinaryCopyEncoder.appendBigint(runId, &out)
                    BinaryCopyEncoder.appendInt(f.id, &out)
                    BinaryCopyEncoder.appendText(f.source, &out)
                    BinaryCopyEncoder.appendText(f.name, &out)
                    BinaryCopyEncoder.appendBigint(f.size, &out)
                    BinaryCopyEncoder.appendBigint(Int64(f.records), &out)
                    BinaryCopyEncoder.appendBigint(Int64(f.rejected), &out)
                    if let encoding = f.encoding {
                        BinaryCopyEncoder.appendText(encoding, &out)
                    } else {
                        BinaryCopyEncoder.appendNull(&out)
                    }
                    if let confidence = f.encodingConfidence {
                        BinaryCopyEncoder.appendFloat8(confidence, &out)
                    } else {
                        BinaryCopyEncoder.appendNull(&out)
                    }
                }
                out.append(contentsOf: BinaryCopyEncoder.trailer)
            }
        }
    }

    /// Creates the target table, or checks that an existing one has the declared columns.
    private func ensureTable(_ table: TableSpec) throws(LoadError) {
        let sql = TableSQL(schema: plan.schema, table: table)
        let existing = try connection.execute(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, [plan.schema, table.name])
        if existing.rows.isEmpty {
            try connection.execute(sql.createTarget)
            return
        }
        let have = existing.rows.map { "\($0[0] ?? "") \($0[1] ?? "")" }
        let want = sql.targetColumns.map { "\($0.name) \($0.type)" }
        guard have == want else {
            throw LoadError(.schemaMismatch,
                            "table \(plan.schema).\(table.name) exists with columns (\(have.joined(separator: ", "))) but the pipeline declares (\(want.joined(separator: ", "))); migrate or drop it")
        }
    }
}
