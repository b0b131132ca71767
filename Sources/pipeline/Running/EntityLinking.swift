import Cleanse
import Core
import Foundation
import Load

/// Links one `dedupe` entity inside a run's transaction: reads every record of its table (this
/// run's included), links them with the reviewers' decisions applied, keeps each entity's id
/// from earlier runs, and stores memberships, matches, the review queue and the model.
struct EntityLinking {
    /// What linking an entity gave, for the report.
    struct Outcome {
        var entity: String
        var table: String
        var records: Int
        var entities: Int
        /// Entity size -> how many entities have it.
        var clusterSizes: [Int: Int]
        var pairsCompared: Int
        var matches: Int
        var review: Int
        var decisionsApplied: Int
        /// Entities that kept the id an earlier run gave them.
        var entitiesKept: Int
        /// A few matched pairs, the closest calls first, with their weights.
        var examples: [LinkageStore.Pair]
    }

    let spec: PipelineSpec
    let linkage: LinkageSpec
    let store: LinkageStore
    let runId: Int64

    func run() throws -> Outcome {
        guard let table = spec.load.tables.first(where: { $0.name == linkage.table }) else {
            throw LoadError(.query, "dedupe entity '\(linkage.name)' links table '\(linkage.table)', which the run does not load")
        }
        var linker = RecordLinker(spec: linkage)
        // The golden record's fields (and its recency) the linker does not compare come along.
        var extra: [String] = []
        if let g = linkage.golden {
            for f in g.fields.map(\.field) + [g.recency].compactMap({ $0 }) where !linker.fields.contains(f) && !extra.contains(f) {
                extra.append(f)
            }
        }
        let allFields = linker.fields + extra
        var rows: [[String?]] = []
        try store.readRecords(schema: spec.load.schema, table: table.name, key: table.key, fields: allFields) { key, values in
            linker.add(key: key, values: Array(values.prefix(linker.fields.count)))
            if linkage.golden != nil { rows.append(values) }
        }
        let keys = linker.records.keys
        var index: [String: Int] = [:]
        index.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() { index[k] = i }
        let decisions = try store.decisions(entity: linkage.name).compactMap { d -> (a: Int, b: Int, match: Bool)? in
            guard let a = index[d.keyA], let b = index[d.keyB] else { return nil }
            return (a, b, d.match)
        }
        let result = linker.link(threads: ProcessInfo.processInfo.activeProcessorCount, decisions: decisions)
        let previous = try store.memberships(entity: linkage.name)
        let (memberships, kept) = assignIds(keys: keys, labels: result.labels, previous: previous)

        // A pair's weights depend on its outcome pattern only: worked out once per pattern.
        var explained: [UInt32: (json: String, total: Double)] = [:]
        func stored(_ p: ScoredPair) -> LinkageStore.Pair {
            let weights = explained[p.pattern] ?? {
                let pattern = result.pattern(of: p)
                let w = result.model.weights(pattern)
                var json = "{"
                for (k, c) in linker.comparisons.enumerated() {
                    if k > 0 { json += ", " }
                    JSONText.appendString(c.field, to: &json)
                    json += ": " + (w[k].map { Number.fixed($0, 3) } ?? "null")
                }
                let made = (json + "}", result.model.matchWeight(pattern))
                explained[p.pattern] = made
                return made
            }()
            return LinkageStore.Pair(keyA: keys[Int(p.a)], keyB: keys[Int(p.b)], probability: p.probability,
                                     matchWeight: weights.total, weights: weights.json,
                                     decision: p.decision.map { $0 ? "match" : "not_match" })
        }
        let matches = result.pairs.filter { $0.isMatch(at: linkage.matchProbability) }.map(stored)
        let review = result.pairs.filter { $0.decision == nil && $0.probability < linkage.matchProbability }.map(stored)
        try store.write(entity: linkage.name, runId: runId, memberships: memberships, matches: matches, review: review,
                        modelJSON: modelJSON(result.model, linker.comparisons))
        if let golden = linkage.golden {
            try writeGolden(golden, keys: keys, rows: rows, fields: allFields, memberships: memberships)
        }
        var sizes: [String: Int] = [:]
        for m in memberships { sizes[m.membership.entityId, default: 0] += 1 }
        var clusterSizes: [Int: Int] = [:]
        for n in sizes.values { clusterSizes[n, default: 0] += 1 }
        let examples = matches.filter { $0.decision == nil }
            .sorted { ($0.probability, $0.keyA, $0.keyB) < ($1.probability, $1.keyA, $1.keyB) }.prefix(5)
        return Outcome(entity: linkage.name, table: "\(spec.load.schema).\(table.name)", records: keys.count,
                       entities: sizes.count, clusterSizes: clusterSizes, pairsCompared: result.pairsCompared,
                       matches: matches.count, review: review.count, decisionsApplied: result.pairs.filter { $0.decision != nil }.count,
                       entitiesKept: kept, examples: Array(examples))
    }

