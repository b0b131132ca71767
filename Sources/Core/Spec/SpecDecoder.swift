/// Turns the position-aware tree into a ``PipelineSpec``, reporting every problem it meets.
struct SpecDecoder {
    let log: DiagnosticLog
    let file: String
    let directory: String

    func decode(_ root: SpecNode) -> PipelineSpec? {
        var top = MappingReader(root, what: "the pipeline file", log: log)
        guard top.isMapping else { return nil }
        let versionNode = top.value("version")
        var version = 1
        if let versionNode {
            if versionNode.scalar != "1" {
                log.error("unsupported version \(versionNode.scalar.map { "'\($0)'" } ?? versionNode.kindName); expected 1",
                          at: versionNode.location)
            }
        } else {
            log.error("the pipeline file is missing the required key 'version'; expected 'version: 1'",
                      at: root.location)
            version = 0
        }
        let name = top.string("name", required: true) ?? ""
        let description = top.string("description")
        let sourcesNode = top.value("sources")
        let cleanseNode = top.value("cleanse")
        let loadNode = top.value("load")
        let reportNode = top.value("report")
        let budgetNode = top.value("budget")
        let dedupeNode = top.value("dedupe")
        top.finish()

        let load = loadNode.map(decodeLoad) ?? {
            log.error("the pipeline file is missing the required key 'load'", at: root.location)
            return LoadSpec(database: nil, schema: "public", tables: [])
        }()
        var sources: [SourceSpec] = []
        if let sourcesNode {
            if case .sequence(let items, let loc) = sourcesNode {
                if items.isEmpty { log.error("'sources' is empty; expected at least one source", at: loc) }
                for item in items {
                    if let s = decodeSource(item, tables: load.tables) { sources.append(s) }
                }
            } else {
                log.error("expected 'sources' to be a list, found \(sourcesNode.kindName)", at: sourcesNode.location)
            }
        } else {
            log.error("the pipeline file is missing the required key 'sources'", at: root.location)
        }
        var seenNames: [String] = []
        for s in sources {
            checkXMLFields(s)
            if seenNames.contains(s.name) {
                log.error("duplicate source name '\(s.name)'; source names must be unique", at: s.location)
            }
            seenNames.append(s.name)
        }
        let cleanse = cleanseNode.map(decodeCleanse) ?? CleanseSpec(
            defaultRules: defaultRules(at: root.location), fields: [], required: [])
        let report = reportNode.map(decodeReport) ?? ReportSpec(dir: "reports")

        var spec = PipelineSpec(
            file: file, directory: directory, version: version, name: name, description: description,
            sources: sources, cleanse: cleanse, load: load, report: report, sha256: "")
        spec.budget = budgetNode.flatMap { decodeBudget($0) }
        spec.dedupe = dedupeNode.map { decodeDedupe($0, tables: load.tables) } ?? []
        addRegisterReadings(to: &spec)
        crossCheck(&spec)
        return spec
    }

    private func defaultRules(at loc: SourceLocation) -> [RuleSpec] {
        [RuleSpec(name: "nfc", location: loc), RuleSpec(name: "trim", location: loc)]
    }

    // MARK: sources

    private func decodeSource(_ node: SpecNode, tables: [TableSpec]) -> SourceSpec? {
        var r = MappingReader(node, what: "a source", log: log)
        guard r.isMapping else { return nil }
        let name = r.string("name", required: true) ?? ""
        if !name.isEmpty && !isIdentifierLike(name) {
            log.error("invalid source name '\(name)'; expected letters, digits, '_' and '-'", at: r.value("name")!.location)
        }
        let path = r.string("path", required: true) ?? ""
        let pathLocation = r.value("path")?.location ?? node.location
        let formatName = r.string("format", required: true)
        let optionsNode = r.value("options")
        var format = SourceFormat.csv(CSVOptions())
        if let formatName {
            if let decoded = decodeFormat(formatName, options: optionsNode, at: r.value("format")!.location) {
                format = decoded
            } else {
                log.error("unknown format '\(formatName)'; expected one of: \(SourceFormat.names.joined(separator: ", "))",
                          at: r.value("format")!.location)
            }
        }
        let encoding = decodeEncoding(r.value("encoding"), format: format)
        let members = r.string("members") ?? "*"
        let key = r.string("key")
        var fields: [FieldMapping] = []
        if let fieldsNode = r.value("fields") {
            let fr = MappingReader(fieldsNode, what: "'fields'", log: log)
            if fr.isMapping && fr.entries.isEmpty {
                log.error("'fields' is empty; expected at least one 'field: column' pair", at: fieldsNode.location)
            }
            for entry in fr.entries {
                guard case .scalar(let column, _) = entry.value, !column.isEmpty else {
                    log.error("expected the column or JSON path that '\(entry.key)' comes from, found \(entry.value.kindName)",
                              at: entry.value.location)
                    continue
                }
                if !isIdentifierLike(entry.key) {
                    log.error("invalid field name '\(entry.key)'; expected letters, digits and '_'", at: entry.keyLocation)
                }
                fields.append(FieldMapping(field: entry.key, column: column, location: entry.keyLocation))
            }
        } else if r.isMapping {
            log.error("source '\(name)' is missing the required key 'fields'", at: node.location)
        }
        var target = r.string("target") ?? ""
        if target.isEmpty {
            if tables.count == 1 {
                target = tables[0].name
            } else if tables.count > 1 {
                log.error("source '\(name)' must name its 'target' table: load.tables has \(tables.count) tables",
                          at: node.location)
            }
        } else if !tables.isEmpty && !tables.contains(where: { $0.name == target }) {
            log.error("unknown target table '\(target)'; expected one of: \(tables.map(\.name).joined(separator: ", "))",
                      at: r.value("target")!.location)
        }
        let onError = OnError(rawValue: r.choice("on_error", ["quarantine", "stop"], default: "quarantine")) ?? .quarantine
        let batchSize = r.int("batch_size", in: 1...1_000_000, default: 4096)
        let budget = r.value("budget").flatMap { decodeBudget($0) }
        let register = r.value("register").flatMap { decodeRegister($0) }
        r.finish()
        var source = SourceSpec(
            name: name, path: path, pathLocation: pathLocation, format: format, encoding: encoding, members: members, key: key,
            fields: fields, target: target, onError: onError, batchSize: batchSize, location: node.location)
        source.budget = budget
        source.register = register
        checkRegister(source, formatLocation: r.value("format")?.location ?? node.location)
        return source
    }

