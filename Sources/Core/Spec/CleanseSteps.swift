/// What a record-level step does with a record it cannot vouch for.
public enum OnInvalid: String, Sendable, CaseIterable {
    /// The record goes to quarantine with the reason.
    case quarantine
    /// The record is loaded; the doubtful value is flagged (see `etl.flags`).
    case flag
}

/// One entry of `cleanse.derive`: a field computed from another one's cleansed value.
public struct DerivedField: Sendable {
    /// The field it defines (a column of a target table).
    public var field: String
    /// `from`: the field whose cleansed value it starts from.
    public var from: String
    /// `rules`: applied to that value.
    public var rules: [RuleSpec]
    public var location: SourceLocation

    public init(field: String, from: String, rules: [RuleSpec], location: SourceLocation) {
        self.field = field
        self.from = from
        self.rules = rules
        self.location = location
    }
}

/// One entry of `cleanse.units`: an old address mapped onto the administrative units of 2025.
public struct UnitStep: Sendable {
    /// `address`: a free-text address field.
    public var address: String?
    /// `province`, `district`, `commune`: separate fields of the old units.
    public var province: String?
    public var district: String?
    public var commune: String?
    /// `date`: the field holding the date the address was written on (units in force then);
    /// left out: the address is read as the old units first.
    public var date: String?
    /// `into`: output -> field, outputs `province_code`, `province_name`, `commune_code`,
    /// `commune_name`.
    public var into: [(output: String, field: String)]
    /// `on_unknown`, `on_ambiguous` (default quarantine).
    public var onUnknown: OnInvalid
    public var onAmbiguous: OnInvalid
    public var location: SourceLocation

    public static let outputs = ["province_code", "province_name", "commune_code", "commune_name"]

    public init(address: String?, province: String?, district: String?, commune: String?, date: String?,
                into: [(output: String, field: String)], onUnknown: OnInvalid, onAmbiguous: OnInvalid,
                location: SourceLocation) {
        self.address = address
        self.province = province
        self.district = district
        self.commune = commune
        self.date = date
        self.into = into
        self.onUnknown = onUnknown
        self.onAmbiguous = onAmbiguous
        self.location = location
    }

    /// The fields the step reads.
    public var inputs: [String] { [address, province, district, commune, date].compactMap { $0 } }
}

/// One entry of `cleanse.ids`: a citizen identity number checked against the record.
public struct IDStep: Sendable {
    /// `field`: the identity number (after its own rules, e.g. `citizen_id`).
    public var field: String
    /// `birth_date`, `gender`: fields the CCCD's digits are checked against.
    public var birthDate: String?
    public var gender: String?
    /// `cmnd_into`: a field that receives a 9-digit legacy CMND, which then leaves `field`, so
    /// CCCD and CMND are kept apart.
    public var cmndInto: String?
    /// `on_mismatch` (default flag): what a CCCD that disagrees with the birth date or gender does.
    public var onMismatch: OnInvalid
    public var location: SourceLocation

    public init(field: String, birthDate: String?, gender: String?, cmndInto: String?, onMismatch: OnInvalid,
                location: SourceLocation) {
        self.field = field
        self.birthDate = birthDate
        self.gender = gender
        self.cmndInto = cmndInto
        self.onMismatch = onMismatch
        self.location = location
    }
}

/// One entry of `cleanse.checks`: a condition between fields every record must meet.
public struct CheckSpec: Sendable {
    /// `expect`: the condition, e.g. `due_date >= received_at` or `result_date is present`.
    public var expect: String
    public var expectLocation: SourceLocation
    /// `when`: only records meeting this condition are checked.
    public var when: String?
    public var whenLocation: SourceLocation?
    /// `reason` (snake_case, default `check_failed`).
    public var reason: String
    /// `on_fail` (default quarantine).
    public var onFail: OnInvalid
    public var location: SourceLocation

    public init(expect: String, expectLocation: SourceLocation, when: String?, whenLocation: SourceLocation?,
                reason: String, onFail: OnInvalid, location: SourceLocation) {
        self.expect = expect
        self.expectLocation = expectLocation
        self.when = when
        self.whenLocation = whenLocation
        self.reason = reason
        self.onFail = onFail
        self.location = location
    }
}

/// `budget` of a source or of the run: how much may be quarantined before the run fails
/// without committing anything.
public struct BudgetSpec: Sendable {
    /// `max_quarantined`: a count.
    public var maxQuarantined: Int?
    /// `max_share`: a share of the records read, 0...1 (or a percentage string `"2%"`).
    public var maxShare: Double?
    public var location: SourceLocation

    public init(maxQuarantined: Int?, maxShare: Double?, location: SourceLocation) {
        self.maxQuarantined = maxQuarantined
        self.maxShare = maxShare
        self.location = location
    }

    /// Whether `quarantined` of `read` records is over the budget.
    public func isExceeded(quarantined: Int, read: Int) -> Bool {
        if let maxQuarantined, quarantined > maxQuarantined { return true }
        if let maxShare, read > 0, Double(quarantined) / Double(read) > maxShare { return true }
        return false
    }

    /// The budget in words: "at most 100 records or 2% of those read".
    public var description: String {
        var parts: [String] = []
        if let maxQuarantined { parts.append("\(maxQuarantined) records") }
        if let maxShare {
            let pct = maxShare * 100
            parts.append((pct == pct.rounded() ? String(Int(pct)) : String(pct)) + "% of those read")
        }
        return "at most " + parts.joined(separator: " or ")
    }
}
