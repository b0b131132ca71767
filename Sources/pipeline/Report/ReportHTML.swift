/// Renders a ``CleansingReport`` as one self-contained HTML page: inline CSS, charts as inline
/// SVG, no script, no font, no external resource (a Content-Security-Policy forbids them).
struct ReportHTML {
    let report: CleansingReport

    func render() -> String {
        var page = Page()
        let m = report.manifest
        page.raw("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">")
        page.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
        page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        page.raw("<title>")
        page.text("Run \(m.runId) · \(m.pipeline) · cleansing report")
        page.raw("</title><style>\(Self.css)</style></head><body>\n")
        page.raw("<header><h1>")
        page.text("Cleansing report: \(m.pipeline), run \(m.runId)")
        page.raw("</h1><p class=\"status \(m.status == "succeeded" ? "ok" : "bad")\">")
        page.text(m.status == "succeeded" ? "committed" : "failed: nothing committed")
        page.raw("</p>")
        if !report.masked { page.raw("<p class=\"warn\">Personal data is shown UNMASKED in this report.</p>") }
        page.raw("</header>\n")
        summaryCards(&page)
        reconciliation(&page)
        manifest(&page)
        fields(&page)
        quarantine(&page)
        flags(&page)
        dedup(&page)
        units(&page)
        registers(&page)
        trends(&page)
        page.raw("<footer>")
        page.text("motcua \(m.toolVersion) · report schema \(report.schema)")
        page.raw("</footer>\n</body></html>\n")
        return page.html
    }

    // MARK: - Sections

    private func summaryCards(_ page: inout Page) {
        let r = report.reconciliation
        page.raw("<section class=\"cards\" id=\"summary\">")
        for (label, value, cls) in [("read", r.read, ""), ("loaded", r.loaded, "loaded"), ("merged", r.merged, "merged"),
                                    ("quarantined", r.quarantined, "quarantined"), ("flagged", report.flags.total, "flagged")] {
            page.raw("<div class=\"card \(cls)\"><span class=\"n\" data-figure=\"\(label)\">\(Number.grouped(value))</span>")
            page.raw("<span class=\"l\">\(label)</span></div>")
        }
        page.raw("</section>\n")
    }

    private func reconciliation(_ page: inout Page) {
        let r = report.reconciliation
        page.section("reconciliation", "Reconciliation")
        page.raw("<p class=\"identity \(r.balanced ? "ok" : "bad")\">")
        page.text("read \(Number.grouped(r.read)) = loaded \(Number.grouped(r.loaded)) + merged \(Number.grouped(r.merged))"
                  + " + quarantined \(Number.grouped(r.quarantined)) ")
        page.raw(r.balanced ? "&#10003; balanced" : "&#10007; NOT balanced")
        page.raw("</p>")
        page.table(["source", "table", "read", "loaded", "merged", "quarantined", "identity"], numeric: [2, 3, 4, 5]) { rows in
            for s in r.sources {
                rows.append([.text(s.source), .text(s.table), .number(s.read), .number(s.loaded), .number(s.merged),
                             .number(s.quarantined), .text(s.balanced ? "✓ read = loaded + merged + quarantined" : "✗ does not add up")])
            }
        }
        for s in r.sources {
            page.raw("<div class=\"chart\"><span class=\"caption\">")
            page.text(s.source)
            page.raw("</span>")
            page.raw(SVGChart.stacked([
                .init(label: "loaded", value: s.loaded, color: SVGChart.loaded),
                .init(label: "merged", value: s.merged, color: SVGChart.merged),
                .init(label: "quarantined", value: s.quarantined, color: SVGChart.quarantined),
            ], title: "\(s.source): loaded, merged, quarantined"))
            page.raw("</div>")
        }
        page.raw("<p class=\"legend\"><i style=\"background:\(SVGChart.loaded)\"></i>loaded <i style=\"background:\(SVGChart.merged)\"></i>merged "
                 + "<i style=\"background:\(SVGChart.quarantined)\"></i>quarantined</p>")
        page.raw("<h3>Target tables</h3>")
        page.table(["table", "inserted", "updated", "unchanged"], numeric: [1, 2, 3]) { rows in
            for t in r.tables { rows.append([.text(t.table), .number(t.inserted), .number(t.updated), .number(t.unchanged)]) }
        }
        page.raw("</section>\n")
    }

    private func manifest(_ page: inout Page) {
        let m = report.manifest
        page.section("manifest", "Run manifest")
        page.raw("<dl>")
        var items: [(String, String)] = [
            ("run", "\(m.runId)"), ("pipeline", m.pipeline), ("pipeline file", m.pipelineFile),
            ("pipeline SHA-256", m.pipelineSHA256), ("tool version", m.toolVersion), ("database", m.database),
            ("started", m.startedAt), ("finished", m.finishedAt), ("duration", Number.fixed(m.seconds, 1) + " s"),
            ("status", "\(m.status) (exit \(m.exitStatus))"),
        ]
        if let failure = m.failure { items.append(("failure", failure)) }
        if let peak = m.peakMemoryMiB { items.append(("peak memory", Number.fixed(peak, 1) + " MiB")) }
        for (k, v) in items {
            page.raw("<dt>")
            page.text(k)
            page.raw("</dt><dd>")
            page.text(v)
            page.raw("</dd>")
        }
        page.raw("</dl><h3>Input files</h3>")
        page.table(["source", "file", "bytes", "SHA-256", "encoding", "records", "rejected"], numeric: [2, 5, 6]) { rows in
            for i in m.inputs {
                var enc = i.encoding ?? "-"
                if let c = i.encodingConfidence { enc += " (detected, \(Number.fixed(c * 100, 0))% sure)" }
                rows.append([.text(i.source), .code(i.file), .number(Int(i.size)), .code(i.sha256 ?? "-"), .text(enc),
                             .number(i.records), .number(i.rejected)])
            }
        }
        page.raw("</section>\n")
    }

    private func fields(_ page: inout Page) {
        page.section("fields", "Fields: before and after cleansing")
        page.raw("<p class=\"note\">Fill: values present. Valid before: present values every rule passed unchanged. "
                 + "Valid after: values kept that no rule flagged. Invalid patterns: shapes of flagged or refused values "
                 + "(9 a digit, a/A a letter).</p>")
        for source in orderedSources {
            page.raw("<h3>")
            page.text(source)
            page.raw("</h3>")
            page.table(["field", "records", "filled before", "filled after", "valid before", "valid after", "flagged",
                        "rejected", "rules: changed / flagged / rejected", "top invalid patterns"],
                       numeric: [1, 2, 3, 4, 5, 6, 7]) { rows in
                for f in report.fields where f.source == source {
                    let rules = f.rules.map { "\($0.rule) \(Number.grouped($0.changed))/\(Number.grouped($0.flagged))/\(Number.grouped($0.rejected))" }
                    let patterns = f.invalidPatterns.prefix(5).map { "\($0.key) ×\(Number.grouped($0.count))" }
                    rows.append([.text(f.field), .number(f.records), .text(Number.percent(f.filledBefore, of: f.records)),
                                 .text(Number.percent(f.filledAfter, of: f.records)),
                                 .text(Number.percent(f.validBefore, of: f.filledBefore)),
                                 .text(Number.percent(f.validAfter, of: f.filledAfter)),
                                 .number(f.flagged), .number(f.rejected), .text(rules.joined(separator: ", ")),
                                 .code(patterns.joined(separator: "  "))])
                }
            }
        }
        page.raw("</section>\n")
    }

    private func quarantine(_ page: inout Page) {
        let q = report.quarantine
        page.section("quarantine", "Quarantine")
        reasons(&page, intro: "\(Number.grouped(q.total)) records quarantined, by reason:", q.byReason,
                what: ("records", "by source", "quarantined records by reason"), color: SVGChart.quarantined)
        if !q.examples.isEmpty {
            page.raw("<h3>Examples\(report.masked ? " (personal data masked)" : "")</h3>")
            page.table(["reason", "source", "file:line", "field", "detail", "record"], numeric: []) { rows in
                for e in q.examples {
                    rows.append([.code(e.reason), .text(e.source), .code("\(e.file):\(e.line)"), .text(e.field ?? "-"),
                                 .text(e.detail), .code(e.record)])
                }
            }
        }
        page.raw("<p>Every quarantined record of this run, with its original:</p><pre>")
        page.text(q.query)
        page.raw("</pre></section>\n")
    }

    /// Counts by reason: a sentence, a bar chart, and a table with each reason's breakdown.
    private func reasons(_ page: inout Page, intro: String, _ lines: [CleansingReport.ReasonLine],
                         what: (count: String, breakdown: String, chart: String), color: String) {
        page.raw("<p>")
        page.text(intro)
        page.raw("</p>")
        page.raw(SVGChart.bars(lines.map { .init(label: $0.reason, value: $0.count, color: color) }, title: what.chart))
        page.table(["reason", what.count, what.breakdown], numeric: [1]) { rows in
            for r in lines {
                rows.append([.code(r.reason), .number(r.count),
                             .text(r.sources.map { "\($0.key) \(Number.grouped($0.count))" }.joined(separator: ", "))])
            }
        }
    }

    private func flags(_ page: inout Page) {
        let f = report.flags
        page.section("flags", "Flagged values")
        reasons(&page, intro: "\(Number.grouped(f.total)) values were loaded with a flag (kept as read or as cleansed, counted here):",
                f.byReason, what: ("values", "by field", "flagged values by reason"), color: SVGChart.flagged)
        page.raw("<pre>")
        page.text(f.query)
        page.raw("</pre></section>\n")
    }

    private func dedup(_ page: inout Page) {
        guard let d = report.dedup else { return }
        page.section("dedup", "De-duplication")
        for t in d.tables {
            page.raw("<h3>")
            page.text("\(t.table): \(Number.grouped(t.merged)) records merged (\(t.rule))")
            page.raw("</h3>")
            page.raw(SVGChart.bars(t.clusterSizes.map {
                .init(label: "\($0.size) record\($0.size == 1 ? "" : "s") per entity", value: $0.clusters, color: SVGChart.merged)
            }, title: "\(t.table): entities by number of records"))
        }
        for e in d.linkage ?? [] {
            page.raw("<h3>")
            page.text("\(e.entity) (linked in \(e.table)): \(Number.grouped(e.records)) records -> \(Number.grouped(e.entities)) entities")
            page.raw("</h3><p>")
            page.text("\(Number.grouped(e.pairsCompared)) pairs compared, \(Number.grouped(e.matches)) matched, "
                      + "\(Number.grouped(e.reviewQueue)) waiting for review, \(Number.grouped(e.decisionsApplied)) reviewers' decisions "
                      + "applied; \(Number.grouped(e.entitiesKept)) entities kept the id of an earlier run.")
            if e.mode == "incremental" {
                page.text(" Linked incrementally: \(Number.grouped(e.changedRecords ?? 0)) new or changed records compared with "
                          + "all the others, \(Number.grouped(e.removedRecords ?? 0)) gone, with the model of run \(e.modelRun ?? 0).")
            } else if let reason = e.relinkReason {
                page.text(" Linked in full: \(reason).")
            }
            page.raw("</p>")
            page.raw(SVGChart.bars(e.clusterSizes.map {
                .init(label: "\($0.size) record\($0.size == 1 ? "" : "s") per entity", value: $0.clusters, color: SVGChart.merged)
            }, title: "\(e.entity): entities by number of records"))
            if !e.examples.isEmpty {
                page.raw("<p>The closest calls among the matches, with each comparison's weight (log2 of m/u):</p>")
                page.table(["record", "record", "probability", "match weight"] + (e.examples.first?.weights.map(\.field) ?? []),
                           numeric: Set(2..<(4 + (e.examples.first?.weights.count ?? 0)))) { rows in
                    for x in e.examples {
                        rows.append([.code(x.keyA), .code(x.keyB), .text(Number.fixed(x.probability, 4)), .text(Number.fixed(x.matchWeight, 2))]
                                    + x.weights.map { .text($0.weight.map { Number.fixed($0, 2) } ?? "-") })
                    }
                }
            }
            page.raw("<pre>")
            page.text(e.matchesQuery + "\n" + e.reviewQuery)
            page.raw("</pre>")
        }
        page.raw("</section>\n")
    }

    private func units(_ page: inout Page) {
        guard !report.units.isEmpty else { return }
        page.section("units", "Administrative units (2025)")
        for u in report.units {
            page.raw("<h3>")
            page.text("\(u.source) · \(u.address): \(Number.grouped(u.mapped)) mapped, \(Number.grouped(u.ambiguous)) ambiguous, "
                      + "\(Number.grouped(u.unknown)) unknown")
            page.raw("</h3>")
            page.raw(SVGChart.bars(u.provinces.map { .init(label: "\($0.code) \($0.name)", value: $0.records, color: SVGChart.neutral) },
                                   title: "\(u.source): records per new province"))
            page.raw("<p>")
            page.text("Records per new commune (the \(u.communes.count) largest of \(Number.grouped(u.communesTotal))):")
            page.raw("</p>")
            page.table(["code", "commune", "records"], numeric: [2]) { rows in
                for c in u.communes { rows.append([.code(c.code), .text(c.name), .number(c.records)]) }
            }
            if !u.unmapped.isEmpty {
                page.raw("<p>Old units that could not be mapped for certain:</p>")
                page.table(["old units", "records"], numeric: [1]) { rows in
                    for x in u.unmapped { rows.append([.text(x.key), .number(x.count)]) }
                }
            }
        }
        page.raw("</section>\n")
    }

    private func registers(_ page: inout Page) {
        guard let registers = report.registers, !registers.isEmpty else { return }
        page.section("registers", "Paper registers")
        page.table(["source", "pages", "manual keying", "entries", "fields", "in review", "corrected", "reviewed", "linked to a dossier"],
                   numeric: [1, 2, 3, 4, 5, 6, 7, 8]) { rows in
            for r in registers {
                rows.append([.text(r.source), .number(r.pages), .number(r.manualKeying), .number(r.entries), .number(r.fields),
                             .number(r.review.reduce(0) { $0 + $1.count }), .number(r.corrected.reduce(0) { $0 + $1.count }),
                             .number(r.reviewed), .number(r.linked)])
            }
        }
        for r in registers where !r.review.isEmpty || !r.corrected.isEmpty {
            page.raw("<p>")
            page.text("\(r.source): in review by reason: " + (r.review.isEmpty ? "none" : r.review.map { "\($0.key) \($0.count)" }.joined(separator: ", "))
                      + "; corrected by reason: " + (r.corrected.isEmpty ? "none" : r.corrected.map { "\($0.key) \($0.count)" }.joined(separator: ", ")))
            page.raw("</p>")
        }
        page.raw("<p>The fields in review, with each one's reading, confidence and box on its page:</p><pre>")
        page.text("SELECT * FROM etl.register_review ORDER BY source, file, page, row;")
        page.raw("</pre>\n</section>\n")
    }

    private func trends(_ page: inout Page) {
        let t = report.trends
        page.section("trends", "Trends over the last \(t.count) run\(t.count == 1 ? "" : "s")")
        let labels = t.map { "run \($0.runId)" }
        let figures: [(String, [Double], String)] = [
            ("read", t.map { Double($0.read) }, SVGChart.neutral),
            ("loaded", t.map { Double($0.loaded) }, SVGChart.loaded),
            ("merged", t.map { Double($0.merged) }, SVGChart.merged),
            ("quarantined", t.map { Double($0.quarantined) }, SVGChart.quarantined),
            ("flagged", t.map { Double($0.flagged) }, SVGChart.flagged),
            ("seconds", t.map(\.seconds), SVGChart.neutral),
        ]
        page.raw("<div class=\"trends\">")
        for (name, values, color) in figures {
            page.raw("<figure><figcaption>")
            let last = values.last.map { name == "seconds" ? Number.fixed($0, 1) : Number.grouped(Int($0)) } ?? "-"
            page.text("\(name): \(last)")
            page.raw("</figcaption>")
            page.raw(SVGChart.sparkline(values, labels: zip(labels, values).map { "\($0): \($1)" }, color: color, title: name))
            page.raw("</figure>")
        }
        page.raw("</div>")
        page.table(["run", "read", "loaded", "merged", "quarantined", "flagged", "seconds"], numeric: [1, 2, 3, 4, 5, 6]) { rows in
            for p in t {
                rows.append([.text("\(p.runId)"), .number(p.read), .number(p.loaded), .number(p.merged), .number(p.quarantined),
                             .number(p.flagged), .text(Number.fixed(p.seconds, 1))])
            }
        }
        page.raw("</section>\n")
    }

    private var orderedSources: [String] {
        var out: [String] = []
        for f in report.fields where !out.contains(f.source) { out.append(f.source) }
        return out
    }

    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1c2833;margin:0 auto;max-width:1180px;padding:16px 24px}
        h1{font-size:22px;margin:8px 0}h2{font-size:18px;border-bottom:2px solid #d5dbdb;padding-bottom:4px;margin-top:28px}
        h3{font-size:15px;margin:18px 0 6px}table{border-collapse:collapse;margin:6px 0 12px;width:100%}
        th,td{border-bottom:1px solid #e5e8e8;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f4f6f6}
        td.n{text-align:right;font-variant-numeric:tabular-nums}code,pre{font:12px/1.4 ui-monospace,monospace;word-break:break-all}
        pre{background:#f4f6f6;padding:8px;white-space:pre-wrap}.status{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff}
        .ok{color:#1e8449}.bad{color:#c0392b}.status.ok{background:#1e8449;color:#fff}.status.bad{background:#c0392b;color:#fff}
        .warn{background:#fdebd0;padding:6px}.cards{display:flex;gap:12px;flex-wrap:wrap}
        .card{border:1px solid #d5dbdb;border-radius:6px;padding:8px 16px;min-width:120px}.card .n{display:block;font-size:22px;font-weight:600}
        .card.loaded .n{color:#2f7d4f}.card.merged .n{color:#3a6ea5}.card.quarantined .n{color:#c0392b}.card.flagged .n{color:#d68910}
        .identity{font-size:16px;font-weight:600}.chart{margin:4px 0}.caption{display:inline-block;width:120px}
        .legend i{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}svg text{font:12px sans-serif;fill:#1c2833}
        .trends{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #e5e8e8;padding:6px}
        dl{display:grid;grid-template-columns:180px 1fr;gap:2px 12px}dt{color:#566573}dd{margin:0;word-break:break-all}
        .note{color:#566573}footer{margin-top:32px;color:#808b96;font-size:12px}
        """
}
