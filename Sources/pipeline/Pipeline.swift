import ArgumentParser

/// The `pipeline` command: a thin front end over Extract, Cleanse and Load.
@main
struct Pipeline: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Moves legacy provincial dossier dumps into PostgreSQL: extract, cleanse, load.",
        version: version,
        subcommands: [RunCommand.self, ValidateCommand.self, PreviewCommand.self, ScanCommand.self, LinkCommand.self, ReadPageCommand.self, ReportCommand.self, DatabaseCommand.self]
    )
}
