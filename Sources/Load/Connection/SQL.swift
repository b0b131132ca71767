/// Quoting for identifiers taken from pipeline files. Values never go into SQL text: they are
/// parameters or COPY data.
public enum SQL {
    /// `"name"` with inner quotes doubled.
    /// - Important: This is the only way a pipeline-file name may enter SQL text.
    public static func identifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `"schema"."name"`.
    public static func qualified(_ schema: String, _ name: String) -> String {
        identifier(schema) + "." + identifier(name)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for c in self {
            if c == target { out.append(replacement) } else { out.append(c) }
        }
        return out
    }
}
