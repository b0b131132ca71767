public import Core

/// Reads the run ledger (`etl.runs`) and a run's quarantine, for reports of past runs and for
/// the trends of the current one.
public struct RunLedger {
    /// One committed run's key figures.
    public struct Entry: Sendable, Hashable {
        public var runId: Int64
        public var pipeline: String
        /// ISO 8601, UTC.
        public var startedAt: String
        public var seconds: Double
        public var read: Int
        public var loaded: Int
        public var merged: Int
        public var quarantined: Int
        public var flagged: Int
    }

    private let connection: PGConnection

    public init(connection: PGConnection) { self.connection = connection }

    /// Whether the database holds a ledger at all (a run ever committed to it).
    public func exists() throws(LoadError) -> Bool {
        try connection.execute("SELECT to_regclass('etl.runs') IS NOT NULL").scalar == "t"
    }

    /// The stored report (`etl.runs.summary`) of run `runId`, or `nil` when there is no such run.
    public func report(runId: Int64) throws(LoadError) -> String? {
        try connection.execute("SELECT summary::text FROM etl.runs WHERE run_id = $1", [String(runId)]).scalar
    }

    /// The latest committed run, of `pipeline` when given.
    public func latestRunId(pipeline: String? = nil) throws(LoadError) -> Int64? {
        let result = try connection.execute(
            "SELECT max(run_id) FROM etl.runs WHERE $1::text IS NULL OR pipeline = $1", [pipeline])
        return result.scalar.flatMap { Int64($0) }
    }

    /// The last `limit` runs of `pipeline` up to and including run `upTo`, oldest first.
    public func history(pipeline: String, upTo: Int64, limit: Int) throws(LoadError) -> [Entry] {
        let result = try connection.execute(
            """
            SELECT r.run_id, r.pipeline,
                   to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   extract(epoch FROM r.finished_at - r.started_at),
                   r.records_read, r.loaded, r.merged, r.quarantined,
                   (SELECT count(*) FROM etl.flags f WHERE f.run_id = r.run_id)
            FROM etl.runs r WHERE r.pipeline = $1 AND r.run_id <= $2
            ORDER BY r.run_id DESC LIMIT $3
            """, [pipeline, String(upTo), String(limit)])
        return result.rows.reversed().map { row in
            func int(_ i: Int) -> Int { row[i].flatMap { Int($0) } ?? 0 }
            return Entry(runId: row[0].flatMap { Int64($0) } ?? 0, pipeline: row[1] ?? "", startedAt: row[2] ?? "",
                         seconds: row[3].flatMap { Double($0) } ?? 0, read: int(4), loaded: int(5), merged: int(6),
                         quarantined: int(7), flagged: int(8))
        }
    }

    /// The first `limit` quarantined records of run `runId` with `reason`, by source, file and
    /// record number.
    /// The records are as read: the caller masks them.
    public func quarantined(runId: Int64, reason: String, limit: Int) throws(LoadError) -> [Reject] {
        let result = try connection.execute(
            """
            SELECT source, file, line, byte_offset, record, field, detail, original::text
            FROM etl.quarantine WHERE run_id = $1 AND reason = $2 ORDER BY source COLLATE "C", file COLLATE "C", record LIMIT $3
            """, [String(runId), reason, String(limit)])
        return result.rows.map { row in
            Reject(source: row[0] ?? "", file: row[1] ?? "",
                   origin: RowOrigin(line: row[2].flatMap { Int($0) } ?? 0, byteOffset: row[3].flatMap { Int64($0) } ?? 0,
                                     record: row[4].flatMap { Int($0) } ?? 0),
                   reason: ReasonCode(rawValue: reason), field: row[5], detail: row[6] ?? "", original: row[7] ?? "null")
        }
    }
}
