import Foundation
import Load
@testable import pipeline
import TestSupport
import Testing

/// The cleansing report of the demo run: files, golden copies, a real browser, masking, and
/// `pipeline report`.
@Suite(.serialized) struct ReportTests {
    let root = PipelineProcess.packageRoot
    var demo: String { root.appendingPathComponent("pipelines/demo.yml").path }

    /// Runs the demo into a fresh database; returns the work directory and the database.
    func runDemo(_ label: String, pipeline: String? = nil, times: Int = 1) throws -> (work: URL, db: String) {
        let db = try TestDatabase.create(label)
        let work = try PipelineProcess.temporaryDirectory(label)
        for _ in 0..<times {
            let r = try PipelineProcess.run(["run", pipeline ?? demo, "--database", db], in: work)
            #expect(r.status == 0, "\(r.stderr)")
        }
        return (work, db)
    }

    func report(_ work: URL, run: Int) throws -> CleansingReport {
        try CleansingReport.decode(String(contentsOf: work.appendingPathComponent("reports/run-\(run).json"), encoding: .utf8))
    }

    @Test func demoReportMatchesTheGoldenFiles() throws {
        let (work, _) = try runDemo("golden")
        let report = try report(work, run: 1)
        // The HTML file is the JSON file rendered.
        let html = try String(contentsOf: work.appendingPathComponent("reports/run-1.html"), encoding: .utf8)
        #expect(html == ReportHTML(report: report).render())
        let comparable = report.comparable()
        try Golden.check(comparable.json() + "\n", "report-demo.json")
        try Golden.check(ReportHTML(report: comparable).render(), "report-demo.html")
        // What the golden files hold: the identity, every source, the reasons.
        #expect(report.reconciliation.balanced)
        #expect(report.reconciliation.read == 3200)
        #expect(report.manifest.inputs.map(\.file) == ["../samples/quangbinh/hoso.csv.gz", "../samples/quangtri/export.jsonl.gz"])
        #expect(report.manifest.inputs.allSatisfy { $0.sha256?.count == 64 })
        #expect(report.quarantine.byReason.map(\.reason) == ["missing_required", "invalid_date"])
        #expect(report.trends.map(\.runId) == [1])
    }

    @Test func theReportIsStoredInTheLedgerAndTheRunPrintsItsFirstLines() throws {
        let db = try TestDatabase.create("ledger")
        let work = try PipelineProcess.temporaryDirectory("ledger")
        let r = try PipelineProcess.run(["run", demo, "--database", db], in: work)
        #expect(r.status == 0, "\(r.stderr)")
        let file = try report(work, run: 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines == ReportText(report: file).lines)
        #expect(lines.first?.hasPrefix("run 1 quang-tri-2025: read 3200 = loaded 3124 + merged 31 + quarantined 45") == true)
        #expect(lines.contains("  quarantined: missing_required 32, invalid_date 13"))
        let stored = try #require(try PGConnection(conninfo: db).execute("SELECT summary::text FROM etl.runs WHERE run_id = 1").scalar)
        #expect(try CleansingReport.decode(stored) == file)

        let json = try PipelineProcess.run(["run", demo, "--database", db, "--json"], in: work)
        #expect(json.status == 0, "\(json.stderr)")
        let second = try CleansingReport.decode(json.stdout)
        #expect(second.manifest.runId == 2)
        #expect(second.reconciliation.tables.map(\.unchanged) == [3124])
        #expect(second.trends.map(\.runId) == [1, 2], "the trends hold the earlier run")
    }

    @Test func reportOpensInHeadlessChromiumWithoutErrorsOrRequests() throws {
        let (work, _) = try runDemo("browser")
        let visit = try HeadlessBrowser.visit(work.appendingPathComponent("reports/run-1.html"))
        #expect(visit.consoleMessages.isEmpty, "\(visit.consoleMessages)")
        #expect(visit.pageRequests.isEmpty, "\(visit.pageRequests)")
        for (figure, value) in [("read", "3,200"), ("loaded", "3,124"), ("merged", "31"), ("quarantined", "45")] {
            #expect(visit.dom.contains("data-figure=\"\(figure)\">\(value)<"), "\(figure) \(value)")
        }
        #expect(visit.dom.contains("read 3,200 = loaded 3,124 + merged 31 + quarantined 45"))
        #expect(visit.dom.contains("<svg"), "the charts are drawn")
    }

    /// The browser check would see a broken page: a script error and a request leaving the page.
    @Test func theBrowserCheckSeesConsoleErrorsAndRequests() throws {
        let dir = try PipelineProcess.temporaryDirectory("badpage")
        let page = dir.appendingPathComponent("bad.html")
        try """
            <!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>x</p>
            <img src="http://example.invalid/logo.png"><script>console.error("broken")</script></body></html>
            """.write(to: page, atomically: true, encoding: .utf8)
        let visit = try HeadlessBrowser.visit(page)
        #expect(visit.consoleMessages.contains { $0.contains("broken") }, "\(visit.consoleMessages)")
        #expect(visit.pageRequests.contains("http://example.invalid/logo.png"), "\(visit.pageRequests)")
    }

