public import Core

extension ReasonCode {
    /// An address whose units could not be recognised.
    public static let unknownUnit = ReasonCode(rawValue: "unknown_unit")
    /// An address that fits several new communes (a split commune, a repeated name).
    public static let ambiguousUnit = ReasonCode(rawValue: "ambiguous_unit")
}

/// One `cleanse.units` entry compiled against a table's columns: reads the old address,
/// writes the new units, and says what to do with an address it cannot map for certain.
final class UnitStepRunner: Sendable {
    /// What an `into` entry writes.
    private enum Output {
        case provinceCode, provinceName, communeCode, communeName
    }

    let address: Int?
    let province: Int?
    let district: Int?
    let commune: Int?
    let date: Int?
    private let outputs: [(output: Output, column: Int)]
    let spec: UnitStep
    let mapper: AdminUnitMapper

    /// The column a failure is reported against: the address, or the commune field.
    var field: Int? { address ?? commune ?? province }

    /// The field the step's stats are given for: the address field, or the commune field.
    var fieldName: String { spec.address ?? spec.commune ?? spec.province ?? spec.district ?? "address" }

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
        var outs: [(Output, Int)] = []
        for (output, field) in step.into {
            guard let col = column(field) else { return nil }
            switch output {
            case "province_code": outs.append((.provinceCode, col))
            case "province_name": outs.append((.provinceName, col))
            case "commune_code": outs.append((.communeCode, col))
            case "commune_name": outs.append((.communeName, col))
            default: break
            }
        }
        outputs = outs
        spec = step
        // The reference data is parsed here, with the pipeline, not on the first record.
        AdminUnitMapper.prepare()
        mapper = AdminUnitMapper()
    }

    /// The columns the step may write.
    var writtenColumns: [Int] { outputs.map(\.column) }

    /// Maps the record's address; writes the outputs and counts the outcome in `tally`. A
    /// failure is flagged or refused as the step says (`flagOnly`); an address with nothing in
    /// it is left alone (and not counted). `when` is the record's date (`ISODateTime.parse` of
    /// the `date` field), read once for the record.
    func apply(_ values: inout ContiguousArray<String?>, date when: ISODateTime?, tally: inout UnitStepTally,
               tails: TailMemo) -> RuleFailure? {
        let reading = AdminUnitMapper.Reading(date: when)
        let found: AdminUnitMapper.CommuneMatch
        if let address {
            guard let text = values[address], !text.isEmpty else { return nil }
            let c = tailCommune(text, reading: reading, tails: tails)
            if c <= -3 { return ambiguous(tails.ambiguity(c), &values, tally: &tally) }
            found = c >= 0 ? .mapped(commune: c) : mapper.mapToCommune(text, reading: reading)
        } else {
            let p = province.flatMap { values[$0] }, d = district.flatMap { values[$0] }, c = commune.flatMap { values[$0] }
            guard p?.isEmpty == false || d?.isEmpty == false || c?.isEmpty == false else { return nil }
            found = mapper.mapToCommune(province: p, district: d, commune: c, reading: reading)
        }
        switch found {
        case .mapped(let c):
            tally.countMapped(commune: c)
            let t = AdminUnitTables.shared
            // Only the strings written are read (copying the units out would retain them all).
            let commune = Int(c)
            let province = Int(t.newCommunes[commune].province)
            for (output, column) in outputs {
                switch output {
                case .provinceCode: values[column] = t.newProvinces[province].code
                case .provinceName: values[column] = t.newProvinces[province].fullName
                case .communeCode: values[column] = t.newCommunes[commune].code
                case .communeName: values[column] = t.newCommunes[commune].fullName
                }
            }
            return nil
        case .ambiguous(let a):
            return ambiguous(Ambiguity(a), &values, tally: &tally)
        case .unknown(let u):
            tally.unknown += 1
            tally.countUnmapped(UnitStepTally.key(u))
            var detail = "cannot map the address to the 2025 units (\(u.reason.words))"
            if let rest = u.unrecognised { detail += "; not recognised: '\(rest)'" }
            if let p = u.province { detail += "; province \(p.code) \(p.fullName)" }
            if spec.onUnknown == .flag {
                write(&values, province: u.province, commune: nil)
                if let p = u.province { tally.countProvince(p.code) }
            }
            return RuleFailure(.unknownUnit, detail, flagOnly: spec.onUnknown == .flag)
        }
    }

    /// An address that fits several new communes, as the step reports it: what is built for
    /// each such record, built once for each tail that settles as it (`TailMemo.keep`).
    struct Ambiguity {
        /// The new province, and its index in `AdminUnitTables.newProvinces`.
        let province: NewAdminUnit
        let provinceIndex: Int?
        /// The stats' `unmapped` key (`UnitStepTally.key`).
        let key: String
        /// The failure's detail: the old commune, why it is ambiguous, the candidates.
        let detail: String

        init(_ a: AdminUnitAmbiguity) {
            province = a.province
            provinceIndex = UnitStepTally.provinceIndex(a.province.code)
            key = UnitStepTally.key(a)
            let candidates = a.candidates.map { "\($0.code) \($0.fullName)" }.joined(separator: "; ")
            let what = a.reason == .splitCommune
                ? "was split across several new communes and the address does not say which part"
                : "fits several communes"
            let old = a.recognised.commune.map { "\($0.code) \($0.fullName)" } ?? "the address"
            detail = "\(old) \(what); candidates: \(candidates)"
        }
    }

    /// Counts ambiguity `a` and flags or refuses the record as the step says; a flagged record
    /// is given the province.
    private func ambiguous(_ a: Ambiguity, _ values: inout ContiguousArray<String?>, tally: inout UnitStepTally)
        -> RuleFailure {
        tally.ambiguous += 1
        tally.countUnmapped(a.key)
        if spec.onAmbiguous == .flag {
            write(&values, province: a.province, commune: nil)
            tally.countProvince(at: a.provinceIndex)
        }
        return RuleFailure(.ambiguousUnit, a.detail, flagOnly: spec.onAmbiguous == .flag)
    }

    /// The commune of free-text address `text` by its tail (`AdminUnitMapper.tail(of:)`):
    /// from `tails`, or read alone (`mapTailToCommune`) and kept there. An ambiguity's code
    /// (`TailMemo.keep`, -3 and below) when the tail settles the address as ambiguous; -1 when
    /// the address has no such tail, or reading the tail alone does not settle it (which
    /// `tails` also keeps, so that the next address with that tail is read whole at once).
    private func tailCommune(_ text: String, reading: AdminUnitMapper.Reading, tails: TailMemo) -> Int32 {
        RuleBytes.withUTF8(text) { bytes -> Int32 in
            guard let range = AdminUnitMapper.tail(of: bytes) else { return -1 }
            let tail = UnsafeBufferPointer(rebasing: bytes[range])
            var hash: UInt64 = 0
            let known = tails.find(tail, salt: reading == .legacyFirst ? 1 : 2, hash: &hash)
            if known != TailMemo.absent || hash == 0 { return known == TailMemo.unsettled ? -1 : known }
            let c: Int32
            switch mapper.mapTailToCommune(String(decoding: tail, as: UTF8.self), reading: reading) {
            case .mapped(let commune): c = commune
            case .ambiguous(let a): c = tails.keep(Ambiguity(a)) ?? TailMemo.unsettled
            case .unknown, nil: c = TailMemo.unsettled
            }
            tails.store(tail, hash: hash, commune: c)
            return c == TailMemo.unsettled ? -1 : c
        }
    }

    private func write(_ values: inout ContiguousArray<String?>, province: NewAdminUnit?, commune: NewAdminUnit?) {
        for (output, column) in outputs {
            switch output {
            case .provinceCode: values[column] = province?.code
            case .provinceName: values[column] = province?.fullName
            case .communeCode: values[column] = commune?.code
            case .communeName: values[column] = commune?.fullName
            }
        }
    }
}