    func singleByte(_ node: SpecNode, key: String) -> UInt8? {
        guard case .scalar(let s, let loc) = node else {
            log.error("expected '\(key)' to be one character, found \(node.kindName)", at: node.location)
            return nil
        }
        let text = s == "\\t" ? "\t" : s
        guard text.utf8.count == 1, let b = text.utf8.first, b != 0x0A, b != 0x0D else {
            log.error("expected '\(key)' to be one ASCII character other than a line break, found '\(s)'", at: loc)
            return nil
        }
        return b
    }

    // MARK: cleanse

    private func decodeCleanse(_ node: SpecNode) -> CleanseSpec {
        var r = MappingReader(node, what: "cleanse", log: log)
        var defaults = defaultRules(at: node.location)
        if let d = r.value("default") { defaults = decodeRules(d, what: "cleanse.default") }
        var fields: [FieldRules] = []
        if let f = r.value("fields") {
            let fr = MappingReader(f, what: "cleanse.fields", log: log)
            for entry in fr.entries {
                fields.append(FieldRules(field: entry.key, rules: decodeRules(entry.value, what: "rules of '\(entry.key)'"),
                                         location: entry.keyLocation))
            }
        }
        let required = r.strings("required")?.map { (field: $0.0, location: $0.1) } ?? []
        let personal = r.strings("personal")?.map { (field: $0.0, location: $0.1) } ?? []
        var spec = CleanseSpec(defaultRules: defaults, fields: fields, required: required, personal: personal)
        if let n = r.value("ids") { spec.ids = decodeIDs(n) }
        if let n = r.value("units") { spec.units = decodeUnits(n) }
        if let n = r.value("derive") { spec.derive = decodeDerive(n) }
        if let n = r.value("checks") { spec.checks = decodeChecks(n) }
        r.finish()
        return spec
    }

    func decodeRules(_ node: SpecNode, what: String) -> [RuleSpec] {
        let items: [SpecNode]
        switch node {
        case .sequence(let xs, _): items = xs
        case .scalar, .mapping: items = [node]
        }
        var rules: [RuleSpec] = []
        for item in items {
            switch item {
            case .scalar(let name, let loc):
                rules.append(RuleSpec(name: name, location: loc))
            case .mapping(let pairs, let loc):
                if pairs.count != 1 {
                    log.error("expected a rule as 'name' or '{ name: options }' with one key, found \(pairs.count) keys",
                              at: loc)
                    continue
                }
                rules.append(RuleSpec(name: pairs[0].key, options: pairs[0].value, location: pairs[0].keyLocation))
            case .sequence(_, let loc):
                log.error("expected a rule in \(what), found a list", at: loc)
            }
        }
        return rules
    }

    // MARK: load and report

    private func decodeLoad(_ node: SpecNode) -> LoadSpec {
        var r = MappingReader(node, what: "load", log: log)
        let database = r.string("database").flatMap { $0.isEmpty ? nil : $0 }
        let schema = r.string("schema") ?? "public"
        if let loc = r.value("schema")?.location {
            if schema == "etl" {
                log.error("schema 'etl' holds the pipeline's bookkeeping; choose another target schema", at: loc)
            } else if !isIdentifierLike(schema) {
                log.error("invalid schema name '\(schema)'; expected letters, digits and '_'", at: loc)
            }
        }
        var tables: [TableSpec] = []
        if let t = r.value("tables") {
            let tr = MappingReader(t, what: "load.tables", log: log)
            if tr.isMapping && tr.entries.isEmpty {
                log.error("'tables' is empty; expected at least one table", at: t.location)
            }
            for entry in tr.entries {
                if !isIdentifierLike(entry.key) {
                    log.error("invalid table name '\(entry.key)'; expected letters, digits and '_'", at: entry.keyLocation)
                }
                if let table = decodeTable(entry.key, entry.keyLocation, entry.value) { tables.append(table) }
            }
        } else if r.isMapping {
            log.error("load is missing the required key 'tables'", at: node.location)
        }
        r.finish()
        return LoadSpec(database: database, schema: schema, tables: tables)
    }

