import Foundation
import Load
import TestSupport
import Testing

/// A nightly job never half-loads a broken export: past its quarantine budget a run fails
/// before committing anything, and says which reasons used the budget up.
@Suite struct BudgetTests {
    let root = PipelineProcess.packageRoot

    /// The demo pipeline with `extra` inserted after `after`, written beside a copy of nothing
    /// else (sample paths made absolute).
    func demo(inserting extra: String, after anchor: String) throws -> URL {
        let text = try String(contentsOf: root.appendingPathComponent("pipelines/demo.yml"), encoding: .utf8)
            .replacingOccurrences(of: "../samples/", with: root.appendingPathComponent("samples").path + "/")
            .replacingOccurrences(of: anchor, with: anchor + extra)
        let dir = try PipelineProcess.temporaryDirectory("budget")
        let file = dir.appendingPathComponent("demo.yml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func aSourceOverItsBudgetFailsTheRunWithItsReasons() throws {
        let file = try demo(inserting: "\n    budget: { max_quarantined: 10 }", after: "    key: MaHoSo")
        let db = try TestDatabase.create("budgetsrc")
        let r = try PipelineProcess.run(["run", file.path, "--database", db], in: file.deletingLastPathComponent())
        #expect(r.status == 65, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("error: source 'quangbinh' quarantined 25 of 1800 records, over its budget of at most 10 records"),
                "\(r.stderr)")
        #expect(r.stderr.contains("by reason: missing_required 18, invalid_date 7"), "\(r.stderr)")
        #expect(r.stderr.contains("the database was left as it was"))
        // The failed run still has its report, which says why.
        let report = try String(contentsOf: file.deletingLastPathComponent().appendingPathComponent("reports/run-1-failed.json"),
                                encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let manifest = try #require(json["manifest"] as? [String: Any])
        #expect(manifest["status"] as? String == "failed")
        #expect(manifest["exit_status"] as? Int == 65)
        #expect((manifest["failure"] as? String)?.contains("source 'quangbinh' quarantined 25 of 1800 records") == true)
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT to_regclass('dvc.dossiers') IS NULL AND to_regclass('etl.runs') IS NULL").scalar == "t")
    }

    @Test func theRunBudgetCountsEverySource() throws {
        let file = try demo(inserting: "\nbudget: { max_share: \"1%\" }\n", after: "name: quang-tri-2025\n")
        let db = try TestDatabase.create("budgetrun")
        let r = try PipelineProcess.run(["run", file.path, "--database", db], in: file.deletingLastPathComponent())
        #expect(r.status == 65, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("error: the run quarantined 45 of 3200 records, over its budget of at most 1% of those read"),
                "\(r.stderr)")
        #expect(r.stderr.contains("by reason: missing_required 32, invalid_date 13"), "\(r.stderr)")
    }

    @Test func withinBudgetTheRunCommits() throws {
        let file = try demo(inserting: "\nbudget: { max_share: 0.02, max_quarantined: 100 }\n", after: "name: quang-tri-2025\n")
        let db = try TestDatabase.create("budgetok")
        let r = try PipelineProcess.run(["run", file.path, "--database", db], in: file.deletingLastPathComponent())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("quarantined 45"))
    }

    @Test func aBudgetWithoutALimitIsAnError() throws {
        let file = try demo(inserting: "\nbudget: { max_share: \"lots\" }\n", after: "name: quang-tri-2025\n")
        let r = try PipelineProcess.run(["validate", file.path], in: file.deletingLastPathComponent())
        #expect(r.status == 64)
        #expect(r.stderr.contains("expected 'max_share' to be a share from 0 to 1 or a percentage such as '2%', found 'lots'"),
                "\(r.stderr)")
    }
}