    @Test func noPersonalValueFromTheSamplesAppearsInTheReportFiles() throws {
        let (work, db) = try runDemo("masked")
        let values = try SamplePersonalData.values(root: root)
        #expect(values.count > 1000, "names, ID numbers, phones and addresses of both samples")
        let reportPipeline = try PipelineProcess.run(["report", "1", "--database", db, "--out", "again"], in: work)
        #expect(reportPipeline.status == 0, "\(reportPipeline.stderr)")
        var texts = ["reports/run-1.json", "reports/run-1.html", "again/run-1.json", "again/run-1.html"].map {
            (try? String(contentsOf: work.appendingPathComponent($0), encoding: .utf8)) ?? ""
        }
        texts.append(try #require(try PGConnection(conninfo: db).execute("SELECT summary::text FROM etl.runs").scalar))
        texts.append(reportPipeline.stdout)
        #expect(texts.allSatisfy { $0.count > 100 })
        for text in texts {
            let leaked = values.filter { text.contains($0) }
            #expect(leaked.isEmpty, "unmasked: \(leaked.prefix(5).map { SamplePersonalData.describe($0) })")
        }
        // The check can fail: --unmasked shows the quarantined examples as they were read.
        let unmasked = try PipelineProcess.run(["report", "1", "--database", db, "--out", "open", "--unmasked"], in: work)
        #expect(unmasked.status == 0, "\(unmasked.stderr)")
        let open = try String(contentsOf: work.appendingPathComponent("open/run-1.json"), encoding: .utf8)
        #expect(values.contains { open.contains($0) })
        #expect(try CleansingReport.decode(open).masked == false)
    }

    @Test func reportRendersAPastRunAndComparesTwoRuns() throws {
        // Run 1: the demo; run 2: the demo without procedure_code required.
        let (work, db) = try runDemo("compare")
        let text = try String(contentsOf: URL(fileURLWithPath: demo), encoding: .utf8)
            .replacingOccurrences(of: "../samples/", with: root.appendingPathComponent("samples").path + "/")
            .replacingOccurrences(of: "required: [dossier_code, procedure_code, received_at]", with: "required: [dossier_code, received_at]")
        let changed = work.appendingPathComponent("changed.yml")
        try text.write(to: changed, atomically: true, encoding: .utf8)
        let second = try PipelineProcess.run(["run", changed.path, "--database", db], in: work)
        #expect(second.status == 0, "\(second.stderr)")

        let past = try PipelineProcess.run(["report", "1", "--database", db, "--out", "past"], in: work)
        #expect(past.status == 0, "\(past.stderr)")
        #expect(try CleansingReport.decode(String(contentsOf: work.appendingPathComponent("past/run-1.json"), encoding: .utf8))
                == report(work, run: 1))
        let latest = try PipelineProcess.run(["report", "--database", db, "--json"], in: work)
        #expect(try CleansingReport.decode(latest.stdout).manifest.runId == 2)

        let compare = try PipelineProcess.run(["report", "--compare", "1", "2", "--database", db], in: work)
        #expect(compare.status == 0, "\(compare.stderr)")
        let r1 = try report(work, run: 1), r2 = try report(work, run: 2)
        let missing1 = r1.quarantine.byReason.first { $0.reason == "missing_required" }?.count ?? 0
        let missing2 = r2.quarantine.byReason.first { $0.reason == "missing_required" }?.count ?? 0
        #expect(missing2 < missing1)
        #expect(compare.stdout.contains("the pipeline file changed"), "\(compare.stdout)")
        #expect(compare.stdout.contains("quarantine: missing_required \(missing1) -> \(missing2) (\(missing2 - missing1))"),
                "\(compare.stdout)")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("reports/compare-1-2.html").path))
        #expect(r2.trends.map(\.quarantined) == [r1.reconciliation.quarantined, r2.reconciliation.quarantined])
    }

    @Test func reportSaysWhenThereIsNoSuchRun() throws {
        let db = try TestDatabase.create("norun")
        let work = try PipelineProcess.temporaryDirectory("norun")
        let empty = try PipelineProcess.run(["report", "--database", db], in: work)
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no run was ever committed"), "\(empty.stderr)")
        let r = try PipelineProcess.run(["run", demo, "--database", db], in: work)
        #expect(r.status == 0, "\(r.stderr)")
        let missing = try PipelineProcess.run(["report", "7", "--database", db], in: work)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error: no run 7 in the ledger"), "\(missing.stderr)")
        let bad = try PipelineProcess.run(["report", "--compare", "1", "--database", db], in: work)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--compare takes two run ids"), "\(bad.stderr)")
    }
}
