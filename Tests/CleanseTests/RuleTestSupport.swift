import Core

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
