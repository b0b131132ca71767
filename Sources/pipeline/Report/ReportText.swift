/// The report's first lines, as `pipeline run` and `pipeline report` print them.
struct ReportText {
    let report: CleansingReport

    /// The summary line, then one line per source and the reasons.
    var lines: [String] {
        let r = report.reconciliation
        let m = report.manifest
        let ins = r.tables.reduce(0) { $0 + $1.inserted }
        let upd = r.tables.reduce(0) { $0 + $1.updated }
        let unch = r.tables.reduce(0) { $0 + $1.unchanged }
        var out = ["run \(m.runId) \(m.pipeline): read \(r.read) = loaded \(r.loaded) + merged \(r.merged) + quarantined \(r.quarantined)"
            + " | inserted \(ins), updated \(upd), unchanged \(unch) | \(Number.fixed(m.seconds, 1)) s"]
        let width = r.sources.map(\.source.count).max() ?? 0
        for s in r.sources {
            let pad = String(repeating: " ", count: width - s.source.count)
            out.append("  \(s.source)\(pad)  read \(s.read) = loaded \(s.loaded) + merged \(s.merged) + quarantined \(s.quarantined)"
                       + (s.balanced ? "" : "  (does not add up)"))
        }
        for e in report.dedup?.linkage ?? [] {
            out.append("  linked \(e.entity): \(e.records) records -> \(e.entities) entities, \(e.matches) matched pairs, "
                       + "\(e.reviewQueue) to review"
                       + (e.mode == "incremental" ? " (incremental: \(e.changedRecords ?? 0) new or changed, \(e.pairsCompared) pairs compared)"
                          : e.mode == "full" ? " (full: \(e.pairsCompared) pairs compared)" : ""))
        }
        if let registers = report.registers, !registers.isEmpty {
            let sum = { (f: (CleansingReport.RegisterReport) -> Int) in registers.reduce(0) { $0 + f($1) } }
            let pages = sum(\.pages)
            out.append("  registers: \(pages) page\(pages == 1 ? "" : "s") (\(sum(\.manualKeying)) to manual keying), \(sum(\.entries)) entries, "
                       + "\(sum { $0.review.reduce(0) { $0 + $1.count } }) fields in review, \(sum(\.linked)) linked to a dossier")
        }
        if !report.quarantine.byReason.isEmpty {
            out.append("  quarantined: " + report.quarantine.byReason.map { "\($0.reason) \($0.count)" }.joined(separator: ", "))
        }
        if !report.flags.byReason.isEmpty {
            out.append("  flagged: " + report.flags.byReason.map { "\($0.reason) \($0.count)" }.joined(separator: ", "))
        }
        return out
    }
}
