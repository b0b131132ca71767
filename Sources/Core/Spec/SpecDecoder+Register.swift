/// `register` on a source: a paper result register's layout and context.
extension SpecDecoder {
    func decodeRegister(_ node: SpecNode) -> RegisterSpec? {
        var r = MappingReader(node, what: "'register'", log: log)
        guard r.isMapping else { return nil }
        var columns: [RegisterColumnSpec] = []
        if let columnsNode = r.value("columns") {
            if case .sequence(let items, let loc) = columnsNode {
                if items.isEmpty { log.error("'register.columns' is empty; expected the register's columns, left to right", at: loc) }
                columns = items.compactMap(decodeRegisterColumn)
            } else {
                log.error("expected 'register.columns' to be a list of columns, found \(columnsNode.kindName)",
                          at: columnsNode.location)
            }
        } else {
            log.error("'register' is missing the required key 'columns'", at: node.location)
        }
        var seen: Set<String> = []
        for c in columns where !seen.insert(c.name).inserted {
            log.error("duplicate register column '\(c.name)'; column names must be unique", at: c.location)
        }
        var context = RegisterSpec.Context()
        if let contextNode = r.value("context") {
            var cr = MappingReader(contextNode, what: "'register.context'", log: log)
            context.province = cr.string("province")
            context.district = cr.string("district")
            context.commune = cr.string("commune")
            if cr.value("year") != nil { context.year = cr.int("year", in: 1900...2100, default: 0) }
            context.book = cr.string("book")
            cr.finish()
        }
        let minConfidence = number(&r, "min_confidence", in: 0...100, default: 80)
        let share = number(&r, "manual_keying_share", in: 0...1, default: 0.3)
        let threads = r.value("threads") != nil ? r.int("threads", in: 1...256, default: 1) : nil
        let dossiers = r.value("dossiers").flatMap { decodeDossierLink($0, columns: columns) }
        r.finish()
        var spec = RegisterSpec(columns: columns, context: context, minConfidence: minConfidence, manualKeyingShare: share,
                                threads: threads, location: node.location)
        spec.dossiers = dossiers
        return spec
    }

    private func decodeDossierLink(_ node: SpecNode, columns: [RegisterColumnSpec]) -> DossierLink? {
        var r = MappingReader(node, what: "'register.dossiers'", log: log)
        guard r.isMapping else { return nil }
        let table = r.string("table", required: true) ?? ""
        let parts = table.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if !table.isEmpty && (parts.count != 2 || parts.contains(where: \.isEmpty)) {
            log.error("expected 'table' to be schema.table, found '\(table)'", at: r.value("table")!.location)
        }
        let key = r.string("key", required: true) ?? ""
        func pair(_ name: String, required: Bool, kinds: [RegisterColumnSpec.Kind]) -> DossierLink.Pair? {
            guard let n = r.value(name) else {
                if required { log.error("'register.dossiers' is missing the required key '\(name)'", at: node.location) }
                return nil
            }
            var pr = MappingReader(n, what: "'register.dossiers.\(name)'", log: log)
            let entry = pr.string("entry", required: true) ?? ""
            let dossier = pr.string("dossier", required: true) ?? ""
            if !entry.isEmpty {
                if let c = columns.first(where: { $0.name == entry }) {
                    if !kinds.contains(c.kind) {
                        log.error("'\(name).entry' is register column '\(entry)' of type \(c.kind.rawValue); expected one of type "
                                  + kinds.map(\.rawValue).joined(separator: ", "), at: pr.value("entry")!.location)
                    }
                } else {
                    log.error("'\(name).entry' names '\(entry)', which is not a register column; columns are: "
                              + columns.map(\.name).joined(separator: ", "), at: pr.value("entry")!.location)
                }
            }
            pr.finish()
            return DossierLink.Pair(entry: entry, dossier: dossier)
        }
        let name = pair("name", required: true, kinds: [.personName, .text])
        let birth = pair("birth_date", required: false, kinds: [.date])
        let content = pair("content", required: true, kinds: [.vocabulary, .text])
        let issued = pair("issued", required: true, kinds: [.date])
        r.finish()
        guard let name, let content, let issued, parts.count == 2 else { return nil }
        return DossierLink(schema: parts[0], table: parts[1], key: key, name: name, birthDate: birth, content: content,
                           issued: issued, location: node.location)
    }

