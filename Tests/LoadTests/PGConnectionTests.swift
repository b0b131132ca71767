import Core
import Load
import TestSupport
import Testing

@Suite struct PGConnectionTests {
    @Test func parametersAreValuesNotSQL() throws {
        let c = try PGConnection(conninfo: try TestDatabase.create("params"))
        let r = try c.execute("SELECT $1::text, $2::text IS NULL", ["x'); DROP TABLE y; --", nil])
        #expect(r.rows == [["x'); DROP TABLE y; --", "t"]])
    }

    @Test func serverErrorsCarryTheirSQLState() throws {
        let c = try PGConnection(conninfo: try TestDatabase.create("errors"))
        #expect {
            try c.execute("SELECT * FROM no_such_table")
        } throws: { error in
            (error as? LoadError)?.sqlState == "42P01" && (error as? LoadError)?.code == .query
        }
    }

    @Test func badConnectionSaysSoWithoutThePassword() {
        #expect {
            _ = try PGConnection(conninfo: "host=/nonexistent-dir port=1 user=u password=hunter2 dbname=x connect_timeout=2")
        } throws: { error in
            let e = error as? LoadError
            return e?.code == .connection && !(e?.description.contains("hunter2") ?? true)
        }
    }

    @Test func identifiersAreQuoted() {
        #expect(SQL.identifier(#"we"ird"#) == #""we""ird""#)
        #expect(SQL.qualified("dvc", "hồ sơ") == #""dvc"."hồ sơ""#)
    }
}
