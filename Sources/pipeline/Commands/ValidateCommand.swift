import ArgumentParser
import Core

/// `pipeline validate FILE`: checks a pipeline file without reading data or touching a database.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline file: keys, types, rules, files; no data is read, no database touched.")

    @Argument(help: "The pipeline file (YAML).")
    var file: String

    func run() throws {
        let (spec, _, problems) = PipelineValidator.validate(path: file)
        if !problems.isEmpty {
            Console.error(problems.map(\.rendered).joined(separator: "\n"))
            Console.error("\(file): \(problems.count) error\(problems.count == 1 ? "" : "s")")
            throw ExitCodes.badPipelineFile
        }
        if let spec {
            Console.out("\(file): ok (\(spec.sources.count) source\(spec.sources.count == 1 ? "" : "s"), \(spec.load.tables.count) table\(spec.load.tables.count == 1 ? "" : "s"))")
        }
    }
}
