/// An address the mapper could not take to a new commune, and why.
public struct AdminUnitUnknown: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// No words at all.
        case empty
        /// No province recognised (and no default province, or no unit of it found).
        case noProvince = "no_province"
        /// The province (and maybe a district) was recognised, but nothing names a commune.
        case noCommune = "no_commune"
        /// A commune was named (with a type such as "Xã", or in a commune field) but no
        /// commune of that name is in the province.
        case communeNotFound = "commune_not_found"
        /// The commune named is in the province, but not in the district named.
        case communeNotInDistrict = "commune_not_in_district"
        /// The commune named was merged away before 30 June 2025
        /// (`communes_legacy_retired.csv`); the official table does not map it.
        case retiredCommune = "retired_commune"
    }

    public var reason: Reason
    /// The new province, when a province was recognised (or given as default).
    public var province: NewAdminUnit?
    /// The units recognised in the address.
    public var recognised: AdminUnitRecognition
    /// The part of the address before the lowest unit recognised (all of it when none was),
    /// trimmed; `nil` when empty.
    public var unrecognised: String?

    public init(reason: Reason, province: NewAdminUnit?, recognised: AdminUnitRecognition, unrecognised: String?) {
        self.reason = reason
        self.province = province
        self.recognised = recognised
        self.unrecognised = unrecognised
    }
}
