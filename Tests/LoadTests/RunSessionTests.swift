import Core
import Load
import TestSupport
import Testing

private func table() -> TableSpec {
    let loc = SourceLocation(file: "t.yml", line: 1, column: 1)
    return TableSpec(name: "dossiers", location: loc, key: ["code"], columns: [
        ColumnSpec(name: "code", type: .text, location: loc),
        ColumnSpec(name: "name", type: .text, location: loc),
        ColumnSpec(name: "received_at", type: .timestamptz, location: loc),
        ColumnSpec(name: "n", type: .integer, location: loc),
    ])
}

/// Runs one load of `rows` (code, name, received_at, n; a nil-name row is merged) and returns the outcome.
private func load(_ conninfo: String, _ rows: [(String, String?, String, String, Bool)],
                  rejects: [Reject] = [], fail: Bool = false) throws -> RunSession.TableOutcome {
    let c = try PGConnection(conninfo: conninfo)
    let session = try RunSession(connection: c, plan: .init(
        pipeline: "test", pipelineSHA256: "0", schema: "dvc", tables: [table()], toolVersion: "test"))
    try session.begin()
    let file = session.addFile(source: "src", name: "a.csv", size: 10)
    try session.stage(table: "dossiers") { w in
        for (i, r) in rows.enumerated() {
            try w.append(values: [r.0, r.1, r.2, r.3], winner: r.4, file: file,
                         origin: RowOrigin(line: i + 2, byteOffset: Int64(i * 40), record: i + 1), sourceKey: r.0)
        }
    }
    for r in rejects { try session.quarantine(r) }
    session.setFileCounts(file, records: rows.count + rejects.count, rejected: rejects.count)
    if fail { throw LoadError(.accounting, "injected") }
    let merged = rows.filter { !$0.4 }.count
    let out = try session.commit(ledger: .init(
        startedAt: "2025-07-01T00:00:00+07:00", recordsRead: rows.count + rejects.count, merged: merged,
        quarantined: rejects.count, summaryJSON: { _ in "{}" }))
    return out[0]
}

@Suite struct RunSessionTests {
    let rows: [(String, String?, String, String, Bool)] = [
        ("HS-1", "Nguyễn Văn An", "2025-03-04T08:15:00+07:00", "1", true),
        ("HS-2", "Trần Thị Bình", "2025-03-05T09:00:00+07:00", "2", true),
        ("HS-1", nil, "2025-03-04T08:15:00+07:00", "1", false),
    ]

    @Test func insertsThenLeavesUnchangedThenUpdatesOnlyWhatChanged() throws {
        let db = try TestDatabase.create("merge")
        let first = try load(db, rows)
        #expect((first.inserted, first.updated, first.unchanged) == (2, 0, 0))
        let again = try load(db, rows)
        #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 2))
        var changed = rows
        changed[1].1 = "Trần Thị Bình Minh"
        changed.append(("HS-3", "Lê Văn Cường", "2025-03-06T10:00:00+07:00", "3", true))
        let third = try load(db, changed)
        #expect((third.inserted, third.updated, third.unchanged) == (1, 1, 1))

        let c = try PGConnection(conninfo: db)
        let data = try c.execute(#"SELECT code, name, "_run_id" FROM dvc.dossiers ORDER BY code"#)
        #expect(data.rows == [["HS-1", "Nguyễn Văn An", "1"], ["HS-2", "Trần Thị Bình Minh", "3"], ["HS-3", "Lê Văn Cường", "3"]])
        let ledger = try c.execute("SELECT run_id, records_read, loaded, merged, inserted, updated, unchanged FROM etl.runs ORDER BY run_id")
        #expect(ledger.rows == [["1", "3", "2", "1", "2", "0", "0"], ["2", "3", "2", "1", "0", "0", "2"], ["3", "4", "3", "1", "1", "1", "1"]])
        let lineage = try c.execute("SELECT run_id, target_key, role, line FROM etl.lineage ORDER BY run_id, line")
        #expect(lineage.rows == [
            ["1", "HS-1", "loaded", "2"], ["1", "HS-2", "loaded", "3"], ["1", "HS-1", "merged", "4"],
            ["3", "HS-2", "loaded", "3"], ["3", "HS-3", "loaded", "5"],
        ])
    }

    @Test func quarantineKeepsTheOriginalAsJSONB() throws {
        let db = try TestDatabase.create("quarantine")
        let reject = Reject(source: "src", file: "a.csv", origin: RowOrigin(line: 7, byteOffset: 123, record: 6),
                            reason: .missingRequired, field: "code", detail: "code is missing",
                            original: #"{"Ma":"","Ten":"Hồ \"Thị\""}"#)
        _ = try load(db, rows, rejects: [reject])
        let c = try PGConnection(conninfo: db)
        let q = try c.execute("SELECT reason, field, line, byte_offset, original->>'Ten' FROM etl.quarantine")
        #expect(q.rows == [["missing_required", "code", "7", "123", "Hồ \"Thị\""]])
    }

    @Test func aFailedRunLeavesNothingBehind() throws {
        let db = try TestDatabase.create("rollback")
        _ = try load(db, rows)
        #expect(throws: LoadError.self) {
            _ = try load(db, [("HS-9", "X", "2025-03-04T08:15:00+07:00", "9", true)], fail: true)
        }
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT count(*) FROM dvc.dossiers").scalar == "2")
        #expect(try c.execute("SELECT count(*) FROM etl.runs").scalar == "1")
    }

    @Test func accountingThatDoesNotAddUpIsRefused() throws {
        let db = try TestDatabase.create("accounting")
        let c = try PGConnection(conninfo: db)
        let session = try RunSession(connection: c, plan: .init(
            pipeline: "test", pipelineSHA256: "0", schema: "dvc", tables: [table()], toolVersion: "test"))
        try session.begin()
        try session.stage(table: "dossiers") { w in
            try w.append(values: ["A", "x", "2025-03-04T08:15:00+07:00", "1"], winner: true, file: 0,
                         origin: RowOrigin(line: 1, byteOffset: 0, record: 1), sourceKey: "A")
        }
        #expect(throws: LoadError.self) {
            _ = try session.commit(ledger: .init(startedAt: "2025-07-01T00:00:00Z", recordsRead: 5, merged: 0,
                                                 quarantined: 0, summaryJSON: { _ in "{}" }))
        }
        session.rollback()
        #expect(try c.execute("SELECT to_regclass('dvc.dossiers') IS NULL").scalar == "t")
    }

    @Test func anExistingTableWithOtherColumnsIsNotTouched() throws {
        let db = try TestDatabase.create("mismatch")
        let c = try PGConnection(conninfo: db)
        try c.executeScript("CREATE SCHEMA dvc; CREATE TABLE dvc.dossiers (code text PRIMARY KEY, other int)")
        #expect {
            _ = try load(db, rows)
        } throws: { ($0 as? LoadError)?.code == .schemaMismatch }
    }
}
