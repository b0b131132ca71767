/// What `AdminUnitMapper` made of an address.
public enum AdminUnitMatch: Sendable, Hashable {
    /// Exactly one new commune.
    case mapped(AdminUnitMapping)
    /// Several candidate new communes; the mapper does not guess.
    case ambiguous(AdminUnitAmbiguity)
    /// No new commune: what could not be recognised.
    case unknown(AdminUnitUnknown)

    /// The new commune's code when mapped.
    public var newCommuneCode: String? {
        if case .mapped(let m) = self { return m.commune.code }
        return nil
    }

    /// The new province's code, when known (mapped, ambiguous, or unknown with a province).
    public var newProvinceCode: String? {
        switch self {
        case .mapped(let m): return m.province.code
        case .ambiguous(let a): return a.province.code
        case .unknown(let u): return u.province?.code
        }
    }

    /// The units recognised in the address.
    public var recognised: AdminUnitRecognition {
        switch self {
        case .mapped(let m): return m.recognised
        case .ambiguous(let a): return a.recognised
        case .unknown(let u): return u.recognised
        }
    }
}
