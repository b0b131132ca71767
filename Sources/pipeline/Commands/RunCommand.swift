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

    @Flag(name: .long, help: "Print the run summary as JSON on stdout instead of the summary line.")
    var json = false

    func run() throws {
        let (spec, plan) = try PipelineValidator.loadOrFail(path: file, consequence: "nothing was run")
        let target = ConnectionTarget.resolve(flag: database, file: spec.load.database, embeddedDirectory: embeddedDirectory)
        do {
            let conninfo: String
            switch target {
            case .conninfo(let s, _):
                conninfo = s
            case .embedded(let cluster):
                let outcome = try cluster.ensureRunning()
                if outcome == .created {
                    Console.error("note: created an embedded PostgreSQL cluster at \(cluster.root)")
                }
                conninfo = cluster.conninfo()
            }
            let summary = try RunDriver(spec: spec, plan: plan, conninfo: conninfo, databaseLabel: target.redacted).run()
            try writeReport(summary, spec: spec)
            if json {
                Console.out(summary.json(pretty: true))
            } else {
                Console.out(summary.line)
            }
            if case .embedded(let cluster) = target, !json {
                Console.error("note: connect with: \(cluster.psqlCommand)")
            }
        } catch let error as BudgetExceeded {
            Console.error("\(error)")
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

    private func writeReport(_ summary: RunSummary, spec: PipelineSpec) throws {
        let dir = spec.report.dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = "\(dir)/run-\(summary.runId).json"
        try Data((summary.json(pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }
}
