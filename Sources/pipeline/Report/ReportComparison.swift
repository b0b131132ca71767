/// The differences between two runs' reports: `pipeline report --compare A B`.
struct ReportComparison: Codable, Equatable {
    /// One compared figure.
    struct Row: Codable, Equatable {
        /// The section, e.g. `run`, `source quangbinh`, `quarantine`, `field quangbinh.phone`.
        var section: String
        var figure: String
        var a: Double?
        var b: Double?
        /// `b - a`, when both are known.
        var delta: Double?
    }

    var schema = "motcua.report-comparison/1"
    var runA: Int64
    var runB: Int64
    var pipelineA: String
    var pipelineB: String
    /// Whether the pipeline file changed between the runs (its SHA-256).
    var pipelineChanged: Bool
    /// Input files that appear in one run only, or whose SHA-256 differs.
    var inputChanges: [String]
    /// Every compared figure (only those that differ when `changedOnly`).
    var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case schema, runA = "run_a", runB = "run_b", pipelineA = "pipeline_a", pipelineB = "pipeline_b"
        case pipelineChanged = "pipeline_changed", inputChanges = "input_changes", rows
    }

    init(_ a: CleansingReport, _ b: CleansingReport) {
        runA = a.manifest.runId
        runB = b.manifest.runId
        pipelineA = a.manifest.pipeline
        pipelineB = b.manifest.pipeline
        pipelineChanged = a.manifest.pipelineSHA256 != b.manifest.pipelineSHA256
        var changes: [String] = []
        let inA = Dictionary(a.manifest.inputs.map { ($0.file, $0) }, uniquingKeysWith: { x, _ in x })
        let inB = Dictionary(b.manifest.inputs.map { ($0.file, $0) }, uniquingKeysWith: { x, _ in x })
        for file in Set(inA.keys).union(inB.keys).sorted() {
            switch (inA[file], inB[file]) {
            case (nil, _?): changes.append("added: \(file)")
            case (_?, nil): changes.append("removed: \(file)")
            case let (x?, y?) where x.sha256 != y.sha256 || x.size != y.size: changes.append("changed: \(file)")
            default: break
            }
        }
        inputChanges = changes
        var rows: [Row] = []
        func add(_ section: String, _ figure: String, _ x: Double?, _ y: Double?) {
            rows.append(Row(section: section, figure: figure, a: x, b: y, delta: x.flatMap { x in y.map { $0 - x } }))
        }
        func int(_ n: Int?) -> Double? { n.map(Double.init) }
        let ra = a.reconciliation, rb = b.reconciliation
        add("run", "read", int(ra.read), int(rb.read))
        add("run", "loaded", int(ra.loaded), int(rb.loaded))
        add("run", "merged", int(ra.merged), int(rb.merged))
        add("run", "quarantined", int(ra.quarantined), int(rb.quarantined))
        add("run", "flagged", int(a.flags.total), int(b.flags.total))
        add("run", "seconds", a.manifest.seconds, b.manifest.seconds)
        let sa = Dictionary(ra.sources.map { ($0.source, $0) }, uniquingKeysWith: { x, _ in x })
        let sb = Dictionary(rb.sources.map { ($0.source, $0) }, uniquingKeysWith: { x, _ in x })
        for s in Self.union(ra.sources.map(\.source), rb.sources.map(\.source)) {
            add("source \(s)", "read", int(sa[s]?.read), int(sb[s]?.read))
            add("source \(s)", "loaded", int(sa[s]?.loaded), int(sb[s]?.loaded))
            add("source \(s)", "merged", int(sa[s]?.merged), int(sb[s]?.merged))
            add("source \(s)", "quarantined", int(sa[s]?.quarantined), int(sb[s]?.quarantined))
        }
        let qa = Dictionary(a.quarantine.byReason.map { ($0.reason, $0.count) }, uniquingKeysWith: +)
        let qb = Dictionary(b.quarantine.byReason.map { ($0.reason, $0.count) }, uniquingKeysWith: +)
        for r in Set(qa.keys).union(qb.keys).sorted() { add("quarantine", r, int(qa[r] ?? 0), int(qb[r] ?? 0)) }
        let fa = Dictionary(a.flags.byReason.map { ($0.reason, $0.count) }, uniquingKeysWith: +)
        let fb = Dictionary(b.flags.byReason.map { ($0.reason, $0.count) }, uniquingKeysWith: +)
        for r in Set(fa.keys).union(fb.keys).sorted() { add("flags", r, int(fa[r] ?? 0), int(fb[r] ?? 0)) }
        func rate(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : (Double(part) / Double(whole) * 1000).rounded() / 10 }
        let fieldsA = Dictionary(a.fields.map { ("\($0.source).\($0.field)", $0) }, uniquingKeysWith: { x, _ in x })
        let fieldsB = Dictionary(b.fields.map { ("\($0.source).\($0.field)", $0) }, uniquingKeysWith: { x, _ in x })
        for k in Self.union(a.fields.map { "\($0.source).\($0.field)" }, b.fields.map { "\($0.source).\($0.field)" }) {
            let x = fieldsA[k], y = fieldsB[k]
            add("field \(k)", "filled after %", x.flatMap { rate($0.filledAfter, $0.records) }, y.flatMap { rate($0.filledAfter, $0.records) })
            add("field \(k)", "valid after %", x.flatMap { rate($0.validAfter, $0.filledAfter) }, y.flatMap { rate($0.validAfter, $0.filledAfter) })
            add("field \(k)", "flagged", int(x?.flagged), int(y?.flagged))
            add("field \(k)", "rejected", int(x?.rejected), int(y?.rejected))
        }
        self.rows = rows
    }

    /// The rows whose figures differ.
    var changed: [Row] { rows.filter { $0.a != $0.b } }

    /// The comparison as text, one line per figure that differs.
    var lines: [String] {
        var out = ["compare run \(runA) (\(pipelineA)) with run \(runB) (\(pipelineB))"]
        out.append(pipelineChanged ? "  the pipeline file changed" : "  the same pipeline file")
        out.append(contentsOf: inputChanges.map { "  input \($0)" })
        if inputChanges.isEmpty { out.append("  the same input files") }
        let diffs = changed.filter { $0.figure != "seconds" }
        if diffs.isEmpty { out.append("  no figure differs (apart from the duration)") }
        for r in diffs {
            out.append("  \(r.section): \(r.figure) \(Self.show(r.a)) -> \(Self.show(r.b))"
                       + (r.delta.map { " (\($0 >= 0 ? "+" : "")\(Self.show($0)))" } ?? ""))
        }
        return out
    }

    static func show(_ x: Double?) -> String {
        guard let x else { return "-" }
        return x == x.rounded() && abs(x) < 1e15 ? Number.grouped(Int(x)) : Number.fixed(x, 1)
    }

    private static func union(_ a: [String], _ b: [String]) -> [String] {
        var out = a
        for x in b where !out.contains(x) { out.append(x) }
        return out
    }
}
