/// How a unit's name was recognised in an address. The empty set is an exact match: the name
/// as the reference data writes it, up to case, spacing, punctuation and tone-mark placement
/// ("Hoà" / "Hòa").
public struct AdminUnitMatchMethod: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Exact (no flag set).
    public static let exact: AdminUnitMatchMethod = []
    /// Recognised only with diacritics removed ("Quang Phu" for "Quảng Phú").
    public static let folded = AdminUnitMatchMethod(rawValue: 1)
    /// Written with an abbreviated unit type ("X.", "TP", "P15", "Q.1") or as a short form
    /// ("HCM", "BR-VT", "NT" for "Nông trường").
    public static let abbreviated = AdminUnitMatchMethod(rawValue: 2)
    /// Written under another name of the unit: an `alt_names` entry of the reference data, a
    /// common name or spelling of a province ("Sài Gòn", "Thừa Thiên Huế", "Đắc Lắc"), or a
    /// Roman numeral ("Phường IV").
    public static let alias = AdminUnitMatchMethod(rawValue: 4)

    public var description: String {
        if isEmpty { return "exact" }
        var parts: [String] = []
        if contains(.folded) { parts.append("folded") }
        if contains(.abbreviated) { parts.append("abbreviated") }
        if contains(.alias) { parts.append("alias") }
        return parts.joined(separator: "+")
    }
}
