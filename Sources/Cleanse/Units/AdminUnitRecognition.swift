/// The units the mapper recognised in an address: those written in it, not those inferred.
public struct AdminUnitRecognition: Sendable, Hashable {
    /// Which unit set the address was read in.
    public enum Vintage: String, Sendable, Hashable {
        /// The units on 30 June 2025 (63 provinces, districts, 10,035 communes; the
        /// `*_legacy.csv` files, and `communes_legacy_retired.csv` for a retired commune).
        case legacy
        /// The units since 1 July 2025 (34 provinces, no districts, 3,321 communes).
        case current
    }

    public var vintage: Vintage
    /// The province written, if any (an address may rely on the mapper's default province or
    /// on its district to find the province).
    public var province: RecognisedAdminUnit?
    /// The legacy district written, if recognised (always `nil` for `current`).
    public var district: RecognisedAdminUnit?
    /// The commune written, if recognised as one unit. `nil` when the name fits several
    /// communes (see `AdminUnitAmbiguity.legacyCandidates`).
    public var commune: RecognisedAdminUnit?

    public init(vintage: Vintage, province: RecognisedAdminUnit? = nil, district: RecognisedAdminUnit? = nil,
                commune: RecognisedAdminUnit? = nil) {
        self.vintage = vintage
        self.province = province
        self.district = district
        self.commune = commune
    }
}
