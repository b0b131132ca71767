public import Core

/// One run's transaction: it begins, stages every table's records with COPY, merges them into
/// the targets, writes lineage, quarantine, the input files and the ledger row, and commits.
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

    /// What the merge did to one target table.
    public struct TableOutcome: Sendable, Hashable {
        public var table: String
        public var staged: Int
        public var winners: Int
        public var inserted: Int
        public var updated: Int
        public var unchanged: Int
    }

    /// The ledger row's figures, computed by the caller from what it read and quarantined.
    public struct Ledger {
        public var startedAt: String
        public var recordsRead: Int
        public var merged: Int
        public var quarantined: Int
        /// Builds the run summary stored as `etl.runs.summary` (a JSON object) from the merge's
        /// outcomes.
        public var summaryJSON: ([TableOutcome]) -> String

        public init(startedAt: String, recordsRead: Int, merged: Int, quarantined: Int,
                    summaryJSON: @escaping ([TableOutcome]) -> String) {
            self.startedAt = startedAt
            self.recordsRead = recordsRead
            self.merged = merged
            self.quarantined = quarantined
            self.summaryJSON = summaryJSON
        }
    }

    private let connection: PGConnection
    private let plan: Plan
    public private(set) var runId: Int64 = 0
    private var files: [(id: Int32, source: String, name: String, size: Int64, records: Int, rejected: Int)] = []
    private var staged: [String: (staged: Int, winners: Int)] = [:]
    private let spool: RejectSpool
    private var open = false

    public init(connection: PGConnection, plan: Plan) throws(LoadError) {
        self.connection = connection
        self.plan = plan
        self.spool = try RejectSpool()
    }

    /// Begins the transaction, waits for other runs against this database, creates the
    /// bookkeeping schema and the target tables if needed, and takes the next run id.
    public func begin() throws(LoadError) {
        try connection.execute("SET client_min_messages = warning")
        try connection.execute("SET temp_buffers = '256MB'")
        try connection.execute("BEGIN")
        open = true
        try connection.execute("SELECT pg_advisory_xact_lock(\(Bookkeeping.runLockKey))")
        try connection.executeScript(Bookkeeping.ddl)
        try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SQL.identifier(plan.schema))")
        for table in plan.tables {
            try ensureTable(table)
            try connection.execute(TableSQL(schema: plan.schema, table: table).createStaging)
        }
        let next = try connection.execute("SELECT coalesce(max(run_id), 0) + 1 FROM etl.runs")
        runId = Int64(next.scalar ?? "1") ?? 1
        FaultPoint.hit("after_begin")
    }

    /// Registers an input file; lineage and quarantine rows name files through its id.
    public func addFile(source: String, name: String, size: Int64) -> Int32 {
        let id = Int32(files.count + 1)
        files.append((id, source, name, size, 0, 0))
        return id
    }

    /// Records how many records a file gave and how many of them were rejected.
    public func setFileCounts(_ id: Int32, records: Int, rejected: Int) {
        files[Int(id) - 1].records = records
        files[Int(id) - 1].rejected = rejected
    }

    /// Stages the records of `table`: `body` appends them through the writer. Call once per table.
    public func stage(table: String, _ body: (StagingWriter) throws -> Void) throws {
        guard let spec = plan.tables.first(where: { $0.name == table }) else {
            throw LoadError(.copy, "no target table '\(table)' in the plan")
        }
        let sql = TableSQL(schema: plan.schema, table: spec)
        var writer: StagingWriter?
        _ = try connection.copy(sql.copyStaging) { stream in
            try stream.write { $0.append(contentsOf: BinaryCopyEncoder.header) }
            let w = StagingWriter(stream: stream, table: spec)
            writer = w
            try body(w)
            try stream.write { $0.append(contentsOf: BinaryCopyEncoder.trailer) }
        }
        let previous = staged[table] ?? (0, 0)
        staged[table] = (previous.staged + (writer?.staged ?? 0), previous.winners + (writer?.winners ?? 0))
        FaultPoint.hit("after_copy")
    }

    /// Spools a quarantined record; it is written with the run.
    public func quarantine(_ reject: Reject) throws(LoadError) {
        try spool.append(reject, runId: runId)
    }

    /// Merges the staged records into the targets, writes lineage, quarantine, input files and
    /// the ledger row, and commits.
    /// - Returns: What happened to each table.
    /// - Throws: ``LoadError``; the transaction is then rolled back.
    public func commit(ledger: Ledger) throws -> [TableOutcome] {
        let run = String(runId)
        try copyFiles()
        var outcomes: [TableOutcome] = []
        for table in plan.tables {
            let sql = TableSQL(schema: plan.schema, table: table)
            let counts = staged[table.name] ?? (0, 0)
            if counts.staged > 0 { try connection.execute("ANALYZE \(sql.staging)") }
            let updated = counts.staged > 0 ? try connection.execute(sql.update, [run]).affectedRows : 0
            let inserted = counts.staged > 0 ? try connection.execute(sql.insert, [run]).affectedRows : 0
            let unchanged = counts.winners - inserted - updated
            guard unchanged >= 0 else {
                throw LoadError(.accounting,
                                "table \(table.name): \(counts.winners) records staged but \(inserted) inserted and \(updated) updated")
            }
            if inserted + updated > 0 { try connection.execute(sql.lineage, [run, sql.qualifiedName]) }
            try connection.execute("DROP TABLE \(sql.staging)")
            outcomes.append(TableOutcome(
                table: table.name, staged: counts.staged, winners: counts.winners,
                inserted: inserted, updated: updated, unchanged: unchanged))
        }
        FaultPoint.hit("after_merge")
        if spool.count > 0 {
            _ = try connection.copy(
                "COPY etl.quarantine (run_id, source, file, line, byte_offset, record, reason, field, detail, original) FROM STDIN (FORMAT binary)"
            ) { stream in
                try stream.write { $0.append(contentsOf: BinaryCopyEncoder.header) }
                try spool.replay(into: stream)
                try stream.write { $0.append(contentsOf: BinaryCopyEncoder.trailer) }
            }
        }
        let loaded = outcomes.reduce(0) { $0 + $1.winners }
        let inserted = outcomes.reduce(0) { $0 + $1.inserted }
        let updated = outcomes.reduce(0) { $0 + $1.updated }
        let unchanged = outcomes.reduce(0) { $0 + $1.unchanged }
        guard ledger.recordsRead == loaded + ledger.merged + ledger.quarantined,
              ledger.quarantined == spool.count else {
            throw LoadError(.accounting,
                            "records read (\(ledger.recordsRead)) != loaded (\(loaded)) + merged (\(ledger.merged)) + quarantined (\(ledger.quarantined), spooled \(spool.count))")
        }
        try connection.execute(
            """
            INSERT INTO etl.runs (run_id, pipeline, pipeline_sha256, target_schema, started_at, finished_at, status,
                records_read, loaded, merged, quarantined, inserted, updated, unchanged, tool_version, summary)
            VALUES ($1, $2, $3, $4, $5, clock_timestamp(), 'succeeded', $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb)
            """,
            [run, plan.pipeline, plan.pipelineSHA256, plan.schema, ledger.startedAt,
             String(ledger.recordsRead), String(loaded), String(ledger.merged), String(ledger.quarantined),
             String(inserted), String(updated), String(unchanged), plan.toolVersion, ledger.summaryJSON(outcomes)])
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

    private func copyFiles() throws {
        guard !files.isEmpty else { return }
        _ = try connection.copy(
            "COPY etl.run_files (run_id, file_id, source, name, size, records, rejected) FROM STDIN (FORMAT binary)"
        ) { stream in
            try stream.write { out in
                out.append(contentsOf: BinaryCopyEncoder.header)
                for f in files {
                    BinaryCopyEncoder.beginTuple(7, &out)
                    BinaryCopyEncoder.appendBigint(runId, &out)
                    BinaryCopyEncoder.appendInt(f.id, &out)
                    BinaryCopyEncoder.appendText(f.source, &out)
                    BinaryCopyEncoder.appendText(f.name, &out)
                    BinaryCopyEncoder.appendBigint(f.size, &out)
                    BinaryCopyEncoder.appendBigint(Int64(f.records), &out)
                    BinaryCopyEncoder.appendBigint(Int64(f.rejected), &out)
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
