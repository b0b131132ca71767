import Cleanse
import Core
import Extract

/// Every check `validate` and `run` make before touching data: the file itself (Core), the rules
/// (Cleanse) and the input files (Extract).
enum PipelineValidator {
    /// - Returns: The spec and its compiled rules (when the YAML parsed) and every problem
    ///   found, in file order.
    static func validate(path: String, environment: [String: String]? = nil) -> (PipelineSpec?, CleansePlan?, [Diagnostic]) {
        let (spec, log) = PipelineLoader(environment: environment).load(path: path)
        guard let spec else { return (nil, nil, log.diagnostics) }
        let plan = CleansePlan.compile(spec, log: log)
        for source in spec.sources where !source.path.isEmpty {
            do throws(ExtractError) {
                _ = try FileDiscovery.files(matching: source.path, relativeTo: spec.directory)
            } catch {
                log.error("source '\(source.name)': \(error.message)", at: source.pathLocation)
            }
        }
        let sorted = log.diagnostics.enumerated().sorted { a, b in
            (a.element.location.line, a.element.location.column, a.offset)
                < (b.element.location.line, b.element.location.column, b.offset)
        }.map(\.element)
        return (spec, plan, sorted)
    }

    /// The checked pipeline file and its rules; with any problem, prints every one and exits 64.
    /// - Parameter consequence: What did not happen, for the last line ("nothing was run").
    static func loadOrFail(path: String, consequence: String) throws -> (PipelineSpec, CleansePlan) {
        let (spec, plan, problems) = validate(path: path)
        guard let spec, let plan, problems.isEmpty else {
            Console.error(problems.map(\.rendered).joined(separator: "\n"))
            Console.error("\(path): \(problems.count) error\(problems.count == 1 ? "" : "s"); \(consequence)")
            throw ExitCodes.badPipelineFile
        }
        return (spec, plan)
    }

    /// The source called `name`; otherwise says which sources there are and exits 64.
    static func source(named name: String, in spec: PipelineSpec, file: String) throws -> SourceSpec {
        guard let source = spec.sources.first(where: { $0.name == name }) else {
            Console.error("\(file): no source named '\(name)'; sources are: \(spec.sources.map(\.name).joined(separator: ", "))")
            throw ExitCodes.badPipelineFile
        }
        return source
    }
}
