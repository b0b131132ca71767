/// The record-level steps of `cleanse` (`ids`, `units`, `derive`, `checks`) and `budget`.
extension SpecDecoder {
    func decodeOnInvalid(_ r: inout MappingReader, _ key: String, default def: OnInvalid) -> OnInvalid {
        OnInvalid(rawValue: r.choice(key, OnInvalid.allCases.map(\.rawValue), default: def.rawValue)) ?? def
    }

    private func items(_ node: SpecNode, what: String) -> [SpecNode] {
        guard case .sequence(let items, _) = node else {
            log.error("expected \(what) to be a list, found \(node.kindName)", at: node.location)
            return []
        }
        return items
    }

    func decodeIDs(_ node: SpecNode) -> [IDStep] {
        items(node, what: "'cleanse.ids'").compactMap { item in
            var r = MappingReader(item, what: "an entry of 'cleanse.ids'", log: log)
            guard r.isMapping else { return nil }
            let field = r.string("field", required: true) ?? ""
            let step = IDStep(
                field: field, birthDate: r.string("birth_date"), gender: r.string("gender"),
                cmndInto: r.string("cmnd_into"), onMismatch: decodeOnInvalid(&r, "on_mismatch", default: .flag),
                location: item.location)
            r.finish()
            return step
        }
    }

    func decodeUnits(_ node: SpecNode) -> [UnitStep] {
        items(node, what: "'cleanse.units'").compactMap { item in
            var r = MappingReader(item, what: "an entry of 'cleanse.units'", log: log)
            guard r.isMapping else { return nil }
            let address = r.string("address")
            let province = r.string("province")
            let district = r.string("district")
            let commune = r.string("commune")
            let date = r.string("date")
            var into: [(output: String, field: String)] = []
            if let n = r.value("into") {
                let ir = MappingReader(n, what: "'into'", log: log)
                for entry in ir.entries {
                    guard UnitStep.outputs.contains(entry.key) else {
                        log.error("unknown output '\(entry.key)'; expected one of: \(UnitStep.outputs.joined(separator: ", "))",
                                  at: entry.keyLocation)
                        continue
                    }
                    guard let field = entry.value.scalar, !field.isEmpty else {
                        log.error("expected the field that receives '\(entry.key)', found \(entry.value.kindName)",
                                  at: entry.value.location)
                        continue
                    }
                    into.append((entry.key, field))
                }
                if ir.isMapping && into.isEmpty && ir.entries.isEmpty {
                    log.error("'into' is empty; expected at least one of: \(UnitStep.outputs.joined(separator: ", "))", at: n.location)
                }
            } else {
                log.error("an entry of 'cleanse.units' is missing the required key 'into'", at: item.location)
            }
            if address == nil && province == nil && commune == nil {
                log.error("an entry of 'cleanse.units' needs 'address', or 'province' / 'district' / 'commune' fields",
                          at: item.location)
            }
            let step = UnitStep(
                address: address, province: province, district: district, commune: commune, date: date, into: into,
                onUnknown: decodeOnInvalid(&r, "on_unknown", default: .quarantine),
                onAmbiguous: decodeOnInvalid(&r, "on_ambiguous", default: .quarantine), location: item.location)
            r.finish()
            return step
        }
    }

    func decodeDerive(_ node: SpecNode) -> [DerivedField] {
        let dr = MappingReader(node, what: "'cleanse.derive'", log: log)
        return dr.entries.compactMap { entry in
            var r = MappingReader(entry.value, what: "derived field '\(entry.key)'", log: log)
            guard r.isMapping else { return nil }
            let from = r.string("from", required: true) ?? ""
            let rules = r.value("rules").map { decodeRules($0, what: "rules of '\(entry.key)'") } ?? []
            r.finish()
            return DerivedField(field: entry.key, from: from, rules: rules, location: entry.keyLocation)
        }
    }

    func decodeChecks(_ node: SpecNode) -> [CheckSpec] {
        items(node, what: "'cleanse.checks'").compactMap { item in
            var r = MappingReader(item, what: "an entry of 'cleanse.checks'", log: log)
            guard r.isMapping else { return nil }
            let expect = r.string("expect", required: true) ?? ""
            let expectLocation = r.value("expect")?.location ?? item.location
            let when = r.string("when")
            let whenLocation = r.value("when")?.location
            let reason = r.string("reason") ?? "check_failed"
            if !reason.isEmpty && !reason.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) {
                log.error("expected 'reason' to be a snake_case code such as 'due_before_received', found '\(reason)'",
                          at: r.value("reason")!.location)
            }
            let check = CheckSpec(expect: expect, expectLocation: expectLocation, when: when, whenLocation: whenLocation,
                                  reason: reason, onFail: decodeOnInvalid(&r, "on_fail", default: .quarantine),
                                  location: item.location)
            r.finish()
            return check
        }
    }

    func decodeBudget(_ node: SpecNode) -> BudgetSpec? {
        var r = MappingReader(node, what: "'budget'", log: log)
        guard r.isMapping else { return nil }
        var maxQuarantined: Int?
        if r.value("max_quarantined") != nil {
            maxQuarantined = r.int("max_quarantined", in: 0...Int(Int32.max), default: 0)
        }
        var maxShare: Double?
        if let v = r.value("max_share") {
            let text = v.scalar ?? ""
            let share = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
            if let share, (0...1).contains(share) {
                maxShare = share
            } else {
                log.error("expected 'max_share' to be a share from 0 to 1 or a percentage such as '2%', found \(v.scalar.map { "'\($0)'" } ?? v.kindName)",
                          at: v.location)
            }
        }
        r.finish()
        if maxQuarantined == nil && maxShare == nil {
            log.error("'budget' needs 'max_quarantined' (a count) or 'max_share' (a share such as 0.02 or '2%')", at: node.location)
            return nil
        }
        return BudgetSpec(maxQuarantined: maxQuarantined, maxShare: maxShare, location: node.location)
    }

    /// Checks that the steps read fields that exist and write fields some table has.
    func crossCheckSteps(_ spec: PipelineSpec) {
        let mapped = spec.fields
        let known = mapped + spec.cleanse.producedFields
        let columns = Set(spec.load.tables.flatMap { $0.columns.map(\.name) })
        func need(_ field: String?, _ loc: SourceLocation, _ what: String) {
            guard let field, !field.isEmpty, !known.contains(field) else { return }
            log.error("\(what) '\(field)' is not a field; fields are: \(known.joined(separator: ", "))", at: loc)
        }
        for s in spec.cleanse.ids {
            need(s.field, s.location, "'field'")
            need(s.birthDate, s.location, "'birth_date'")
            need(s.gender, s.location, "'gender'")
            if let f = s.cmndInto, !columns.contains(f) {
                log.error("'cmnd_into' names '\(f)', which is not a column of any table", at: s.location)
            }
        }
        for u in spec.cleanse.units {
            for f in u.inputs { need(f, u.location, "input") }
            for (_, f) in u.into where !columns.contains(f) {
                log.error("'into' names '\(f)', which is not a column of any table", at: u.location)
            }
        }
        for d in spec.cleanse.derive {
            need(d.from, d.location, "'from'")
            if !columns.contains(d.field) {
                log.error("derived field '\(d.field)' is not a column of any table", at: d.location)
            }
            if mapped.contains(d.field) {
                log.error("derived field '\(d.field)' is also mapped by a source; a field comes from one or the other",
                          at: d.location)
            }
        }
    }
}
