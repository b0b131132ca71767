import Cleanse
import Core
import Foundation
import Load

extension CleansingReport {
    /// How many runs the trends section shows, this one included.
    static let trendRuns = 14
}

/// Builds a run's ``CleansingReport`` from what the run counted.
struct ReportBuilder {
    let spec: PipelineSpec
    /// Masks personal values (the default); `false` only on `--unmasked`.
    let masked: Bool

    /// - Parameters:
    ///   - summary: The run's counts.
    ///   - history: Earlier runs of the pipeline, oldest first (the report adds this one).
    ///   - failure: Why the run failed, for a run that committed nothing.
    func build(_ summary: RunSummary, history: [RunLedger.Entry], failure: (message: String, exit: Int32)? = nil)
        -> CleansingReport {
        let masker = RecordMasker(spec: spec)
        let flagged = summary.flags.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        let manifest = CleansingReport.Manifest(
            runId: summary.runId, pipeline: summary.pipeline, pipelineFile: summary.pipelineFile,
            pipelineSHA256: summary.pipelineSHA256, toolVersion: summary.toolVersion, database: summary.database,
            startedAt: summary.startedAt, finishedAt: summary.finishedAt, seconds: summary.seconds,
            status: failure == nil ? "succeeded" : "failed", exitStatus: failure?.exit ?? 0, failure: failure?.message,
            peakMemoryMiB: summary.peakMemoryMiB,
            inputs: summary.sources.flatMap { source, counts in
                counts.files.map { f in
                    CleansingReport.Input(
                        source: source, file: displayPath(f.name), size: f.size,
                        sha256: summary.fileHashes[f.path], encoding: f.encoding,
                        encodingConfidence: f.encodingConfidence.map { ($0 * 1000).rounded() / 1000 },
                        records: f.records, rejected: f.rejected)
                }
            })
        let sourceLines = summary.sources.map { name, c in
            CleansingReport.SourceLine(source: name, table: c.table, read: c.read, loaded: c.loaded, merged: c.merged,
                                       quarantined: c.quarantined, balanced: c.read == c.loaded + c.merged + c.quarantined)
        }
        let reconciliation = CleansingReport.Reconciliation(
            read: summary.read, loaded: summary.loaded, merged: summary.merged, quarantined: summary.quarantined,
            balanced: summary.read == summary.loaded + summary.merged + summary.quarantined && sourceLines.allSatisfy(\.balanced),
            sources: sourceLines,
            tables: summary.tables.keys.sorted().map { name in
                let t = summary.tables[name]!
                return .init(table: name, inserted: t.inserted, updated: t.updated, unchanged: t.unchanged)
            })
        let examples = summary.examples.map { reject -> CleansingReport.Example in
            let (record, detail) = masked ? masker.mask(reject) : (reject.original, reject.detail)
            return .init(reason: reject.reason.rawValue, source: reject.source,
                         file: displayPath(reject.file), line: Int64(reject.origin.line),
                         field: reject.field, detail: detail, record: record)
        }
        let runId = summary.runId
        var trends = history.map {
            CleansingReport.TrendPoint(runId: $0.runId, startedAt: $0.startedAt, read: $0.read, loaded: $0.loaded,
                                       merged: $0.merged, quarantined: $0.quarantined, flagged: $0.flagged, seconds: $0.seconds)
        }
        trends.append(.init(runId: runId, startedAt: summary.startedAt, read: summary.read, loaded: summary.loaded,
                            merged: summary.merged, quarantined: summary.quarantined, flagged: flagged, seconds: summary.seconds))
        return CleansingReport(
            manifest: manifest, reconciliation: reconciliation,
            fields: summary.sources.flatMap { name, c in fieldReports(source: name, c.cleanse) },
            quarantine: .init(
                total: summary.quarantined, byReason: Self.reasonLines(summary.quarantineReasons), examples: examples,
                query: "SELECT * FROM etl.quarantine WHERE run_id = \(runId) ORDER BY source, file, record;"),
            flags: .init(total: flagged, byReason: Self.reasonLines(summary.flags),
                         query: "SELECT * FROM etl.flags WHERE run_id = \(runId) ORDER BY reason, field;"),
            dedup: dedup(summary),
            units: summary.sources.flatMap { name, c in c.cleanse.units.map { unitsReport(source: name, $0) } },
            registers: summary.registers.isEmpty ? nil : summary.registers.map { r in
                .init(source: r.source, pages: r.pages, manualKeying: r.manualKeying, entries: r.entries, fields: r.fields,
                             review: Self.counts(r.review), corrected: Self.counts(r.corrected), reviewed: r.reviewed, linked: r.linked,
                             ambiguous: r.ambiguous,
                             query: "SELECT * FROM etl.register_review WHERE source = '\(r.source)' ORDER BY file, page, row;")
            },
            trends: trends, masked: masked)
    }

