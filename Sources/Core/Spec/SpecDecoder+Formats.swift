/// `format`, `options` and `encoding` of a source.
extension SpecDecoder {
    /// The format `name` with its options, or `nil` for an unknown name.
    /// - Parameter location: The `format` value, where a missing `options` is reported.
    func decodeFormat(_ name: String, options node: SpecNode?, at location: SourceLocation) -> SourceFormat? {
        let needs = ["xml": "'records', the element path of a record", "sql": "'table', the table whose rows are read",
                     "fixed": "'columns', the column layout"]
        if node == nil, let what = needs[name] {
            log.error("format '\(name)' needs 'options' with \(what)", at: location)
        }
        switch name {
        case "csv": return .csv(decodeCSVOptions(node))
        case "jsonl": return .jsonl(decodeJSONLinesOptions(node))
        case "json": return .json(decodeJSONOptions(node))
        case "xml": return .xml(decodeXMLOptions(node))
        case "sql": return .sql(decodeSQLOptions(node))
        case "fixed": return .fixed(decodeFixedWidthOptions(node))
        case "xlsx": return .xlsx(decodeXLSXOptions(node))
        case "scan":
            if let node { log.error("format 'scan' takes no 'options'; its settings are under 'register'", at: node.location) }
            return .scan
        default: return nil
        }
    }

    func decodeEncoding(_ node: SpecNode?, format: SourceFormat) -> SourceEncoding {
        guard let node else { return .declared(.utf8) }
        guard case .scalar(let name, let loc) = node else {
            log.error("expected 'encoding' to be an encoding name, found \(node.kindName)", at: node.location)
            return .declared(.utf8)
        }
        let encoding: SourceEncoding
        if name.lowercased() == "auto" {
            encoding = .auto
        } else if let e = TextEncoding(named: name) {
            encoding = .declared(e)
        } else {
            let names = TextEncoding.allCases.map(\.rawValue) + ["auto"]
            log.error("unknown encoding '\(name)'; expected one of: \(names.joined(separator: ", "))", at: loc)
            return .declared(.utf8)
        }
        if !format.isText && encoding != .declared(.utf8) {
            log.error("format '\(format.name)' carries its own encoding; remove 'encoding'", at: loc)
        }
        return encoding
    }

    private func decodeCSVOptions(_ node: SpecNode?) -> CSVOptions {
        var options = CSVOptions()
        guard let node else { return options }
        var r = MappingReader(node, what: "csv options", log: log)
        if let d = r.value("delimiter") { options.delimiter = singleByte(d, key: "delimiter") ?? options.delimiter }
        if let q = r.value("quote") { options.quote = singleByte(q, key: "quote") ?? options.quote }
        options.header = r.bool("header", default: true)
        if let cols = r.strings("columns") { options.columns = cols.map(\.0) }
        options.maxRecordBytes = r.int("max_record_bytes", in: 64...(1 << 30), default: options.maxRecordBytes)
        options.strayQuotes = StrayQuotePolicy(
            rawValue: r.choice("stray_quotes", StrayQuotePolicy.allCases.map(\.rawValue), default: "reject")) ?? .reject
        options.excelSepLine = r.bool("excel_sep_line", default: true)
        if options.delimiter == options.quote {
            log.error("'delimiter' and 'quote' must differ", at: node.location)
        }
        if !options.header && options.columns.isEmpty {
            log.error("'header: false' needs 'columns', the list of column names", at: node.location)
        }
        if options.header && !options.columns.isEmpty {
            log.error("'columns' names the columns of a file without a header; with 'header: true' the header names them",
                      at: r.value("columns")!.location)
        }
        r.finish()
        return options
    }

    private func decodeJSONLinesOptions(_ node: SpecNode?) -> JSONLinesOptions {
        var options = JSONLinesOptions()
        guard let node else { return options }
        var r = MappingReader(node, what: "jsonl options", log: log)
        options.maxRecordBytes = r.int("max_record_bytes", in: 64...(1 << 30), default: options.maxRecordBytes)
        r.finish()
        return options
    }

    private func decodeJSONOptions(_ node: SpecNode?) -> JSONOptions {
        var options = JSONOptions()
        guard let node else { return options }
        var r = MappingReader(node, what: "json options", log: log)
        if let records = r.string("records") {
            let trimmed = records.hasPrefix("$") ? String(records.dropFirst()) : records
            let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if !trimmed.isEmpty && parts.contains(where: \.isEmpty) {
                log.error("expected 'records' to be a dot-separated path of object keys such as 'data.items', found '\(records)'",
                          at: r.value("records")!.location)
            } else if !trimmed.isEmpty {
                options.records = parts
            }
        }
        options.maxRecordBytes = r.int("max_record_bytes", in: 64...(1 << 30), default: options.maxRecordBytes)
        r.finish()
        return options
    }

    private func decodeXMLOptions(_ node: SpecNode?) -> XMLOptions {
        var options = XMLOptions()
        guard let node else { return options }
        var r = MappingReader(node, what: "xml options", log: log)
        if let records = r.string("records", required: true) {
            let parts = records.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let body = parts.first == "" ? Array(parts.dropFirst()) : parts
            if body.isEmpty || body.contains(where: { $0.isEmpty || $0.hasPrefix("@") }) {
                log.error("expected 'records' to be an element path such as 'export/hoso', found '\(records)'",
                          at: r.value("records")!.location)
            } else {
                options.records = body
            }
        }
        if let ns = r.value("namespaces") {
            let nr = MappingReader(ns, what: "'namespaces'", log: log)
            for entry in nr.entries {
                guard case .scalar(let uri, _) = entry.value, !uri.isEmpty else {
                    log.error("expected the namespace URI of prefix '\(entry.key)', found \(entry.value.kindName)",
                              at: entry.value.location)
                    continue
                }
                options.namespaces[entry.key] = uri
            }
        }
        options.maxRecordBytes = r.int("max_record_bytes", in: 64...(1 << 30), default: options.maxRecordBytes)
        r.finish()
        for prefix in options.records.compactMap(Self.prefix(of:)) where options.namespaces[prefix] == nil {
            log.error("'records' uses the prefix '\(prefix)', which 'namespaces' does not declare", at: node.location)
        }
        return options
    }

