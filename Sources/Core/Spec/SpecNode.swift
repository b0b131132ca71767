/// A pipeline-file value with its position: the YAML tree after `${VAR}` expansion.
///
/// Other modules read rule options from it without importing the YAML parser.
public indirect enum SpecNode: Sendable {
    case scalar(String, SourceLocation)
    case sequence([SpecNode], SourceLocation)
    case mapping([(key: String, keyLocation: SourceLocation, value: SpecNode)], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, let l), .sequence(_, let l), .mapping(_, let l): return l
        }
    }

    /// What the node is, in the words of an error message.
    public var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    public var scalar: String? {
        if case .scalar(let s, _) = self { return s }
        return nil
    }
}
