import ArgumentParser
import Cleanse
import Core
import Extract
import Foundation
import Load

/// `pipeline run FILE`: extract, cleanse and load in one transaction, then print one summary line.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: every source into PostgreSQL in one transaction.",
        discussion: """
            The database is the first of: --database, the pipeline file's load.database, the PG* \
            environment variables, and the embedded cluster (created and started under \
            .motcua/pg on first use, reused afterwards).
            Exit status: 0 success, 64 invalid pipeline file, 65 more records quarantined than a \
            budget allows, 1 any other failure (the database is then left as it was in both cases).
            """)

    @Argument(help: "The pipeline file (YAML).")
    var file: String

    @Option(name: .long, help: "A libpq connection URL or key=value string (overrides load.database).")
    var database: String?

    @Option(name: .customLong("embedded-dir"), help: "Directory of the embedded cluster (default .motcua/pg, or MOTCUA_EMBEDDED_DIR).")
    var embeddedDirectory: String?

    @Flag(name: .long, help: "Print the run's report as JSON on stdout instead of its first lines.")
    var json = false

    @Flag(name: .long, help: "Show personal data (cleanse.personal fields) unmasked in the report files and output.")
    var unmasked = false

    @Flag(name: .long, inversion: .prefixedNo,
          help: "Show the progress of scanned register pages on stderr (default: when stderr is a terminal).")
    var progress: Bool?

    func run() throws {
        let (spec, plan) = try PipelineValidator.loadOrFail(path: file, consequence: "nothing was run")
        let target = ConnectionTarget.resolve(flag: database, file: spec.load.database, embeddedDirectory: embeddedDirectory)
        do {
            let conninfo = try target.conninfo()
            var driver = RunDriver(spec: spec, plan: plan, conninfo: conninfo, databaseLabel: target.redacted)
            if progress ?? (isatty(STDERR_FILENO) != 0) {
                driver.progress = { done, total, page in Console.error("read page \(done)/\(total): \(page)") }
            }
            let (_, report) = try driver.run(unmasked: unmasked)
            let html = try ReportFiles.write(report, to: spec.report.dir)
            if json {
                Console.out(report.json())
            } else {
                ReportText(report: report).lines.forEach(Console.out)
                Console.error("note: report: \(html)")
            }
            if case .embedded(let cluster) = target, !json {
                Console.error("note: connect with: \(cluster.psqlCommand)")
            }
        } catch let error as BudgetExceeded {
            Console.error("\(error)")
            if let summary = error.summary {
                // The report of the failed run says which reasons used the budget up.
                var report = ReportBuilder(spec: spec, masked: !unmasked).build(
                    summary, history: [], failure: (error.problems.joined(separator: "; "), ExitCodes.overBudget.rawValue))
                report.trends = []
                if let html = try? ReportFiles.write(report, to: spec.report.dir, name: "run-\(summary.runId)-failed") {
                    Console.error("note: report of the failed run: \(html)")
                }
            }
            Console.error("run failed: over the quarantine budget; the database was left as it was")
            Foundation.exit(ExitCodes.overBudget.rawValue)
        } catch let error as ExtractError {
            fail("\(error)")
        } catch let error as LoadError {
            fail(error.code == .embeddedCluster ? error.debugDescription : "\(error)")
        } catch {
            fail("error: \(error)")
        }
    }

    private func fail(_ message: String) -> Never {
        Console.error(message)
        Console.error("run failed: the database was left as it was")
        Foundation.exit(ExitCodes.failure.rawValue)
    }
}
