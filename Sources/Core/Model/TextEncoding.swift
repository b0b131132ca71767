/// A character encoding a text source may be in; Extract decodes all of them to UTF-8 NFC.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    /// UTF-16 with a byte-order mark deciding the byte order (big-endian without one).
    case utf16 = "utf-16"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1258 = "windows-1258"
    /// TCVN 5712:1993 VN3, the ABC fonts' encoding.
    case tcvn3
    /// TCVN 5712:1993 VN1 (glibc's `TCVN5712-1`).
    case tcvn5712_1 = "tcvn5712-1"
    /// VNI-Windows.
    case vni
    /// VISCII (RFC 1456).
    case viscii
    case vps

    /// Other names `encoding` accepts for each encoding.
    public static let aliases: [String: TextEncoding] = [
        "utf8": .utf8, "utf-8-sig": .utf8,
        "utf16": .utf16, "utf16le": .utf16le, "utf16be": .utf16be,
        "cp1258": .windows1258, "windows1258": .windows1258,
        "abc": .tcvn3, "tcvn": .tcvn5712_1, "tcvn5712": .tcvn5712_1,
        "vni-windows": .vni,
    ]

    /// The encoding `name` (canonical or alias, case-insensitive) names.
    public init?(named name: String) {
        let lower = name.lowercased()
        if let e = TextEncoding(rawValue: lower) {
            self = e
        } else if let e = TextEncoding.aliases[lower] {
            self = e
        } else {
            return nil
        }
    }
}

/// `encoding` of a source: declared, or detected per file.
public enum SourceEncoding: Sendable, Hashable {
    case declared(TextEncoding)
    /// Each file's encoding is detected from its bytes; a file whose evidence is too thin
    /// stops the source with the candidates listed.
    case auto

    public var name: String {
        switch self {
        case .declared(let e): return e.rawValue
        case .auto: return "auto"
        }
    }
}
