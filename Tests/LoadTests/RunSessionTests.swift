import Core
import Load
import TestSupport
import Testing

private let here = SourceLocation(file: "t.yml", line: 1, column: 1)

private func table(_ columns: [(String, ColumnType)] = [("code", .text), ("name", .text), ("received_at", .timestamptz), ("n", .integer)],
                   key: [String] = ["code"]) -> TableSpec {
    TableSpec(name: "dossiers", location: here, key: key,
              columns: columns.map { ColumnSpec(name: $0.0, type: $0.1, location: here) })
}

/// One run loading `rows` (values in `spec`'s column order) and `rejects`; `fail` aborts it
/// before the commit.
@discardableResult
private func load(_ conninfo: String, _ rows: [[String?]], spec: TableSpec = table(), rejects: [Reject] = [],
                  fail: Bool = false) throws -> (RunSession.TableOutcome, [TableWriter.Disposition]) {
    let c = try PGConnection(conninfo: conninfo)
    let session = try RunSession(connection: c, plan: .init(
        pipeline: "test", pipelineSHA256: "0", schema: "dvc", tables: [spec], toolVersion: "test"))
    try session.begin()
    let file = session.addFile(source: "src", name: "a.csv", size: 10)
    var dispositions: [TableWriter.Disposition] = []
    let outcome = try session.write(table: "dossiers") { w in
        for (i, r) in rows.enumerated() {
            dispositions.append(try w.append(values: ContiguousArray(r), file: file,
                                             origin: RowOrigin(line: i + 2, byteOffset: Int64(i * 40), record: i + 1),
                                             sourceKey: r[0]))
        }
    }
    for r in rejects { try session.quarantine(r) }
    session.setFileCounts(file, records: rows.count + rejects.count, rejected: rejects.count)
    if fail { throw LoadError(.accounting, "injected") }
    _ = try session.commit(ledger: .init(
        startedAt: "2025-07-01T00:00:00+07:00", recordsRead: rows.count + rejects.count,
        quarantined: rejects.count, summaryJSON: { _ in "{}" }))
    return (outcome, dispositions)
}

@Suite struct RunSessionTests {
    let rows: [[String?]] = [
        ["HS-1", "Nguyễn Văn An", "2025-03-04T08:15:00+07:00", "1"],
        ["HS-2", "Trần Thị Bình", "2025-03-05T09:00:00+07:00", "2"],
        ["HS-1", "Nguyễn Văn An (bản sao)", "2025-03-04T08:15:00+07:00", "1"],
    ]