    private func decodeTable(_ name: String, _ loc: SourceLocation, _ node: SpecNode) -> TableSpec? {
        var r = MappingReader(node, what: "table '\(name)'", log: log)
        guard r.isMapping else { return nil }
        let keyList = r.strings("key")
        if keyList == nil { log.error("table '\(name)' is missing the required key 'key'", at: loc) }
        var columns: [ColumnSpec] = []
        if let c = r.value("columns") {
            let cr = MappingReader(c, what: "columns of '\(name)'", log: log)
            for entry in cr.entries {
                guard case .scalar(let typeName, let tloc) = entry.value else {
                    log.error("expected a column type, found \(entry.value.kindName)", at: entry.value.location)
                    continue
                }
                guard let type = ColumnType(rawValue: typeName) else {
                    log.error("unknown column type '\(typeName)'; expected one of: \(ColumnType.allCases.map(\.rawValue).joined(separator: ", "))",
                              at: tloc)
                    continue
                }
                if entry.key.hasPrefix("_") {
                    log.error("column names starting with '_' are reserved for the pipeline's own columns", at: entry.keyLocation)
                }
                columns.append(ColumnSpec(name: entry.key, type: type, location: entry.keyLocation))
            }
        } else {
            log.error("table '\(name)' is missing the required key 'columns'", at: loc)
        }
        for (k, kloc) in keyList ?? [] {
            guard let column = columns.first(where: { $0.name == k }) else {
                log.error("key field '\(k)' is not a column of table '\(name)'", at: kloc)
                continue
            }
            if ![.text, .integer, .bigint, .date].contains(column.type) {
                log.error("key field '\(k)' is \(column.type.rawValue); a key column must be text, integer, bigint or date",
                          at: kloc)
            }
        }
        r.finish()
        return TableSpec(name: name, location: loc, key: keyList?.map(\.0) ?? [], columns: columns)
    }

    private func decodeReport(_ node: SpecNode) -> ReportSpec {
        var r = MappingReader(node, what: "report", log: log)
        let dir = r.string("dir") ?? "reports"
        r.finish()
        return ReportSpec(dir: dir)
    }

    // MARK: cross-references

    private func crossCheck(_ spec: inout PipelineSpec) {
        let fields = spec.fields + spec.cleanse.producedFields
        crossCheckSteps(spec)
        for rules in spec.cleanse.fields where !fields.contains(rules.field) {
            log.error("cleanse rules for '\(rules.field)', which no source maps; fields are: \(fields.joined(separator: ", "))",
                      at: rules.location)
        }
        for (field, loc) in spec.cleanse.required where !fields.contains(field) {
            log.error("required field '\(field)' is not mapped by any source; fields are: \(fields.joined(separator: ", "))",
                      at: loc)
        }
        for (field, loc) in spec.cleanse.personal where !fields.contains(field) {
            log.error("personal field '\(field)' is not mapped by any source; fields are: \(fields.joined(separator: ", "))",
                      at: loc)
        }
        for table in spec.load.tables {
            let feeding = spec.sources.filter { $0.target == table.name }
            for column in table.columns {
                let mapped = feeding.contains { s in s.fields.contains { $0.field == column.name } }
                    || spec.cleanse.producedFields.contains(column.name)
                if !mapped && !feeding.isEmpty {
                    log.error("column '\(column.name)' of table '\(table.name)' is not mapped by any source loading into it",
                              at: column.location)
                }
            }
        }
        for source in spec.sources {
            guard let table = spec.table(for: source) else { continue }
            for mapping in source.fields where table.column(mapping.field) == nil {
                log.error("field '\(mapping.field)' is not a column of target table '\(table.name)'; add it to its columns or drop the mapping",
                          at: mapping.location)
            }
        }
    }

    /// A register's `register.ocr` holds the reading of every column: where one of its columns
    /// is personal, the field it is mapped to is personal too.
    private func addRegisterReadings(to spec: inout PipelineSpec) {
        var personal = Set(spec.cleanse.personal.map(\.field))
        for source in spec.sources {
            guard let register = source.register else { continue }
            let layout = Set(register.columns.map(\.name))
            guard source.fields.contains(where: { personal.contains($0.field) && layout.contains($0.column) }) else { continue }
            for m in source.fields where m.column == "register.ocr" && !personal.contains(m.field) {
                spec.cleanse.personal.append((m.field, m.location))
                personal.insert(m.field)
            }
        }
    }

    private func isIdentifierLike(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "-" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }
}