    static func prefix(of qualifiedName: String) -> String? {
        guard let colon = qualifiedName.firstIndex(of: ":") else { return nil }
        return String(qualifiedName[..<colon])
    }

    private func decodeSQLOptions(_ node: SpecNode?) -> SQLOptions {
        var options = SQLOptions()
        guard let node else { return options }
        var r = MappingReader(node, what: "sql options", log: log)
        options.table = r.string("table", required: true) ?? ""
        options.dialect = SQLDialect(
            rawValue: r.choice("dialect", SQLDialect.allCases.map(\.rawValue), default: "auto")) ?? .auto
        options.maxRecordBytes = r.int("max_record_bytes", in: 64...(1 << 30), default: options.maxRecordBytes)
        r.finish()
        return options
    }

    private func decodeFixedWidthOptions(_ node: SpecNode?) -> FixedWidthOptions {
        var options = FixedWidthOptions()
        guard let node else { return options }
        var r = MappingReader(node, what: "fixed options", log: log)
        if let cols = r.value("columns") {
            if case .sequence(let items, let loc) = cols {
                if items.isEmpty { log.error("'columns' is empty; expected at least one column", at: loc) }
                var previous: FixedWidthOptions.Column?
                for item in items {
                    var cr = MappingReader(item, what: "a fixed-width column", log: log)
                    guard cr.isMapping else { continue }
                    let name = cr.string("name", required: true) ?? ""
                    let start = cr.int("start", in: 1...1_000_000, default: 0)
                    let width = cr.int("width", in: 1...1_000_000, default: 0)
                    if cr.value("start") == nil { log.error("a fixed-width column is missing the required key 'start'", at: item.location) }
                    if cr.value("width") == nil { log.error("a fixed-width column is missing the required key 'width'", at: item.location) }
                    cr.finish()
                    let column = FixedWidthOptions.Column(name: name, start: start, width: width)
                    if let previous, start > 0, start < previous.start + previous.width {
                        log.error("column '\(name)' starts at \(start), inside '\(previous.name)' (\(previous.start)...\(previous.start + previous.width - 1)); columns must be in order and not overlap",
                                  at: item.location)
                    }
                    if options.columns.contains(where: { $0.name == name }) {
                        log.error("duplicate column name '\(name)'", at: item.location)
                    }
                    options.columns.append(column)
                    previous = column
                }
            } else {
                log.error("expected 'columns' to be a list of { name, start, width }, found \(cols.kindName)", at: cols.location)
            }
        } else {
            log.error("fixed options are missing the required key 'columns'", at: node.location)
        }
        options.skipLines = r.int("skip_lines", in: 0...1_000_000, default: 0)
        options.trim = r.bool("trim", default: true)
        options.strictWidth = r.bool("strict_width", default: false)
        options.maxRecordBytes = r.int("max_record_bytes", in: 64...(1 << 30), default: options.maxRecordBytes)
        r.finish()
        return options
    }

    private func decodeXLSXOptions(_ node: SpecNode?) -> XLSXOptions {
        var options = XLSXOptions()
        guard let node else { return options }
        var r = MappingReader(node, what: "xlsx options", log: log)
        options.sheet = r.string("sheet")
        options.headerRow = r.int("header_row", in: 0...1_048_576, default: 1)
        if let cols = r.strings("columns") { options.columns = cols.map(\.0) }
        if options.headerRow == 0 && options.columns.isEmpty {
            log.error("'header_row: 0' needs 'columns', the list of column names", at: node.location)
        }
        if options.headerRow > 0 && !options.columns.isEmpty {
            log.error("'columns' names the columns of a sheet without a header; with a 'header_row' the header names them",
                      at: r.value("columns")!.location)
        }
        r.finish()
        return options
    }
}

extension SpecDecoder {
    /// Checks the field paths of an `xml` source as the reader will read them, so that
    /// `pipeline validate` reports them at their position.
    func checkXMLFields(_ source: SourceSpec) {
        guard case .xml(let options) = source.format else { return }
        var paths = source.fields.map { ($0.column, $0.location) }
        if let key = source.key { paths.append((key, source.location)) }
        for (path, loc) in paths where path != "." {
            let steps = path.split(separator: "/", omittingEmptySubsequences: false)
            for (i, step) in steps.enumerated() {
                let isAttribute = step.hasPrefix("@")
                let name = isAttribute ? step.dropFirst() : step[...]
                if name.isEmpty || name.hasPrefix(":") || name.hasSuffix(":") || name.contains("@") {
                    log.error("field '\(path)' is not an element path; expected steps such as 'ten', 'nguoi/ho_ten', '@ma' or 'nguoi/@cccd'",
                              at: loc)
                    break
                }
                if isAttribute && i != steps.count - 1 {
                    log.error("field '\(path)' has an attribute step '\(step)' before its end; expected '@name' only as the last step",
                              at: loc)
                    break
                }
                if let prefix = Self.prefix(of: String(name)), prefix != "xml", options.namespaces[prefix] == nil {
                    log.error("field '\(path)' uses the prefix '\(prefix)', which 'namespaces' does not declare", at: loc)
                    break
                }
            }
        }
    }
}
