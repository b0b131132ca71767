import ArgumentParser
import Foundation
import Load

/// `pipeline db start|stop|status`: the embedded cluster by hand.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster.",
        subcommands: [Start.self, Stop.self, Status.self])

    struct Options: ParsableArguments {
        @Option(name: .customLong("embedded-dir"), help: "Directory of the embedded cluster (default .motcua/pg, or MOTCUA_EMBEDDED_DIR).")
        var embeddedDirectory: String?

        var cluster: EmbeddedCluster { ConnectionTarget.embeddedCluster(directory: embeddedDirectory) }
    }

    /// Runs `body`; a failure is printed with the tools' output and exits 1.
    static func reportingFailure(_ body: () throws(LoadError) -> Void) throws {
        do {
            try body()
        } catch {
            Console.error(error.debugDescription)
            throw ExitCodes.failure
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create (if needed) and start the embedded cluster.")
        @OptionGroup var options: Options

        func run() throws {
            let cluster = options.cluster
            try reportingFailure { () throws(LoadError) in
                let outcome = try cluster.ensureRunning()
                Console.out("embedded cluster \(outcome.rawValue) at \(cluster.root); connect with: \(cluster.psqlCommand)")
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster.")
        @OptionGroup var options: Options

        func run() throws {
            try reportingFailure { () throws(LoadError) in
                try options.cluster.stop()
                Console.out("embedded cluster stopped")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the embedded cluster exists and runs.")
        @OptionGroup var options: Options

        func run() throws {
            let cluster = options.cluster
            let fm = FileManager.default
            if !fm.fileExists(atPath: cluster.dataDirectory + "/PG_VERSION") {
                Console.out("no embedded cluster at \(cluster.root)")
            } else if fm.fileExists(atPath: cluster.socketDirectory + "/.s.PGSQL.5432") {
                Console.out("running at \(cluster.root); connect with: \(cluster.psqlCommand)")
            } else {
                Console.out("stopped at \(cluster.root); start with: pipeline db start")
            }
        }
    }
}
