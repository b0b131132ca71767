public import Core

extension ReasonCode {
    /// An address whose units could not be recognised.
    public static let unknownUnit = ReasonCode(rawValue: "unknown_unit")
    /// An address that fits several new communes (a split commune, a repeated name).
    public static let ambiguousUnit = ReasonCode(rawValue: "ambiguous_unit")
}

/// One `cleanse.units` entry compiled against a table's columns: reads the old address,
/// writes the new units, and says what to do with an address it cannot map for certain.
struct UnitStepRunner: Sendable {
    let address: Int?
    let province: Int?
    let district: Int?
    let commune: Int?
    let date: Int?
    /// (output, column)
    let outputs: [(output: String, column: Int)]
    let spec: UnitStep
    let mapper: AdminUnitMapper

    /// The column a failure is reported against: the address, or the commune field.
    var field: Int? { address ?? commune ?? province }

    /// - Returns: `nil` when a needed column is not in the table.
    init?(_ step: UnitStep, column: (String) -> Int?) {
        func resolve(_ name: String?) -> Int?? {
            guard let name else { return .some(nil) }
            guard let c = column(name) else { return nil }
            return .some(c)
        }
        guard let a = resolve(step.address), let p = resolve(step.province), let d = resolve(step.district),
              let c = resolve(step.commune), let t = resolve(step.date) else { return nil }
        address = a
        province = p
        district = d
        commune = c
        date = t
        var outs: [(String, Int)] = []
        for (output, field) in step.into {
            guard let col = column(field) else { return nil }
            outs.append((output, col))
        }
        outputs = outs
        spec = step
        mapper = AdminUnitMapper()
    }

    /// Maps the record's address; writes the outputs. A failure is flagged or refused as the
    /// step says (`flagOnly`); an address with nothing in it is left alone.
    func apply(_ values: inout ContiguousArray<String?>) -> RuleFailure? {
        let when: ISODateTime? = date.flatMap { values[$0] }.flatMap { text in
            var t = text
            return t.withUTF8 { ISODateTime.parse($0) }
        }
        let match: AdminUnitMatch
        if let address {
            guard let text = values[address], !text.isEmpty else { return nil }
            match = mapper.map(text, on: when)
        } else {
            let p = province.flatMap { values[$0] }, d = district.flatMap { values[$0] }, c = commune.flatMap { values[$0] }
            guard [p, d, c].contains(where: { $0?.isEmpty == false }) else { return nil }
            match = mapper.map(province: p, district: d, commune: c, on: when)
        }
        switch match {
        case .mapped(let m):
            write(&values, province: m.province, commune: m.commune)
            return nil
        case .ambiguous(let a):
            let candidates = a.candidates.map { "\($0.code) \($0.fullName)" }.joined(separator: "; ")
            let what = a.reason == .splitCommune
                ? "was split across several new communes and the address does not say which part"
                : "fits several communes"
            let old = a.recognised.commune.map { "\($0.code) \($0.fullName)" } ?? "the address"
            if spec.onAmbiguous == .flag { write(&values, province: a.province, commune: nil) }
            return RuleFailure(.ambiguousUnit, "\(old) \(what); candidates: \(candidates)",
                               flagOnly: spec.onAmbiguous == .flag)
        case .unknown(let u):
            var detail = "cannot map the address to the 2025 units (\(u.reason.rawValue.replacingUnderscores()))"
            if let rest = u.unrecognised { detail += "; not recognised: '\(rest)'" }
            if let p = u.province { detail += "; province \(p.code) \(p.fullName)" }
            if spec.onUnknown == .flag { write(&values, province: u.province, commune: nil) }
            return RuleFailure(.unknownUnit, detail, flagOnly: spec.onUnknown == .flag)
        }
    }

    private func write(_ values: inout ContiguousArray<String?>, province: NewAdminUnit?, commune: NewAdminUnit?) {
        for (output, column) in outputs {
            switch output {
            case "province_code": values[column] = province?.code
            case "province_name": values[column] = province?.fullName
            case "commune_code": values[column] = commune?.code
            case "commune_name": values[column] = commune?.fullName
            default: break
            }
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(unicodeScalars.map { $0 == "_" ? " " : Character($0) })
    }
}
