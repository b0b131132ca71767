/// `dedupe`: per entity, blocking rules, comparisons and thresholds.
extension SpecDecoder {
    func decodeDedupe(_ node: SpecNode, tables: [TableSpec]) -> [LinkageSpec] {
        let dr = MappingReader(node, what: "'dedupe'", log: log)
        return dr.entries.compactMap { entry in
            var r = MappingReader(entry.value, what: "entity '\(entry.key)' of 'dedupe'", log: log)
            guard r.isMapping else { return nil }
            let table: String
            if let t = r.string("table") {
                table = t
                if !tables.isEmpty && !tables.contains(where: { $0.name == t }) {
                    log.error("'dedupe.\(entry.key)' links table '\(t)', which 'load.tables' does not declare; tables are: "
                              + tables.map(\.name).joined(separator: ", "), at: entry.value.location)
                }
            } else if tables.count == 1 {
                table = tables[0].name
            } else {
                table = ""
                if !tables.isEmpty {
                    log.error("'dedupe.\(entry.key)' needs 'table' when 'load.tables' has several", at: entry.value.location)
                }
            }
            let blocking = r.value("blocking").map(decodeBlocking) ?? {
                log.error("entity '\(entry.key)' of 'dedupe' is missing the required key 'blocking'", at: entry.value.location)
                return []
            }()
            let comparisons = r.value("comparisons").map(decodeComparisons) ?? {
                log.error("entity '\(entry.key)' of 'dedupe' is missing the required key 'comparisons'", at: entry.value.location)
                return []
            }()
            let match = probability(&r, "match_probability", default: 0.95)
            let review = probability(&r, "review_probability", default: min(0.5, match))
            if review > match, let n = r.value("review_probability") {
                log.error("'review_probability' (\(review)) is above 'match_probability' (\(match)); expected at most that",
                          at: n.location)
            }
            let maxBlock = r.int("max_block_size", in: 2...10_000_000, default: 5000)
            let golden = r.value("golden").flatMap(decodeGolden)
            let relink = r.choice("relink", ["always", "when_needed"], default: "when_needed")
            let relinkShare = probability(&r, "relink_share", default: 0.1)
            r.finish()
            var spec = LinkageSpec(name: entry.key, table: table, blocking: blocking, comparisons: comparisons,
                                   matchProbability: match, reviewProbability: review, maxBlockSize: maxBlock,
                                   location: entry.value.location)
            spec.golden = golden
            spec.relink = LinkageSpec.Relink(rawValue: relink) ?? .whenNeeded
            spec.relinkShare = relinkShare
            if let t = tables.first(where: { $0.name == table }) { checkFields(spec, table: t) }
            if let golden, tables.contains(where: { $0.name == golden.table }) {
                log.error("golden table '\(golden.table)' is also a 'load.tables' entry; give it a name of its own",
                          at: golden.location)
            }
            return spec
        }
    }

    private func probability(_ r: inout MappingReader, _ key: String, default def: Double) -> Double {
        guard let n = r.value(key) else { return def }
        guard let s = n.scalar, let p = Double(s), p > 0, p < 1 else {
            log.error("expected '\(key)' to be a probability between 0 and 1 (exclusive), found "
                      + (n.scalar.map { "'\($0)'" } ?? n.kindName), at: n.location)
            return def
        }
        return p
    }

    private func decodeBlocking(_ node: SpecNode) -> [[BlockingPart]] {
        guard case .sequence(let rules, let loc) = node else {
            log.error("expected 'blocking' to be a list of rules, found \(node.kindName)", at: node.location)
            return []
        }
        if rules.isEmpty { log.error("'blocking' is empty; expected at least one rule", at: loc) }
        return rules.map { rule in
            let parts: [SpecNode]
            if case .sequence(let items, _) = rule { parts = items } else { parts = [rule] }
            return parts.compactMap(decodeBlockingPart)
        }
    }

