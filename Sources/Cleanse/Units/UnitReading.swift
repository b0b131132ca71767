/// What one reading (legacy units or new units) made of an address.
struct UnitReading {
    enum Outcome {
        case mapped(newCommune: Int32)
        case ambiguous(AdminUnitAmbiguity.Reason, candidates: [Int32], heuristicDefault: Int32, legacy: [Int32])
        case unknown(AdminUnitUnknown.Reason)

        var isDecisive: Bool {
            if case .unknown = self { return false }
            return true
        }
    }

    var outcome = Outcome.unknown(.noProvince)
    /// Read in the units since 1 July 2025 (else in the legacy units).
    var current = false
    var province: Int32 = -1, provinceHow = AdminUnitMatchMethod.exact
    var newProvince: Int32 = -1
    var district: Int32 = -1, districtHow = AdminUnitMatchMethod.exact
    var commune: Int32 = -1, communeHow = AdminUnitMatchMethod.exact
    /// `commune` is a retired legacy commune.
    var communeRetired = false
    /// The first word of the lowest unit recognised: what comes before is not understood.
    var recognisedFrom = Int.max
    /// A new-units reading that found districts (or two communes): the address is written in
    /// legacy units.
    var legacyStyle = false
    /// A new-units reading whose commune was written bare (no type) after other words: the
    /// words could be a legacy commune before a legacy district of that name.
    var communeBare = false
    /// The commune's name was written with diacritics.
    var communeMarked = false

    /// Whether the reading recognised something below the province.
    var belowProvince: Bool { !legacyStyle && (district >= 0 || commune >= 0) }

    var score: Int {
        (province >= 0 ? 2 : 0) + (district >= 0 ? 2 : 0) + (commune >= 0 ? 2 : 0) + (legacyStyle ? -1 : 0)
    }
}