    /// Gives each cluster an id: the oldest id an earlier run gave any of its records (by first
    /// run, then id), unless a cluster earlier in that order took it; else `<entity>-<first
    /// record key>`. So the same input keeps its ids, new records join their entity's id, and
    /// merged entities keep the older one.
    /// - Returns: Each record's membership, in key order, and how many entities kept an old id.
    func assignIds(keys: [String], labels: [Int], previous: [String: LinkageStore.Membership])
        -> ([(key: String, membership: LinkageStore.Membership)], Int) {
        var members: [Int: [Int]] = [:]
        for (i, l) in labels.enumerated() { members[l, default: []].append(i) }
        struct Cluster {
            var records: [Int]
            var candidates: [LinkageStore.Membership]
            var firstKey: String
        }
        var clusters = members.values.map { records -> Cluster in
            let candidates = Set(records.compactMap { previous[keys[$0]] }).sorted {
                ($0.firstRun, $0.entityId) < ($1.firstRun, $1.entityId)
            }
            return Cluster(records: records.sorted(), candidates: candidates, firstKey: records.map { keys[$0] }.min()!)
        }
        clusters.sort { a, b in
            switch (a.candidates.first, b.candidates.first) {
            case let (x?, y?): return (x.firstRun, x.entityId, a.firstKey) < (y.firstRun, y.entityId, b.firstKey)
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.firstKey < b.firstKey
            }
        }
        // A new id never reuses one an earlier run gave (it may come back to its records later).
        let previousIds = Set(previous.values.map(\.entityId))
        var taken: Set<String> = []
        var out: [(key: String, membership: LinkageStore.Membership)] = []
        out.reserveCapacity(keys.count)
        var kept = 0
        for c in clusters {
            var chosen = c.candidates.first { !taken.contains($0.entityId) }
            if chosen != nil { kept += 1 }
            if chosen == nil {
                var id = "\(linkage.name)-\(c.firstKey)"
                var n = 2
                while taken.contains(id) || previousIds.contains(id) {
                    id = "\(linkage.name)-\(c.firstKey)-\(n)"
                    n += 1
                }
                chosen = LinkageStore.Membership(entityId: id, firstRun: runId)
            }
            taken.insert(chosen!.entityId)
            for r in c.records { out.append((keys[r], chosen!)) }
        }
        out.sort { $0.key < $1.key }
        return (out, kept)
    }

    /// Builds each entity's golden record by its fields' rules and rewrites the golden table.
    func writeGolden(_ golden: GoldenSpec, keys: [String], rows: [[String?]], fields: [String],
                     memberships: [(key: String, membership: LinkageStore.Membership)]) throws {
        var index: [String: Int] = [:]
        for (i, k) in keys.enumerated() { index[k] = i }
        var records: [String: [Int]] = [:]
        for m in memberships { if let i = index[m.key] { records[m.membership.entityId, default: []].append(i) } }
        let columns = golden.fields.map { f in fields.firstIndex(of: f.field)! }
        let recency = golden.recency.flatMap { fields.firstIndex(of: $0) }
        var out: [(entityId: String, records: Int, values: [String?], provenance: String)] = []
        out.reserveCapacity(records.count)
        for id in records.keys.sorted() {
            let members = records[id]!
            var values: [String?] = []
            var provenance = "{"
            for (k, rule) in golden.fields.map(\.rule).enumerated() {
                let candidates = members.map { i in
                    Survivorship.Candidate(record: i, key: keys[i], value: rows[i][columns[k]], recency: recency.flatMap { rows[i][$0] },
                                           completeness: columns.filter { c in !(rows[i][c] ?? "").isEmpty }.count)
                }
                let chosen = Survivorship.choose(rule, among: candidates)
                values.append(chosen?.value)
                if k > 0 { provenance += ", " }
                JSONText.appendString(golden.fields[k].field, to: &provenance)
                provenance += ": "
                if let chosen { JSONText.appendString(keys[chosen.record], to: &provenance) } else { provenance += "null" }
            }
            out.append((id, members.count, values, provenance + "}"))
        }
        try store.writeGolden(schema: spec.load.schema, table: golden.table, fields: golden.fields.map(\.field), runId: runId, rows: out)
    }

    /// The model as stored in `etl.linkage_models`: prior, and per field its levels' m and u.
    func modelJSON(_ model: FellegiSunterModel, _ comparisons: [FieldComparison]) -> String {
        var json = "{\"prior\": \(model.prior), \"fields\": {"
        for (k, c) in comparisons.enumerated() {
            if k > 0 { json += ", " }
            JSONText.appendString(c.field, to: &json)
            json += ": {\"m\": [" + model.m[k].map { String($0) }.joined(separator: ", ") + "], \"u\": ["
                + model.u[k].map { String($0) }.joined(separator: ", ") + "]}"
        }
        return json + "}}"
    }
}