    /// `field`, `folded(field)`, `first(field, n)`, `last(field, n)`, `year(field)`, `digits(field)`.
    private func decodeBlockingPart(_ node: SpecNode) -> BlockingPart? {
        guard let text = node.scalar?.trimmingSpaces(), !text.isEmpty else {
            log.error("expected a blocking key part such as 'birth_date' or 'first(name, 3)', found \(node.kindName)",
                      at: node.location)
            return nil
        }
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else {
            return BlockingPart(field: text, transform: .value, location: node.location)
        }
        let function = String(text[..<open]).trimmingSpaces()
        let args = text[text.index(after: open)..<text.index(before: text.endIndex)]
            .split(separator: ",").map { String($0).trimmingSpaces() }
        let field = args.first ?? ""
        func n() -> Int? {
            guard args.count == 2, let n = Int(args[1]), n > 0 else {
                log.error("expected '\(function)(field, n)' with n a positive whole number, found '\(text)'", at: node.location)
                return nil
            }
            return n
        }
        let transform: BlockingPart.Transform?
        switch function {
        case "folded": transform = args.count == 1 ? .folded : nil
        case "year": transform = args.count == 1 ? .year : nil
        case "digits": transform = args.count == 1 ? .digits : nil
        case "first": transform = n().map { .first($0) }
        case "last": transform = n().map { .last($0) }
        default:
            log.error("unknown blocking function '\(function)'; expected one of: folded, first, last, year, digits",
                      at: node.location)
            return nil
        }
        guard let transform, !field.isEmpty else {
            if ["folded", "year", "digits"].contains(function) {
                log.error("expected '\(function)(field)', found '\(text)'", at: node.location)
            }
            return nil
        }
        return BlockingPart(field: field, transform: transform, location: node.location)
    }

    private func decodeComparisons(_ node: SpecNode) -> [ComparisonSpec] {
        guard case .sequence(let items, let loc) = node else {
            log.error("expected 'comparisons' to be a list, found \(node.kindName)", at: node.location)
            return []
        }
        if items.isEmpty { log.error("'comparisons' is empty; expected at least one", at: loc) }
        let comparisons = items.compactMap { item -> ComparisonSpec? in
            var r = MappingReader(item, what: "a comparison", log: log)
            guard r.isMapping else { return nil }
            let field = r.string("field", required: true) ?? ""
            let kind = r.choice("kind", ["text", "citizen_id"], default: "text")
            let termFrequencies = r.bool("term_frequencies", default: false)
            var levels: [ComparisonSpec.Level] = []
            if let n = r.value("levels"), case .sequence(let ls, let lloc) = n {
                if ls.isEmpty { log.error("'levels' is empty; expected at least one level", at: lloc) }
                levels = ls.compactMap(decodeLevel)
            } else {
                log.error("a comparison needs 'levels', a list such as [exact, folded, { jaro_winkler: 0.9 }]", at: item.location)
            }
            r.finish()
            if termFrequencies, !levels.contains(.exact), !levels.contains(.folded) {
                log.error("'term_frequencies' adjusts the 'exact' and 'folded' levels; this comparison has neither",
                          at: item.location)
            }
            return ComparisonSpec(field: field, citizenID: kind == "citizen_id", levels: levels,
                                  termFrequencies: termFrequencies, location: item.location)
        }
        // Every pair's outcomes are one pattern code, and estimation counts pairs per pattern.
        var patterns = 1
        for c in comparisons {
            patterns = patterns.multipliedReportingOverflow(by: c.levels.count + 2).partialValue
            if patterns > ComparisonSpec.maxPatterns || patterns <= 0 {
                log.error("the comparisons' levels give over \(ComparisonSpec.maxPatterns) outcome patterns (each comparison's "
                          + "levels + 2, multiplied); expected fewer comparisons or levels", at: loc)
                break
            }
        }
        return comparisons
    }

