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
        public var rules: [Rule]

        enum CodingKeys: String, CodingKey {
            case name, records, filledBefore = "filled_before", filledAfter = "filled_after", missing
            case invalidType = "invalid_type", rules
        }

        public init(name: String, rules: [String]) {
            self.name = name
            self.rules = rules.map(Rule.init(name:))
        }
    }

    public var fields: [Field]

    public init(fields: [Field]) { self.fields = fields }
}
