import Foundation
import Load
import TestSupport
import Testing

/// Keys are held as fingerprints during a run; a collision must fail the run before anything
/// is committed, never merge two different keys or lose a row. Shortened fingerprints
/// (`MOTCUA_FINGERPRINT_BITS`) make collisions certain on the demo's 3,124 keys.
@Suite(.serialized) struct FingerprintCollisionTests {
    let demo = PipelineProcess.packageRoot.appendingPathComponent("pipelines/demo.yml").path

    @Test func aCollisionAmongNewKeysFailsTheRunAndLeavesNothing() throws {
        let db = try TestDatabase.create("fpnew")
        let work = try PipelineProcess.temporaryDirectory("fpnew")
        let run = try PipelineProcess.run(["run", demo, "--database", db], in: work,
                                          environment: ["MOTCUA_FINGERPRINT_BITS": "10"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("taken as duplicates have a key the table does not hold"), "\(run.stderr)")
        #expect(run.stderr.contains("the database was left as it was"))
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT to_regclass('dvc.dossiers') IS NULL AND to_regclass('etl.runs') IS NULL").scalar == "t")

        // The same run with full fingerprints loads everything.
        let rerun = try PipelineProcess.run(["run", demo, "--database", db], in: work)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("inserted 3124, updated 0, unchanged 0"), "\(rerun.stdout)")
    }

    @Test func aCollisionAmongStoredKeysIsRefused() throws {
        let db = try TestDatabase.create("fpstored")
        let work = try PipelineProcess.temporaryDirectory("fpstored")
        #expect(try PipelineProcess.run(["run", demo, "--database", db], in: work).status == 0)
        let before = try PgDump.schema("dvc", conninfo: db)
        let run = try PipelineProcess.run(["run", demo, "--database", db], in: work,
                                          environment: ["MOTCUA_FINGERPRINT_BITS": "10"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("two stored keys share one fingerprint"), "\(run.stderr)")
        #expect(try PgDump.schema("dvc", conninfo: db) == before)
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT count(*) FROM etl.runs").scalar == "1")
    }
}
