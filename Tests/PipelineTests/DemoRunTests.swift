import Foundation
import Load
import TestSupport
import Testing

/// The shipped demo, run by the real binary against a real server.
@Suite(.serialized) struct DemoRunTests {
    let root = PipelineProcess.packageRoot
    var demo: String { root.appendingPathComponent("pipelines/demo.yml").path }

    /// The counts the sample generator injected (samples/expected.json).
    struct Expected {
        let read: Int, loaded: Int, merged: Int, quarantined: Int
        let missingRequired: Int, invalidDate: Int

        init(root: URL) throws {
            let data = try Data(contentsOf: root.appendingPathComponent("samples/expected.json"))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let qb = try #require(json["quangbinh"] as? [String: Any])
            let qt = try #require(json["quangtri"] as? [String: Any])
            func int(_ d: [String: Any], _ k: String) -> Int { d[k] as? Int ?? -1 }
            func missing(_ d: [String: Any]) -> Int { (d["missing_required"] as? [String: Any])?["total"] as? Int ?? -1 }
            read = int(qb, "records") + int(qt, "records")
            loaded = int(json, "distinct_valid_dossiers")
            missingRequired = missing(qb) + missing(qt)
            invalidDate = int(qb, "invalid_received_at") + int(qt, "invalid_received_at")
            quarantined = missingRequired + invalidDate
            merged = int(json, "valid_records") - loaded
        }
    }

    @Test func demoAccountsForEverySampleRecordAndASecondRunChangesNothing() throws {
        let expected = try Expected(root: root)
        #expect(expected.read == expected.loaded + expected.merged + expected.quarantined)
        let db = try TestDatabase.create("demo")
        let work = try PipelineProcess.temporaryDirectory("demo")

        let first = try PipelineProcess.run(["run", demo, "--database", db], in: work)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains(
            "read \(expected.read) = loaded \(expected.loaded) + merged \(expected.merged) + quarantined \(expected.quarantined)"),
            "\(first.stdout)")
        #expect(first.stdout.contains("inserted \(expected.loaded), updated 0, unchanged 0"), "\(first.stdout)")
        #expect(first.stdout.split(separator: "\n").first?.hasPrefix("run 1 quang-tri-2025: ") == true, "the summary line first")
        let dumpBefore = try PgDump.schema("dvc", conninfo: db)

        let second = try PipelineProcess.run(["run", demo, "--database", db], in: work)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("inserted 0, updated 0, unchanged \(expected.loaded)"), "\(second.stdout)")
        #expect(try PgDump.schema("dvc", conninfo: db) == dumpBefore, "a second run leaves the target schema byte for byte")

        let c = try PGConnection(conninfo: db)
        let ledger = try c.execute("SELECT records_read, loaded, merged, quarantined, inserted, updated, unchanged FROM etl.runs ORDER BY run_id")
        let r = expected
        #expect(ledger.rows == [
            ["\(r.read)", "\(r.loaded)", "\(r.merged)", "\(r.quarantined)", "\(r.loaded)", "0", "0"],
            ["\(r.read)", "\(r.loaded)", "\(r.merged)", "\(r.quarantined)", "0", "0", "\(r.loaded)"],
        ])
        let reasons = try c.execute("SELECT reason, count(*) FROM etl.quarantine WHERE run_id = 1 GROUP BY 1 ORDER BY 1")
        #expect(reasons.rows == [["invalid_date", "\(r.invalidDate)"], ["missing_required", "\(r.missingRequired)"]])
        #expect(try c.execute("SELECT count(*) FROM dvc.dossiers").scalar == "\(r.loaded)")
        // Lineage: every loaded and merged record of the first run, none from the unchanged second.
        let lineage = try c.execute("SELECT run_id, role, count(*) FROM etl.lineage GROUP BY 1, 2 ORDER BY 1, 2")
        #expect(lineage.rows == [["1", "loaded", "\(r.loaded)"], ["1", "merged", "\(r.merged)"]])
        // The report files of each run.
        for file in ["run-1.json", "run-1.html", "run-2.json", "run-2.html"] {
            #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("reports/\(file)").path), "\(file)")
        }
    }

    @Test func cleansedValuesReachTheTable() throws {
        let db = try TestDatabase.create("values")
        let work = try PipelineProcess.temporaryDirectory("values")
        let result = try PipelineProcess.run(["run", demo, "--database", db], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        let c = try PGConnection(conninfo: db)
        // No value keeps stray white space, and every name is NFC.
        let dirty = try c.execute("""
            SELECT count(*) FROM dvc.dossiers
            WHERE dossier_code ~ '^\\s|\\s$' OR applicant_name ~ '^\\s|\\s$|\\s\\s' OR address ~ '\\s\\s'
               OR applicant_name <> normalize(applicant_name, NFC) OR address <> normalize(address, NFC)
            """)
        #expect(dirty.scalar == "0")
        // Dates were read in the sources' own formats, in Vietnam's time zone.
        let first = try c.execute("""
            SELECT received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', due_date FROM dvc.dossiers WHERE dossier_code = 'G15.37-240102-0002'
            """)
        #expect(first.rows == [["2024-01-02 08:36:40", "2024-01-23"]])
        // A dossier exported by both portals is one row; its second copy is lineage marked merged.
        let both = try c.execute("""
            SELECT source, role FROM etl.lineage_files WHERE target_key = 'H45.08-240409-0002' ORDER BY role
            """)
        #expect(both.rows == [["quangbinh", "loaded"], ["quangtri", "merged"]])
    }
}

/// Lineage keeps the values as read of every field cleansing changed.
@Suite struct LineageOriginalTests {
    @Test func lineageKeepsTheValuesAsReadOfChangedFields() throws {
        let demo = PipelineProcess.packageRoot.appendingPathComponent("pipelines/demo.yml").path
        let db = try TestDatabase.create("lineageorig")
        let work = try PipelineProcess.temporaryDirectory("lineageorig")
        let run = try PipelineProcess.run(["run", demo, "--database", db], in: work)
        #expect(run.status == 0, "\(run.stderr)")
        let c = try PGConnection(conninfo: db)
        let original = try c.execute(
            "SELECT original::text FROM etl.lineage WHERE target_key = 'G15.37-240102-0002' AND role = 'loaded'").scalar
        #expect(original == #"{"due_date": "23/01/2024", "received_at": "02/01/2024 08:36:40"}"#, "\(original ?? "nil")")
        // Every Quảng Bình row had its dd/MM/yyyy dates rewritten, and keeps them.
        let counts = try c.execute(
            """
            SELECT count(*) FILTER (WHERE original ? 'received_at'), count(*) FROM etl.lineage_files
            WHERE role = 'loaded' AND source = 'quangbinh'
            """).rows[0]
        #expect(counts[0] == counts[1])
    }
}
