/// Reads the keys of one mapping node, checking types and reporting unknown keys.
///
/// Each accessor marks its key as known; ``finish()`` reports the keys nobody asked for,
/// listing the expected ones.
public struct MappingReader {
    public let node: SpecNode
    public let what: String
    private let log: DiagnosticLog
    private var known: [String] = []
    private let pairs: [(key: String, keyLocation: SourceLocation, value: SpecNode)]

    /// - Parameters:
    ///   - node: The node that should be a mapping; a wrong kind is reported once.
    ///   - what: What the mapping is, for messages ("source", "load").
    public init(_ node: SpecNode, what: String, log: DiagnosticLog) {
        self.node = node
        self.what = what
        self.log = log
        if case .mapping(let pairs, _) = node {
            self.pairs = pairs
        } else {
            self.pairs = []
            log.error("expected \(what) to be a mapping, found \(node.kindName)", at: node.location)
        }
    }

    public var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    /// The value of `key`, if present.
    public mutating func value(_ key: String) -> SpecNode? {
        known.append(key)
        return pairs.first { $0.key == key }?.value
    }

    /// A scalar string; reports a missing required key or a non-scalar value.
    public mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let v = value(key) else {
            if required && isMapping {
                log.error("\(what) is missing the required key '\(key)'", at: node.location)
            }
            return nil
        }
        guard case .scalar(let s, _) = v else {
            log.error("expected '\(key)' to be a string, found \(v.kindName)", at: v.location)
            return nil
        }
        return s
    }

    /// A scalar that must be one of `choices`.
    public mutating func choice(_ key: String, _ choices: [String], default def: String) -> String {
        guard let v = value(key) else { return def }
        guard case .scalar(let s, _) = v, choices.contains(s) else {
            log.error(
                "expected '\(key)' to be one of \(choices.joined(separator: ", ")), found \(v.scalar.map { "'\($0)'" } ?? v.kindName)",
                at: v.location)
            return def
        }
        return s
    }

    /// An integer within `range`.
    public mutating func int(_ key: String, in range: ClosedRange<Int>, default def: Int) -> Int {
        guard let v = value(key) else { return def }
        guard case .scalar(let s, _) = v, let n = Int(s), range.contains(n) else {
            log.error(
                "expected '\(key)' to be an integer from \(range.lowerBound) to \(range.upperBound), found \(v.scalar.map { "'\($0)'" } ?? v.kindName)",
                at: v.location)
            return def
        }
        return n
    }

    /// A boolean (`true` / `false`, YAML 1.2 core schema).
    public mutating func bool(_ key: String, default def: Bool) -> Bool {
        guard let v = value(key) else { return def }
        switch v.scalar {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            log.error(
                "expected '\(key)' to be true or false, found \(v.scalar.map { "'\($0)'" } ?? v.kindName)",
                at: v.location)
            return def
        }
    }

    /// A list of strings; a single scalar is taken as a list of one.
    public mutating func strings(_ key: String) -> [(String, SourceLocation)]? {
        guard let v = value(key) else { return nil }
        switch v {
        case .scalar(let s, let l):
            return [(s, l)]
        case .sequence(let items, _):
            var out: [(String, SourceLocation)] = []
            for item in items {
                if case .scalar(let s, let l) = item {
                    out.append((s, l))
                } else {
                    log.error("expected '\(key)' to list strings, found \(item.kindName)", at: item.location)
                }
            }
            return out
        case .mapping:
            log.error("expected '\(key)' to be a list of strings, found a mapping", at: v.location)
            return nil
        }
    }

    /// The mapping's entries, for mappings whose keys are names the user chooses.
    public var entries: [(key: String, keyLocation: SourceLocation, value: SpecNode)] { pairs }

    /// Reports every key that no accessor asked for.
    public func finish() {
        for pair in pairs where !known.contains(pair.key) {
            log.error(
                "unknown key '\(pair.key)' in \(what); expected one of: \(known.joined(separator: ", "))",
                at: pair.keyLocation)
        }
    }
}