    private func decodeRegisterColumn(_ node: SpecNode) -> RegisterColumnSpec? {
        var r = MappingReader(node, what: "a register column", log: log)
        guard r.isMapping else { return nil }
        let name = r.string("name", required: true) ?? ""
        let kindNode = r.value("type")
        var kind = RegisterColumnSpec.Kind.text
        let kinds = RegisterColumnSpec.Kind.allCases.map(\.rawValue)
        if let kindNode {
            if let s = kindNode.scalar, let k = RegisterColumnSpec.Kind(rawValue: s) {
                kind = k
            } else {
                log.error("unknown register column type \(kindNode.scalar.map { "'\($0)'" } ?? kindNode.kindName); "
                          + "expected one of: \(kinds.joined(separator: ", "))", at: kindNode.location)
            }
        } else {
            log.error("register column '\(name)' is missing the required key 'type'; expected one of: \(kinds.joined(separator: ", "))",
                      at: node.location)
        }
        var values: [String] = []
        if let valuesNode = r.value("values") {
            if case .sequence(let items, _) = valuesNode {
                for item in items {
                    if let s = item.scalar, !s.isEmpty { values.append(s) } else {
                        log.error("expected a value of column '\(name)', found \(item.kindName)", at: item.location)
                    }
                }
            } else {
                log.error("expected 'values' to be a list of strings, found \(valuesNode.kindName)", at: valuesNode.location)
            }
            if kind != .vocabulary {
                log.error("'values' is for columns of type vocabulary; column '\(name)' is \(kind.rawValue)", at: valuesNode.location)
            }
        }
        if kind == .vocabulary && values.isEmpty {
            log.error("column '\(name)' of type vocabulary needs 'values', the list of what it may hold", at: node.location)
        }
        let header = r.string("header")
        let carryDown = r.bool("carry_down", default: false)
        let nonDecreasing = r.bool("non_decreasing", default: false)
        if nonDecreasing && kind != .date, let n = r.value("non_decreasing") {
            log.error("'non_decreasing' is for date columns; column '\(name)' is \(kind.rawValue)", at: n.location)
        }
        r.finish()
        return RegisterColumnSpec(name: name, kind: kind, values: values, header: header, carryDown: carryDown,
                                  nonDecreasing: nonDecreasing, location: node.location)
    }

    private func number(_ r: inout MappingReader, _ key: String, in range: ClosedRange<Double>, default def: Double) -> Double {
        guard let n = r.value(key) else { return def }
        guard let s = n.scalar, let v = Double(s), range.contains(v) else {
            log.error("expected '\(key)' to be a number from \(range.lowerBound.formatted) to \(range.upperBound.formatted), found "
                      + (n.scalar.map { "'\($0)'" } ?? n.kindName), at: n.location)
            return def
        }
        return v
    }

    /// Checks a register source: `format: scan` needs `register`, a register reads CSV, XLSX
    /// or scans, and `fields` map only the register's columns.
    func checkRegister(_ source: SourceSpec, formatLocation: SourceLocation) {
        guard let register = source.register else {
            if case .scan = source.format {
                log.error("source '\(source.name)' has format 'scan' but no 'register'; expected its column layout under 'register'",
                          at: formatLocation)
            }
            return
        }
        switch source.format {
        case .csv, .xlsx, .scan: break
        default:
            log.error("a register is read from csv, xlsx or scan; source '\(source.name)' has format '\(source.format.name)'",
                      at: formatLocation)
        }
        let columns = register.allColumns
        for m in source.fields where !columns.contains(m.column) {
            log.error("field '\(m.field)' maps '\(m.column)', which register source '\(source.name)' does not give; it gives: "
                      + columns.joined(separator: ", "), at: m.location)
        }
    }
}

private extension Double {
    /// `80` rather than `80.0`.
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}
