import ArgumentParser
import Core
import Foundation
import Load

/// `pipeline report [RUN]`: renders a past run's report from the ledger, or compares two runs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a past run's cleansing report (JSON and HTML) from the run ledger, or compare two runs.",
        discussion: """
            The report of run RUN (default: the latest run, of the --pipeline file's pipeline when \
            given) is read from etl.runs, written as run-N.json and run-N.html into --out (default: \
            the pipeline file's report.dir, else reports) and its first lines printed. With \
            --compare A B, the figures that differ between runs A and B are printed and written as \
            compare-A-B.json and .html. The database is found as for `pipeline run`.
            Exit status: 0 success, 64 invalid arguments or pipeline file, 1 no such run or any other failure.
            """)

    @Argument(help: ArgumentHelp("The run id (default: the latest run).", valueName: "run"))
    var runId: Int64?

    @Option(name: .long, parsing: .upToNextOption, help: "Compare two runs: --compare A B.")
    var compare: [Int64] = []

    @Option(name: .long, help: "A pipeline file: its load.database, report.dir and name are used.")
    var pipeline: String?

    @Option(name: .long, help: "A libpq connection URL or key=value string.")
    var database: String?

    @Option(name: .customLong("embedded-dir"), help: "Directory of the embedded cluster (default .motcua/pg, or MOTCUA_EMBEDDED_DIR).")
    var embeddedDirectory: String?

    @Option(name: .long, help: "Where to write the files (default: report.dir of --pipeline, else reports).")
    var out: String?

    @Flag(name: .long, help: "Print the report (or the comparison) as JSON on stdout.")
    var json = false

    @Flag(name: .long, help: "Show the quarantined examples' personal data unmasked (read again from etl.quarantine).")
    var unmasked = false

    func validate() throws {
        if !compare.isEmpty && compare.count != 2 { throw ValidationError("--compare takes two run ids: --compare A B") }
        if !compare.isEmpty && runId != nil { throw ValidationError("give either a run id or --compare A B, not both") }
    }

    func run() throws {
        let spec = try pipeline.map { try PipelineValidator.loadOrFail(path: $0, consequence: "no report was made").0 }
        let target = ConnectionTarget.resolve(flag: database, file: spec?.load.database, embeddedDirectory: embeddedDirectory)
        let dir = out ?? spec?.report.dir ?? "reports"
        do {
            let ledger = RunLedger(connection: try PGConnection(conninfo: try target.conninfo()))
            guard try ledger.exists() else { fail("error: the database holds no run ledger (etl.runs): no run was ever committed to it") }
            if compare.count == 2 {
                let comparison = ReportComparison(try load(compare[0], ledger), try load(compare[1], ledger))
                let html = try ReportFiles.write(comparison, to: dir)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                    Console.out(String(decoding: try encoder.encode(comparison), as: UTF8.self))
                } else {
                    comparison.lines.forEach(Console.out)
                    Console.error("note: comparison: \(html)")
                }
                return
            }
            guard let runId = try runId ?? ledger.latestRunId(pipeline: spec?.name) else {
                fail("error: no run of \(spec.map { "pipeline '\($0.name)'" } ?? "any pipeline") in the ledger")
            }
            var report = try load(runId, ledger)
            if unmasked { report = try unmask(report, ledger) }
            let html = try ReportFiles.write(report, to: dir)
            if json {
                Console.out(report.json())
            } else {
                ReportText(report: report).lines.forEach(Console.out)
                Console.error("note: report: \(html)")
            }
        } catch let error as LoadError {
            fail(error.code == .embeddedCluster ? error.debugDescription : "\(error)")
        }
    }

    /// The stored report of `runId`.
    private func load(_ runId: Int64, _ ledger: RunLedger) throws -> CleansingReport {
        guard let text = try ledger.report(runId: runId) else { fail("error: no run \(runId) in the ledger (etl.runs)") }
        do {
            return try CleansingReport.decode(text)
        } catch {
            fail("error: run \(runId) was recorded by an older version without a \(CleansingReport.schemaName) report")
        }
    }

    /// The report with its quarantine examples read again, as stored, from `etl.quarantine`.
    private func unmask(_ report: CleansingReport, _ ledger: RunLedger) throws -> CleansingReport {
        var r = report
        var examples: [CleansingReport.Example] = []
        for reason in Set(report.quarantine.examples.map(\.reason)).sorted() {
            let shown = report.quarantine.examples.filter { $0.reason == reason }
            let stored = try ledger.quarantined(runId: report.manifest.runId, reason: reason, limit: shown.count)
            for (e, s) in zip(shown, stored) {
                var x = e
                x.record = s.original
                x.detail = s.detail
                examples.append(x)
            }
        }
        r.quarantine.examples = examples
        r.masked = false
        return r
    }

    private func fail(_ message: String) -> Never {
        Console.error(message)
        Foundation.exit(ExitCodes.failure.rawValue)
    }
}
