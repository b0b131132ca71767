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
}
