/// A stable quarantine reason code: the text stored in `etl.quarantine.reason`.
///
/// Codes are part of the public contract (reports and queries group by them); add new ones,
/// never rename.
public struct ReasonCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: ReasonCode, b: ReasonCode) -> Bool { a.rawValue < b.rawValue }

    /// The reader could not parse the record (bad quoting, wrong field count, bad JSON).
    public static let malformedRecord = ReasonCode(rawValue: "malformed_record")
    /// A required field is missing or empty after cleansing.
    public static let missingRequired = ReasonCode(rawValue: "missing_required")
    /// A date or time value did not match any accepted format.
    public static let invalidDate = ReasonCode(rawValue: "invalid_date")
    /// A value cannot be stored in its column's declared type.
    public static let invalidType = ReasonCode(rawValue: "invalid_type")
    /// The record has no value for its source key or its target key.
    public static let missingKey = ReasonCode(rawValue: "missing_key")
}

extension ReasonCode {
    /// The record's bytes are not valid in the source's declared encoding.
    public static let invalidEncoding = ReasonCode(rawValue: "invalid_encoding")
}

extension ReasonCode {
    /// A scanned register page that cannot be read field by field (no ruled grid, columns that
    /// do not match the layout, or too many fields in doubt): it is sent whole to manual keying.
    public static let manualKeying = ReasonCode(rawValue: "manual_keying")
}

extension ReasonCode {
    /// A typed register's line that is not an entry: a repeated header, a column-number row or
    /// an empty row.
    public static let notAnEntry = ReasonCode(rawValue: "not_an_entry")
}
