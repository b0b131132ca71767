/// `nfc`: Unicode canonical composition (NFD text from some exports becomes NFC).
/// - Complexity: O(n); ASCII values are returned untouched without copying.
public struct NFCRule: FieldRule {
    public let name = "nfc"
    public init() {}

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        value = Self.normalize(v)
        return nil
    }

    public static func normalize(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        let nfc = s._nfcCodeUnits
        if nfc.elementsEqual(s.utf8) { return s }
        return String(decoding: nfc, as: UTF8.self)
    }
}

/// `trim`: removes white space (Unicode White_Space, including tab and no-break space) from
/// both ends.
/// - Complexity: O(n).
public struct TrimRule: FieldRule {
    public let name = "trim"
    public init() {}

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        value = Self.trim(v)
        return nil
    }

    public static func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return s }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}

/// `collapse_spaces`: trims, and turns every inner run of white space into one space.
/// - Complexity: O(n).
public struct CollapseSpacesRule: FieldRule {
    public let name = "collapse_spaces"
    public init() {}

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        value = Self.collapse(v)
        return nil
    }

    public static func collapse(_ s: String) -> String {
        var needs = false
        var previousSpace = true
        for u in s.unicodeScalars {
            let ws = u.properties.isWhitespace
            if ws && (previousSpace || u != " ") { needs = true; break }
            previousSpace = ws
        }
        if !needs && !previousSpace { return s }
        var out = String.UnicodeScalarView()
        var pending = false
        for u in s.unicodeScalars {
            if u.properties.isWhitespace {
                pending = !out.isEmpty
            } else {
                if pending { out.append(" ") }
                pending = false
                out.append(u)
            }
        }
        return String(out)
    }
}

/// `upper` / `lower`: letter case (Unicode-aware: "đ" <-> "Đ").
public struct CaseRule: FieldRule {
    public let name: String
    private let upper: Bool

    public init(upper: Bool) {
        self.upper = upper
        self.name = upper ? "upper" : "lower"
    }

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        value = upper ? v.uppercased() : v.lowercased()
        return nil
    }
}

/// `null_if: [values]`: values that mean "no value" in a source ("NULL", "-", "N/A").
public struct NullIfRule: FieldRule {
    public let name = "null_if"
    public let values: Set<String>

    public init(values: Set<String>) { self.values = values }

    public func apply(_ value: inout String?) -> RuleFailure? {
        if let v = value, values.contains(v) { value = nil }
        return nil
    }
}
