import Cleanse
import Core
import Testing

/// A minimal pipeline file whose one field `f` has the rule list `rules` (YAML, e.g.
/// `[nfc, { date: { formats: [iso8601] } }]`), parsed: the rules' options sit on line 6.
func parseFieldRules(_ rules: String) -> (spec: PipelineSpec?, log: DiagnosticLog) {
    let yaml = """
        version: 1
        name: t
        sources: [{ name: s, path: a.csv, format: csv, fields: { f: F } }]
        cleanse:
          fields:
            f: \(rules)
        load: { tables: { t: { key: f, columns: { f: text } } } }
        """
    return PipelineLoader(environment: [:]).parse(text: yaml, file: "t.yml", directory: ".")
}

/// A pipeline file `t` with one CSV source `s` (`a.csv`, its `key` column if given) whose
/// fields are `fields` (a YAML flow mapping, e.g. `{ code: Ma, id: So }`), then `rest` (its
/// `cleanse` and `load`, from column 0).
func csvPipeline(fields: String, key: String? = nil, _ rest: String) -> String {
    """
    version: 1
    name: t
    sources:
      - name: s
        path: a.csv
        format: csv

    """ + (key.map { "    key: \($0)\n" } ?? "") + """
        fields: \(fields)

    """ + rest
}

/// Parses and compiles `yaml`, expecting no diagnostics.
func compiled(_ yaml: String) throws -> (spec: PipelineSpec, plan: CleansePlan) {
    let (spec, log) = PipelineLoader(environment: [:]).parse(text: yaml, file: "t.yml", directory: ".")
    let s = try #require(spec, "\(log.diagnostics)")
    let plan = CleansePlan.compile(s, log: log)
    #expect(log.diagnostics.isEmpty, "\(log.diagnostics)")
    return (s, plan)
}

/// Parses `yaml` into a cleanser for its one source and table.
func cleanser(_ yaml: String) throws -> RecordCleanser {
    let (s, plan) = try compiled(yaml)
    return RecordCleanser(plan: plan, source: s.sources[0], table: s.load.tables[0])
}

/// A batch of `rows` under `columns`.
func batch(_ rows: [[String?]], columns: [String]) -> Batch {
    var b = Batch(source: "s", file: "a.csv", columns: columns)
    for (i, r) in rows.enumerated() {
        b.rows.append(ContiguousArray(r))
        b.origins.append(RowOrigin(line: i + 2, byteOffset: Int64(i * 10), record: i + 1))
    }
    return b
}
