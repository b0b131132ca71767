import Foundation
import Load
import TestSupport
import Testing

/// What users see when something is wrong: positions, exit codes, no secrets.
@Suite struct CommandLineTests {
    let root = PipelineProcess.packageRoot

    func write(_ text: String, _ name: String = "p.yml") throws -> URL {
        let dir = try PipelineProcess.temporaryDirectory("cli")
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func validateAcceptsTheDemo() throws {
        let r = try PipelineProcess.run(["validate", "pipelines/demo.yml"], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "pipelines/demo.yml: ok (2 sources, 1 table)\n")
    }

    @Test func validateReportsRulesAndFilesAtTheirPositions() throws {
        let file = try write("""
            version: 1
            name: x
            sources:
              - name: s
                path: nowhere/*.csv
                format: csv
                fields: { id: id, name: name }
            cleanse:
              fields:
                name: [nfc, titlecase]
            load:
              tables: { t: { key: id, columns: { id: text, name: text } } }
            """)
        let r = try PipelineProcess.run(["validate", file.path], in: file.deletingLastPathComponent())
        #expect(r.status == 64)
        #expect(r.stderr.contains("\(file.path):5:11: error: source 's': no file matches"), "\(r.stderr)")
        #expect(r.stderr.contains("\(file.path):10:17: error: unknown rule 'titlecase'"), "\(r.stderr)")
        #expect(r.stderr.contains("    name: [nfc, titlecase]\n                ^"), "\(r.stderr)")
        #expect(r.stderr.contains("2 errors"))
    }

    @Test func runRefusesAnInvalidFileBeforeTouchingAnything() throws {
        let file = try write("version: 1\nname: x\nsources: []\nload: { tables: {} }\n")
        let r = try PipelineProcess.run(["run", file.path, "--database", "host=/nonexistent"], in: file.deletingLastPathComponent())
        #expect(r.status == 64)
        #expect(r.stderr.contains("nothing was run"))
    }

    @Test func unreachableDatabaseFailsWithoutShowingThePassword() throws {
        let r = try PipelineProcess.run(
            ["run", "pipelines/demo.yml", "--database", "postgresql://dvc:s3cr3t-pw@127.0.0.1:1/x?connect_timeout=2"], in: root)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot connect to PostgreSQL"), "\(r.stderr)")
        #expect(!r.stderr.contains("s3cr3t-pw") && !r.stdout.contains("s3cr3t-pw"))
    }

    @Test func aPasswordInTheConnectionStringAppearsNowhere() throws {
        let db = try TestDatabase.create("secret")
        let work = try PipelineProcess.temporaryDirectory("secret")
        // The test cluster trusts local connections, so the password is accepted and unused.
        let r = try PipelineProcess.run(
            ["run", root.appendingPathComponent("pipelines/demo.yml").path, "--database", "\(db) password=hunter2-secret", "--json"],
            in: work)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("password=***"))
        let report = try String(contentsOf: work.appendingPathComponent("reports/run-1.json"), encoding: .utf8)
        let html = try String(contentsOf: work.appendingPathComponent("reports/run-1.html"), encoding: .utf8)
        for text in [r.stdout, r.stderr, report, html] { #expect(!text.contains("hunter2-secret")) }
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT count(*) FROM etl.runs WHERE summary::text LIKE '%hunter2%'").scalar == "0")
    }

    @Test(.enabled(if: TestDatabase.cluster != nil, "needs the tests' own cluster, whose connection string is key=value"))
    func theDatabaseComesFromThePGVariablesOrFromTheFile() throws {
        let db = try TestDatabase.create("pgvars")
        var variables: [String: String] = [:]
        let names = ["host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "dbname": "PGDATABASE"]
        for pair in db.split(separator: " ") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if let name = names[kv[0]] { variables[name] = kv[1] }
        }
        let work = try PipelineProcess.temporaryDirectory("pgvars")
        let demo = root.appendingPathComponent("pipelines/demo.yml").path
        let viaVariables = try PipelineProcess.run(["run", demo, "--json"], in: work, environment: variables)
        #expect(viaVariables.status == 0, "\(viaVariables.stderr)")
        #expect(viaVariables.stdout.contains("libpq defaults (PG* environment)"))

        // load.database from the environment through ${VAR}.
        let file = work.appendingPathComponent("p.yml")
        try String(contentsOfFile: demo, encoding: .utf8)
            .replacingOccurrences(of: "  schema: dvc", with: "  database: ${MOTCUA_TEST_DB}\n  schema: dvc")
            .replacingOccurrences(of: "../samples/", with: root.appendingPathComponent("samples").path + "/")
            .write(to: file, atomically: true, encoding: .utf8)
        let viaFile = try PipelineProcess.run(["run", file.path], in: work, environment: ["MOTCUA_TEST_DB": db])
        #expect(viaFile.status == 0, "\(viaFile.stderr)")
        #expect(viaFile.stdout.contains("run 2 ") && viaFile.stdout.contains("unchanged 3124"), "the same database")
    }

    @Test func onErrorStopFailsTheRunBeforeAnythingIsLoaded() throws {
        let dir = try PipelineProcess.temporaryDirectory("stop")
        try "id,name\r\n1,An\r\n2,\"Bình\r\n".write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("p.yml")
        try """
            version: 1
            name: stop
            sources:
              - { name: s, path: a.csv, format: csv, key: id, fields: { id: id, name: name }, on_error: stop }
            load:
              schema: t
              tables: { people: { key: id, columns: { id: text, name: text } } }
            """.write(to: file, atomically: true, encoding: .utf8)
        let db = try TestDatabase.create("stop")
        let r = try PipelineProcess.run(["run", file.path, "--database", db], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("a.csv:3"), "\(r.stderr)")
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT to_regclass('t.people') IS NULL").scalar == "t")

        // The same file with on_error: quarantine loads the good record and quarantines the bad one.
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "on_error: stop", with: "on_error: quarantine")
            .write(to: file, atomically: true, encoding: .utf8)
        let q = try PipelineProcess.run(["run", file.path, "--database", db], in: dir)
        #expect(q.status == 0, "\(q.stderr)")
        #expect(q.stdout.contains("read 2 = loaded 1 + merged 0 + quarantined 1"), "\(q.stdout)")
        let row = try c.execute("SELECT reason, line, byte_offset FROM etl.quarantine")
        #expect(row.rows == [["malformed_record", "3", "15"]])
    }

    @Test func jsonFlagPrintsTheSummary() throws {
        let db = try TestDatabase.create("json")
        let work = try PipelineProcess.temporaryDirectory("json")
        let r = try PipelineProcess.run(["run", root.appendingPathComponent("pipelines/demo.yml").path, "--database", db, "--json"], in: work)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "motcua.report/1")
        let manifest = try #require(json["manifest"] as? [String: Any])
        #expect(manifest["database"] as? String == "\(db) (--database)")
        let reconciliation = try #require(json["reconciliation"] as? [String: Any])
        #expect(reconciliation["read"] as? Int == 3200)
        let sources = try #require(reconciliation["sources"] as? [[String: Any]])
        #expect(sources.first { $0["source"] as? String == "quangtri" }?["read"] as? Int == 1400)
    }
}
