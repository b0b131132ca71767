/// An address that fits several new communes: the mapper does not choose.
public struct AdminUnitAmbiguity: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// The legacy commune written was split across several new communes
        /// (`commune_mapping_2025.csv`, `n_targets` > 1) and the address does not say which part.
        case splitCommune = "split_commune"
        /// The name written fits several communes: the same name in several districts of the
        /// province and no district given, or names that differ only in diacritics or type
        /// ("Hoằng Phú" / "Hoằng Phụ" written "Hoang Phu").
        case sameName = "same_name"
    }

    public var reason: Reason
    /// The new province (all candidates are in it).
    public var province: NewAdminUnit
    /// The new communes the address may be in, in code order.
    public var candidates: [NewAdminUnit]
    /// For a split commune, the `is_default` row of the mapping: the part holding the old
    /// commune's geocoded centre, as vietnamadminunits chose it. A heuristic, not an official
    /// statement; it is never used to map.
    public var heuristicDefault: NewAdminUnit?
    /// For `sameName` read in legacy units, the legacy communes the name fits, in code order.
    public var legacyCandidates: [RecognisedAdminUnit]
    /// The units recognised in the address.
    public var recognised: AdminUnitRecognition

    public init(reason: Reason, province: NewAdminUnit, candidates: [NewAdminUnit], heuristicDefault: NewAdminUnit?,
                legacyCandidates: [RecognisedAdminUnit], recognised: AdminUnitRecognition) {
        self.reason = reason
        self.province = province
        self.candidates = candidates
        self.heuristicDefault = heuristicDefault
        self.legacyCandidates = legacyCandidates
        self.recognised = recognised
    }
}
