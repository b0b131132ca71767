/// An address mapped to exactly one new commune.
public struct AdminUnitMapping: Sendable, Hashable {
    /// The new province (one of the 34).
    public var province: NewAdminUnit
    /// The new commune.
    public var commune: NewAdminUnit
    /// The units recognised in the address, and how.
    public var recognised: AdminUnitRecognition

    public init(province: NewAdminUnit, commune: NewAdminUnit, recognised: AdminUnitRecognition) {
        self.province = province
        self.commune = commune
        self.recognised = recognised
    }
}
