/// What cleansing did, per field and per rule: the counts the run summary and the cleansing
/// report show, counted over every batch a cleanser sees.
public struct CleanseStats: Sendable, Hashable, Codable {
    /// One rule of one field's rule list.
    public struct Rule: Sendable, Hashable, Codable {
        public var name: String
        /// Values the rule was given (not null).
        public var seen = 0
        /// Values the rule rewrote.
        public var changed = 0
        /// Values the rule flagged (kept as they were, record loaded).
        public var flagged = 0
        /// Records the rule sent to quarantine.
        public var rejected = 0

        public init(name: String) { self.name = name }
    }

    /// One target column (pipeline field).
    public struct Field: Sendable, Hashable, Codable {
        public var name: String
        /// Records that reached this field's rules.
        public var records = 0
        /// Of those, records whose value as read was present and not empty.
        public var filledBefore = 0
        /// Records kept with a value in this field after cleansing.
        public var filledAfter = 0
        /// Records refused because the field was missing (required or key).
        public var missing = 0
        /// Records refused because the value did not fit the column type.
        public var invalidType = 0
        /// Of `filledBefore`, records whose value every rule of the field passed through
        /// unchanged, without flagging or refusing it, and (when the record got as far as the
        /// type check) that its column type accepted as written: the values valid before
        /// cleansing.
        public var unchanged = 0
        /// Kept records with at least one flag on this field (from a rule, `cleanse.ids`,
        /// `cleanse.units` or a check reporting against the field).
        public var flaggedRecords = 0
        /// Records refused because of this field: a rule, missing, invalid type, `cleanse.ids`,
        /// `cleanse.units` or a check reporting against the field.
        public var rejectedRecords = 0
        /// The shapes of the values a rule of the field flagged or refused (see
        /// ``CleanseStats/shape(of:)``), with how many values had each: at most
        /// ``CleanseStats/patternLimit`` shapes, the values of any further shape counted under
        /// ``CleanseStats/otherKey``.
        public var invalidPatterns: [String: Int] = [:]
        public var rules: [Rule]

        enum CodingKeys: String, CodingKey {
            case name, records, filledBefore = "filled_before", filledAfter = "filled_after", missing
            case invalidType = "invalid_type", unchanged, flaggedRecords = "flagged_records"
            case rejectedRecords = "rejected_records", invalidPatterns = "invalid_patterns", rules
        }

        public init(name: String, rules: [String]) {
            self.name = name
            self.rules = rules.map(Rule.init(name:))
        }
    }

    /// What one `cleanse.units` step did, over the records whose address had something in it.
    public struct Units: Sendable, Hashable, Codable {
        /// The field the step reads: its address field, else its commune (or province) field.
        public var address: String
        /// Records mapped to exactly one new commune.
        public var mapped = 0
        /// Records whose address could not be read (`unknown_unit`).
        public var unknown = 0
        /// Records whose address fits several new communes (`ambiguous_unit`).
        public var ambiguous = 0
        /// New province code -> records given that province: the mapped ones, and those flagged
        /// unknown or ambiguous (`on_unknown` / `on_ambiguous: flag`) that still got a province.
        public var provinces: [String: Int] = [:]
        /// New commune code -> records mapped to it.
        public var communes: [String: Int] = [:]
        /// Code -> full name ("Tỉnh Quảng Trị") of the provinces in `provinces`.
        public var provinceNames: [String: String] = [:]
        /// Code -> full name ("Xã Quảng Phú") of the communes in `communes`.
        public var communeNames: [String: String] = [:]
        /// For the records that went unknown or ambiguous: what the address gave (the old units
        /// recognised, what was not recognised, the candidates of a split commune), without the
        /// house number or anything else of the person's, -> records. At most
        /// ``CleanseStats/unmappedLimit`` keys; further ones are counted under
        /// ``CleanseStats/otherKey``.
        public var unmapped: [String: Int] = [:]

        enum CodingKeys: String, CodingKey {
            case address, mapped, unknown, ambiguous, provinces, communes, provinceNames = "province_names"
            case communeNames = "commune_names", unmapped
        }

        public init(address: String) { self.address = address }
    }

    public var fields: [Field]
    /// One entry per `cleanse.units` step of the table, in pipeline-file order.
    public var units: [Units]

    /// Shapes kept per field in `Field.invalidPatterns`.
    public static let patternLimit = 20
    /// Keys kept per step in `Units.unmapped`.
    public static let unmappedLimit = 50
    /// The key counting what falls past a limit.
    public static let otherKey = "(other)"
    /// The shape of the empty value.
    public static let emptyShape = "(empty)"
    /// Characters of a shape kept before `…`.
    public static let shapeLength = 32

    public init(fields: [Field], units: [Units] = []) {
        self.fields = fields
        self.units = units
    }

    /// Counts one more under `key` in `counts`, which holds at most `limit` keys besides
    /// ``otherKey``: a key that would be one more is counted under ``otherKey``.
    static func count(_ key: String, in counts: inout [String: Int], limit: Int) {
        if let n = counts[key] {
            counts[key] = n + 1
        } else if counts.count - (counts[otherKey] == nil ? 0 : 1) < limit {
            counts[key] = 1
        } else {
            counts[otherKey, default: 0] += 1
        }
    }

    /// The shape of a value with nothing of the value left: every digit `9`, every letter `a`
    /// (`A` when upper case; Vietnamese and other scripts alike), combining marks dropped,
    /// white space, punctuation and symbols kept; at most ``shapeLength`` characters, then `…`;
    /// ``emptyShape`` for an empty or missing value.
    ///
    /// "0380912345612" -> "9999999999999", "Nguyễn Văn An" -> "Aaaaaa Aaa Aa", "12/3/2019" ->
    /// "99/9/9999".
    /// - Complexity: O(n) in the value's length, at most O(``shapeLength``) of output.
    public static func shape(of value: String?) -> String {
        guard let value, !value.isEmpty else { return emptyShape }
        var out = String.UnicodeScalarView()
        var count = 0
        for u in value.unicodeScalars {
            let v = u.value
            let masked: Unicode.Scalar?
            if v < 0x80 {
                switch v {
                case 0x30...0x39: masked = "9"
                case 0x41...0x5A: masked = "A"
                case 0x61...0x7A: masked = "a"
                default: masked = u
                }
            } else {
                let p = u.properties
                if p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
                    || p.generalCategory == .enclosingMark {
                    masked = nil
                } else if p.numericType == .decimal {
                    masked = "9"
                } else if p.isAlphabetic {
                    masked = p.isUppercase || p.generalCategory == .titlecaseLetter ? "A" : "a"
                } else {
                    masked = u
                }
            }
            guard let masked else { continue }
            if count == shapeLength {
                out.append("…")
                break
            }
            out.append(masked)
            count += 1
        }
        return out.isEmpty ? emptyShape : String(out)
    }
}