    private func decodeLevel(_ node: SpecNode) -> ComparisonSpec.Level? {
        let expected = "exact, folded, first_last_words, date_partial, same_year, { jaro_winkler: 0.9 }, { levenshtein: 1 }, "
            + "{ last_digits: 9 }, { years_apart: 1 }"
        if let s = node.scalar {
            switch s {
            case "exact": return .exact
            case "folded": return .folded
            case "first_last_words": return .firstLastWords
            case "date_partial": return .datePartial
            case "same_year": return .sameYear
            default:
                log.error("unknown comparison level '\(s)'; expected one of: \(expected)", at: node.location)
                return nil
            }
        }
        let r = MappingReader(node, what: "a comparison level", log: log)
        guard r.isMapping, r.entries.count == 1, let entry = r.entries.first, let value = entry.value.scalar else {
            log.error("expected a comparison level, one of: \(expected)", at: node.location)
            return nil
        }
        switch entry.key {
        case "jaro_winkler":
            guard let t = Double(value), t > 0, t <= 1 else {
                log.error("expected 'jaro_winkler' to be a similarity in (0, 1], found '\(value)'", at: entry.value.location)
                return nil
            }
            return .jaroWinkler(t)
        case "levenshtein", "last_digits", "years_apart":
            guard let n = Int(value), n >= (entry.key == "levenshtein" ? 0 : 1), n <= 64 else {
                log.error("expected '\(entry.key)' to be a whole number, found '\(value)'", at: entry.value.location)
                return nil
            }
            switch entry.key {
            case "levenshtein": return .levenshtein(n)
            case "last_digits": return .lastDigits(n)
            default: return .yearsApart(n)
            }
        default:
            log.error("unknown comparison level '\(entry.key)'; expected one of: \(expected)", at: entry.keyLocation)
            return nil
        }
    }

    private func decodeGolden(_ node: SpecNode) -> GoldenSpec? {
        var r = MappingReader(node, what: "'golden'", log: log)
        guard r.isMapping else { return nil }
        let table = r.string("table", required: true) ?? ""
        let recency = r.string("recency")
        var fields: [(field: String, rule: GoldenSpec.Rule, location: SourceLocation)] = []
        if let n = r.value("fields") {
            let fr = MappingReader(n, what: "'golden.fields'", log: log)
            for entry in fr.entries {
                let expected = "most_recent, most_complete, most_frequent or { order: [...] }"
                if let s = entry.value.scalar {
                    switch s {
                    case "most_recent":
                        fields.append((entry.key, .mostRecent, entry.keyLocation))
                        if recency == nil {
                            log.error("'most_recent' needs 'recency', the field that orders records in time", at: entry.value.location)
                        }
                    case "most_complete": fields.append((entry.key, .mostComplete, entry.keyLocation))
                    case "most_frequent": fields.append((entry.key, .mostFrequent, entry.keyLocation))
                    default: log.error("unknown survivorship rule '\(s)'; expected \(expected)", at: entry.value.location)
                    }
                    continue
                }
                var or = MappingReader(entry.value, what: "the rule of golden field '\(entry.key)'", log: log)
                guard or.isMapping else { continue }
                if let values = or.strings("order"), !values.isEmpty {
                    fields.append((entry.key, .order(values.map(\.0)), entry.keyLocation))
                } else {
                    log.error("expected the rule of '\(entry.key)' to be \(expected)", at: entry.value.location)
                }
                or.finish()
            }
            if fr.isMapping && fr.entries.isEmpty { log.error("'golden.fields' is empty; expected at least one field", at: n.location) }
        } else {
            log.error("'golden' is missing the required key 'fields'", at: node.location)
        }
        r.finish()
        return GoldenSpec(table: table, recency: recency, fields: fields, location: node.location)
    }

    private func checkFields(_ spec: LinkageSpec, table: TableSpec) {
        let columns = table.columns.map(\.name)
        func check(_ field: String, _ loc: SourceLocation) {
            if !field.isEmpty && !columns.contains(field) {
                log.error("'\(field)' is not a column of table '\(table.name)'; columns are: \(columns.joined(separator: ", "))",
                          at: loc)
            }
        }
        for rule in spec.blocking { for part in rule { check(part.field, part.location) } }
        for c in spec.comparisons { check(c.field, c.location) }
        if let g = spec.golden {
            for f in g.fields { check(f.field, f.location) }
            if let r = g.recency { check(r, g.location) }
        }
    }
}