    /// Reasons by count (largest first, then by name), each with its per-source (or per-field) counts.
    static func reasonLines(_ counts: [String: [String: Int]]) -> [CleansingReport.ReasonLine] {
        counts.map { reason, by in
            CleansingReport.ReasonLine(reason: reason, count: by.values.reduce(0, +),
                                       sources: by.keys.sorted().map { .init(key: $0, count: by[$0]!) })
        }
        .sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
    }

    private func fieldReports(source: String, _ stats: CleanseStats) -> [CleansingReport.FieldReport] {
        stats.fields.map { f in
            CleansingReport.FieldReport(
                source: source, field: f.name, records: f.records, filledBefore: f.filledBefore, filledAfter: f.filledAfter,
                validBefore: f.unchanged, validAfter: max(0, f.filledAfter - f.flaggedRecords),
                flagged: f.flaggedRecords, rejected: f.rejectedRecords,
                rules: f.rules.map { .init(rule: $0.name, seen: $0.seen, changed: $0.changed, flagged: $0.flagged, rejected: $0.rejected) },
                invalidPatterns: Self.counts(f.invalidPatterns))
        }
    }

    /// Entries by count (largest first, then by key).
    static func counts(_ d: [String: Int]) -> [CleansingReport.Count] {
        d.map { CleansingReport.Count(key: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
    }

    private func dedup(_ summary: RunSummary) -> CleansingReport.Dedup? {
        let tables = spec.load.tables.compactMap { table -> CleansingReport.DedupTable? in
            let name = "\(spec.load.schema).\(table.name)"
            guard let t = summary.tables[name] else { return nil }
            let kept = t.inserted + t.updated + t.unchanged
            var sizes = t.clusterSizes
            let multi = sizes.values.reduce(0, +)
            sizes[1] = kept - multi
            return .init(table: name, rule: "key " + table.key.joined(separator: ", "), merged: t.merged,
                         clusterSizes: sizes.keys.sorted().filter { sizes[$0]! > 0 }.map { .init(size: $0, clusters: sizes[$0]!) })
        }
        let linked = summary.linkage.map { o -> CleansingReport.LinkedEntity in
            let fields = spec.dedupe.first { $0.name == o.entity }?.comparisons.map(\.field) ?? []
            return .init(
                entity: o.entity, table: o.table, records: o.records, entities: o.entities, pairsCompared: o.pairsCompared,
                matches: o.matches, reviewQueue: o.review, decisionsApplied: o.decisionsApplied, entitiesKept: o.entitiesKept,
                clusterSizes: o.clusterSizes.keys.sorted().map { .init(size: $0, clusters: o.clusterSizes[$0]!) },
                examples: o.examples.map { p in
                    let parsed = (try? JSONSerialization.jsonObject(with: Data(p.weights.utf8))) as? [String: Any] ?? [:]
                    return .init(keyA: p.keyA, keyB: p.keyB, probability: (p.probability * 1e6).rounded() / 1e6,
                                 matchWeight: (p.matchWeight * 1000).rounded() / 1000,
                                 weights: fields.map { .init(field: $0, weight: parsed[$0] as? Double) })
                },
                matchesQuery: "SELECT * FROM etl.matches WHERE run_id = \(summary.runId) AND entity = '\(o.entity)' ORDER BY probability;",
                reviewQuery: "SELECT * FROM etl.review WHERE entity = '\(o.entity)' ORDER BY probability DESC;",
                mode: o.mode, relinkReason: o.relinkReason, changedRecords: o.changedRecords, removedRecords: o.removedRecords,
                modelRun: o.modelRun, seconds: (o.seconds * 1000).rounded() / 1000)
        }
        if tables.isEmpty && linked.isEmpty { return nil }
        return .init(tables: tables, linkage: linked.isEmpty ? nil : linked)
    }

    private func unitsReport(source: String, _ u: CleanseStats.Units) -> CleansingReport.UnitsReport {
        func units(_ d: [String: Int], names: [String: String]) -> [CleansingReport.UnitCount] {
            d.map { CleansingReport.UnitCount(code: $0.key, name: names[$0.key] ?? "", records: $0.value) }
                .sorted { $0.records != $1.records ? $0.records > $1.records : $0.code < $1.code }
        }
        return .init(source: source, address: u.address, mapped: u.mapped, unknown: u.unknown, ambiguous: u.ambiguous,
                     provinces: units(u.provinces, names: u.provinceNames),
                     communes: Array(units(u.communes, names: u.communeNames).prefix(CleansingReport.UnitsReport.communeLimit)),
                     communesTotal: u.communes.count, unmapped: Self.counts(u.unmapped))
    }

    /// An input file as the report shows it: relative to the pipeline file's directory when it
    /// lies below it or its parent, so that the same pipeline gives the same report from any
    /// checkout.
    private func displayPath(_ path: String) -> String {
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        let dir = URL(fileURLWithPath: spec.directory).standardizedFileURL.path
        let parent = URL(fileURLWithPath: dir).deletingLastPathComponent().path
        if full.hasPrefix(dir + "/") { return String(full.dropFirst(dir.count + 1)) }
        if parent != "/", full.hasPrefix(parent + "/") { return "../" + String(full.dropFirst(parent.count + 1)) }
        return path
    }
}
