internal import Yams
import Foundation

/// Reads a pipeline file: YAML syntax, `${VAR}` expansion, keys, types and cross-references.
///
/// It never touches data, files named in the pipeline, or the network; those checks belong to
/// the modules that own them (file discovery, rule compilation).
public struct PipelineLoader {
    public var environment: [String: String]

    /// - Parameter environment: The variables `${VAR}` reads; `nil` reads the process's.
    public init(environment: [String: String]? = nil) {
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// Loads the pipeline file at `path`.
    /// - Returns: The spec, and the log holding every problem found (empty when the file is good).
    ///   The spec is `nil` only when the YAML could not be parsed at all.
    public func load(path: String) -> (PipelineSpec?, DiagnosticLog) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let log = DiagnosticLog(file: path, text: "")
            log.error("cannot read the pipeline file", at: log.location(line: 1, column: 1))
            return (nil, log)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let log = DiagnosticLog(file: path, text: "")
            log.error("the pipeline file is not valid UTF-8", at: log.location(line: 1, column: 1))
            return (nil, log)
        }
        let directory = (path as NSString).deletingLastPathComponent
        var spec: PipelineSpec?
        let log: DiagnosticLog
        (spec, log) = parse(text: text, file: path, directory: directory.isEmpty ? "." : directory)
        spec?.sha256 = SHA256.hex(of: [UInt8](data))
        return (spec, log)
    }

    /// Parses pipeline-file text. `file` is used in positions only.
    public func parse(text: String, file: String, directory: String) -> (PipelineSpec?, DiagnosticLog) {
        let log = DiagnosticLog(file: file, text: text)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                log.error("the pipeline file is empty; expected a mapping with version, name, sources and load",
                          at: log.location(line: 1, column: 1))
                return (nil, log)
            }
            root = node
        } catch let error as YamlError {
            let (message, mark) = Self.describe(error)
            log.error(message, at: log.location(line: mark?.line ?? 1, column: mark?.column ?? 1))
            return (nil, log)
        } catch {
            log.error("cannot parse the pipeline file: \(error)", at: log.location(line: 1, column: 1))
            return (nil, log)
        }
        var anchors: [String: SpecNode] = [:]
        let tree = convert(root, log: log, anchors: &anchors)
        let spec = SpecDecoder(log: log, file: file, directory: directory).decode(tree)
        return (spec, log)
    }

    private static func describe(_ error: YamlError) -> (String, Mark?) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { " (\($0.text) that starts at \($0.mark.line):\($0.mark.column))" } ?? ""
            return ("invalid YAML: \(problem)\(ctx)", mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ("duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in mapping", context.mark)
        default:
            return ("invalid YAML: \(error)", nil)
        }
    }

    private func location(_ mark: Mark?, _ log: DiagnosticLog) -> SourceLocation {
        log.location(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// The tree with positions; an alias (`*name`) stands for its anchor's (`&name`) node, as
    /// composed where the anchor was, so errors in it point there.
    private func convert(_ node: Node, log: DiagnosticLog, anchors: inout [String: SpecNode]) -> SpecNode {
        let converted: SpecNode
        switch node {
        case .scalar(let s):
            let loc = location(s.mark, log)
            converted = .scalar(expand(s.string, at: loc, plain: s.style == .plain, log: log), loc)
        case .sequence(let seq):
            converted = .sequence(seq.map { convert($0, log: log, anchors: &anchors) }, location(seq.mark, log))
        case .mapping(let map):
            var pairs: [(key: String, keyLocation: SourceLocation, value: SpecNode)] = []
            for (k, v) in map {
                let keyLoc = location(k.mark, log)
                guard let key = k.scalar?.string else {
                    log.error("expected a string key, found a \(k.mapping != nil ? "mapping" : "list")", at: keyLoc)
                    continue
                }
                if key == "<<" {
                    log.error("YAML merge keys ('<<') are not supported in pipeline files; repeat the keys or use an alias for the whole value",
                              at: keyLoc)
                    continue
                }
                pairs.append((key, keyLoc, convert(v, log: log, anchors: &anchors)))
            }
            converted = .mapping(pairs, location(map.mark, log))
        case .alias(let alias):
            guard let target = anchors[alias.anchor.rawValue] else {
                log.error("unknown YAML alias '*\(alias.anchor.rawValue)'; expected an anchor '&\(alias.anchor.rawValue)' earlier in the file",
                          at: location(alias.mark, log))
                return .scalar("", location(alias.mark, log))
            }
            return target
        }
        if let anchor = node.anchor { anchors[anchor.rawValue] = converted }
        return converted
    }

    /// Expands `${VAR}` and `${VAR:-default}`; `$$` is a literal `$`.
    private func expand(_ s: String, at loc: SourceLocation, plain: Bool, log: DiagnosticLog) -> String {
        guard s.contains("$") else { return s }
        var out = ""
        var scalars = Array(s.unicodeScalars)[...]
        var column = 0
        while let c = scalars.first {
            if c == "$", scalars.dropFirst().first == "$" {
                out.append("$")
                scalars = scalars.dropFirst(2)
                column += 2
                continue
            }
            if c == "$", scalars.dropFirst().first == "{" {
                let body = scalars.dropFirst(2)
                guard let close = body.firstIndex(of: "}") else {
                    log.error("unterminated '${' in value; expected '${NAME}'",
                              at: plain ? SourceLocation(file: loc.file, line: loc.line, column: loc.column + column) : loc)
                    return s
                }
                let inner = String(String.UnicodeScalarView(body[..<close]))
                let (name, fallback): (String, String?) = {
                    if let r = inner.range(of: ":-") {
                        return (String(inner[..<r.lowerBound]), String(inner[r.upperBound...]))
                    }
                    return (inner, nil)
                }()
                let valid = !name.isEmpty && name.unicodeScalars.allSatisfy {
                    $0 == "_" || ($0.value < 128 && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                }
                let at = plain ? SourceLocation(file: loc.file, line: loc.line, column: loc.column + column) : loc
                if !valid {
                    log.error("invalid variable name '\(name)'; expected letters, digits and '_'", at: at)
                } else if let value = environment[name] {
                    out.append(value)
                } else if let fallback {
                    out.append(fallback)
                } else {
                    log.error("environment variable '\(name)' is not set; set it or write '${\(name):-default}'", at: at)
                }
                let consumed = 2 + inner.unicodeScalars.count + 1
                scalars = scalars.dropFirst(consumed)
                column += consumed
                continue
            }
            out.unicodeScalars.append(c)
            scalars = scalars.dropFirst()
            column += 1
        }
        return out
    }
}
