import Foundation
import Load
import TestSupport
import Testing

/// A kill at any point of a run leaves the database as it was; the next run finishes the job.
@Suite(.serialized) struct CrashSafetyTests {
    let demo = PipelineProcess.packageRoot.appendingPathComponent("pipelines/demo.yml").path

    @Test(arguments: ["after_begin", "mid_copy", "after_copy", "after_merge", "before_commit"])
    func killOnFirstLoadLeavesNothingAndTheRerunCompletes(_ point: String) throws {
        let db = try TestDatabase.create("kill\(point)")
        let work = try PipelineProcess.temporaryDirectory("kill")
        let killed = try PipelineProcess.run(["run", demo, "--database", db], in: work, environment: ["MOTCUA_FAULT": point])
        #expect(killed.signaled && killed.status == SIGKILL, "status \(killed.status): \(killed.stderr)")
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT to_regclass('dvc.dossiers') IS NULL AND to_regclass('etl.runs') IS NULL").scalar == "t")

        let rerun = try PipelineProcess.run(["run", demo, "--database", db], in: work)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("run 1 "), "\(rerun.stdout)")
        #expect(rerun.stdout.contains("inserted 3124, updated 0, unchanged 0"), "\(rerun.stdout)")
    }

    @Test(arguments: ["mid_copy", "after_merge", "before_commit"])
    func killDuringAnUpdateLeavesTheTargetAsItWas(_ point: String) throws {
        let db = try TestDatabase.create("killupd\(point)")
        let work = try PipelineProcess.temporaryDirectory("killupd")
        #expect(try PipelineProcess.run(["run", demo, "--database", db], in: work).status == 0)
        let before = try PgDump.schema("dvc", conninfo: db)
        // The same pipeline with one more rule: every applicant name changes.
        let text = try String(contentsOfFile: demo, encoding: .utf8)
            .replacingOccurrences(of: "applicant_name: [nfc, collapse_spaces, person_name]", with: "applicant_name: [nfc, collapse_spaces, person_name, upper]")
            .replacingOccurrences(of: "../samples/", with: PipelineProcess.packageRoot.appendingPathComponent("samples").path + "/")
        let changed = work.appendingPathComponent("changed.yml")
        try text.write(to: changed, atomically: true, encoding: .utf8)

        let killed = try PipelineProcess.run(["run", changed.path, "--database", db], in: work, environment: ["MOTCUA_FAULT": point])
        #expect(killed.signaled && killed.status == SIGKILL)
        #expect(try PgDump.schema("dvc", conninfo: db) == before)
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT count(*) FROM etl.runs").scalar == "1")

        let rerun = try PipelineProcess.run(["run", changed.path, "--database", db], in: work)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("run 2 "))
        #expect(try c.execute("SELECT count(*) FROM dvc.dossiers WHERE applicant_name <> upper(applicant_name)").scalar == "0")
    }
}