    @Test func insertsThenLeavesUnchangedThenUpdatesOnlyWhatChanged() throws {
        let db = try TestDatabase.create("merge")
        let (first, d1) = try load(db, rows)
        #expect(d1 == [.inserted, .inserted, .merged])
        #expect((first.inserted, first.updated, first.unchanged, first.merged) == (2, 0, 0, 1))
        let (again, d2) = try load(db, rows)
        #expect(d2 == [.unchanged, .unchanged, .merged])
        #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 2))
        var changed = rows
        changed[1][1] = "Trần Thị Bình Minh"
        changed.append(["HS-3", "Lê Văn Cường", "2025-03-06T10:00:00+07:00", "3"])
        let (third, d3) = try load(db, changed)
        #expect(d3 == [.unchanged, .updated, .merged, .inserted])
        #expect((third.inserted, third.updated, third.unchanged) == (1, 1, 1))

        let c = try PGConnection(conninfo: db)
        let data = try c.execute(#"SELECT code, name, received_at::text, "_run_id" FROM dvc.dossiers ORDER BY code"#)
        #expect(data.rows == [
            ["HS-1", "Nguyễn Văn An", "2025-03-04 01:15:00+00", "1"],
            ["HS-2", "Trần Thị Bình Minh", "2025-03-05 02:00:00+00", "3"],
            ["HS-3", "Lê Văn Cường", "2025-03-06 03:00:00+00", "3"],
        ])
        let ledger = try c.execute("SELECT run_id, records_read, loaded, merged, inserted, updated, unchanged FROM etl.runs ORDER BY run_id")
        #expect(ledger.rows == [["1", "3", "2", "1", "2", "0", "0"], ["2", "3", "2", "1", "0", "0", "2"], ["3", "4", "3", "1", "1", "1", "1"]])
        let lineage = try c.execute("SELECT run_id, target_key, source, file, role, line FROM etl.lineage_files ORDER BY run_id, line")
        #expect(lineage.rows == [
            ["1", "HS-1", "src", "a.csv", "loaded", "2"], ["1", "HS-2", "src", "a.csv", "loaded", "3"],
            ["1", "HS-1", "src", "a.csv", "merged", "4"],
            ["3", "HS-2", "src", "a.csv", "loaded", "3"], ["3", "HS-3", "src", "a.csv", "loaded", "5"],
        ])
    }

    @Test func everyColumnTypeRoundTripsThroughBinaryCopy() throws {
        let db = try TestDatabase.create("types")
        let spec = table([("id", .bigint), ("i", .integer), ("x", .numeric), ("b", .boolean), ("d", .date),
                          ("ts", .timestamptz), ("t", .timestamp), ("s", .text)], key: ["id"])
        let values: [[String?]] = [
            ["9007199254740993", "-2147483648", "-12345.6789", "true", "2024-02-29", "2024-01-02T08:36:40.25+07:00",
             "1999-12-31T23:59:59", "Hồ Thị \"Hoa\"\n\t\\"],
            ["1", "0", "0.00010", "false", "1900-03-01", "2000-01-01T00:00:00Z", "2100-06-15T12:00:00.000001", ""],
            ["2", nil, "100000000.5", nil, "0001-01-01", "1970-01-01T00:00:00-05:30", nil, nil],
            ["3", "7", "0", "true", "9999-12-31", "2025-07-01T00:00:00+07:00", "2025-07-01T00:00:00", "x"],
        ]
        try load(db, values, spec: spec)
        let c = try PGConnection(conninfo: db)
        try c.execute("SET TimeZone = 'UTC'")
        let back = try c.execute("SELECT id, i, x, b, d, ts, t, s FROM dvc.dossiers ORDER BY id")
        #expect(back.rows == [
            ["1", "0", "0.00010", "f", "1900-03-01", "2000-01-01 00:00:00+00", "2100-06-15 12:00:00.000001", ""],
            ["2", nil, "100000000.5", nil, "0001-01-01", "1970-01-01 05:30:00+00", nil, nil],
            ["3", "7", "0", "t", "9999-12-31", "2025-06-30 17:00:00+00", "2025-07-01 00:00:00", "x"],
            ["9007199254740993", "-2147483648", "-12345.6789", "t", "2024-02-29", "2024-01-02 01:36:40.25+00",
             "1999-12-31 23:59:59", "Hồ Thị \"Hoa\"\n\t\\"],
        ])
        // The stored keys read back equal: a second run changes nothing.
        let (again, _) = try load(db, values, spec: spec)
        #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 4))
    }

    @Test func compositeKeysMatchTheirStoredRows() throws {
        let db = try TestDatabase.create("composite")
        let spec = table([("code", .text), ("day", .date), ("n", .integer)], key: ["code", "day"])
        let rows: [[String?]] = [["A", "2025-01-01", "1"], ["A", "2025-01-02", "2"], ["A", "2025-01-01", "9"]]
        let (first, d) = try load(db, rows, spec: spec)
        #expect(d == [.inserted, .inserted, .merged])
        #expect(first.inserted == 2)
        let (second, _) = try load(db, [["A", "2025-01-02", "3"], ["B", "2025-01-01", "1"]], spec: spec)
        #expect((second.inserted, second.updated, second.unchanged) == (1, 1, 0))
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT target_key FROM etl.lineage WHERE run_id = 1 ORDER BY line").rows
            == [[#"["A","2025-01-01"]"#], [#"["A","2025-01-02"]"#], [#"["A","2025-01-01"]"#]])
    }

    @Test func quarantineKeepsTheOriginalAsJSONB() throws {
        let db = try TestDatabase.create("quarantine")
        let reject = Reject(source: "src", file: "a.csv", origin: RowOrigin(line: 7, byteOffset: 123, record: 6),
                            reason: .missingRequired, field: "code", detail: "code is missing",
                            original: #"{"Ma":"","Ten":"Hồ \"Thị\""}"#)
        try load(db, rows, rejects: [reject])
        let c = try PGConnection(conninfo: db)
        let q = try c.execute("SELECT reason, field, line, byte_offset, original->>'Ten' FROM etl.quarantine")
        #expect(q.rows == [["missing_required", "code", "7", "123", "Hồ \"Thị\""]])
    }

    @Test func aFailedRunLeavesNothingBehind() throws {
        let db = try TestDatabase.create("rollback")
        try load(db, rows)
        #expect(throws: LoadError.self) {
            try load(db, [["HS-9", "X", "2025-03-04T08:15:00+07:00", "9"], ["HS-2", "changed", nil, nil]], fail: true)
        }
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT count(*), max(name) FROM dvc.dossiers").rows == [["2", "Trần Thị Bình"]])
        #expect(try c.execute("SELECT count(*) FROM etl.runs").scalar == "1")
    }

    @Test func accountingThatDoesNotAddUpIsRefused() throws {
        let db = try TestDatabase.create("accounting")
        let c = try PGConnection(conninfo: db)
        let session = try RunSession(connection: c, plan: .init(
            pipeline: "test", pipelineSHA256: "0", schema: "dvc", tables: [table()], toolVersion: "test"))
        try session.begin()
        try session.write(table: "dossiers") { w in
            try w.append(values: ["A", "x", "2025-03-04T08:15:00+07:00", "1"], file: 0,
                         origin: RowOrigin(line: 1, byteOffset: 0, record: 1), sourceKey: "A")
        }
        #expect(throws: LoadError.self) {
            _ = try session.commit(ledger: .init(startedAt: "2025-07-01T00:00:00Z", recordsRead: 5,
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
            try load(db, rows)
        } throws: { ($0 as? LoadError)?.code == .schemaMismatch }
    }
}
