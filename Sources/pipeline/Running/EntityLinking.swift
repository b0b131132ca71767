import Cleanse
import Core
import Foundation
import Load

/// Links one `dedupe` entity inside a run's transaction: reads every record of its table (this
/// run's included), links them with the reviewers' decisions applied, keeps each entity's id
/// from earlier runs, and stores memberships, matches, the review queue, the kept pairs and the
/// model.
///
/// When an earlier run left a model for the same linkage settings and few records changed since
/// it was estimated (`relink: when_needed`), only the records this run inserted or updated are
/// compared (with everything loaded, through the blocking rules), with that model; the pairs the
/// earlier run kept among the other records are taken from `etl.linkage_pairs`. The clusters are
/// those linking everything with the same model would give.
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
        /// `full` (every record linked, the model estimated) or `incremental`.
        var mode: String = "full"
        /// Why a run under `relink: when_needed` linked everything.
        var relinkReason: String?
        /// Incremental: records compared as new or changed, and records gone from the table.
        var changedRecords: Int?
        var removedRecords: Int?
        /// The run that estimated the model used.
        var modelRun: Int64 = 0
        /// Reading, linking and storing.
        var seconds: Double = 0
    }

    /// A stored model with what incremental linking needs to reuse it.
    struct StoredModel: Decodable {
        struct Levels: Decodable {
            var m: [Double]
            var u: [Double]
        }
        /// A comparison's term frequencies: `counts` packs (hash, count) pairs, 12 bytes each
        /// little-endian, in base64.
        struct Frequencies: Decodable {
            var total: Int
            var counts: String
        }
        var prior: Double
        var fields: [String: Levels]
        var frequencies: [String: Frequencies]?
        var spec: String?
        var estimatedRun: Int64?
        var estimatedRecords: Int?
        var changedSinceEstimate: Int?
        var oversized: [[String]]?

        enum CodingKeys: String, CodingKey {
            case prior, fields, frequencies, spec, estimatedRun = "estimated_run", estimatedRecords = "estimated_records"
            case changedSinceEstimate = "changed_since_estimate", oversized
        }

        /// The model for `comparisons`, or `nil` when it does not fit them.
        func model(_ comparisons: [FieldComparison]) -> FellegiSunterModel? {
            guard Set(comparisons.map(\.field)).count == comparisons.count else { return nil }
            var model = FellegiSunterModel(comparisons: comparisons, prior: prior)
            for (k, c) in comparisons.enumerated() {
                guard let l = fields[c.field], l.m.count == c.outcomeCount, l.u.count == c.outcomeCount else { return nil }
                model.m[k] = l.m
                model.u[k] = l.u
                if c.termFrequencies {
                    guard let f = frequencies?[c.field], let table = Self.unpack(f) else { return nil }
                    model.frequencies[k] = table
                }
            }
            return model
        }

        /// The stored form of a term-frequency table (see ``Frequencies``).
        static func pack(_ table: TermFrequencies) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(table.counts.count * 12)
            for (hash, count) in table.counts.sorted(by: { $0.key < $1.key }) {
                withUnsafeBytes(of: hash.littleEndian) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
            }
            return Data(bytes).base64EncodedString()
        }

        static func unpack(_ stored: Frequencies) -> TermFrequencies? {
            guard let data = Data(base64Encoded: stored.counts), data.count % 12 == 0 else { return nil }
            var counts: [UInt64: UInt32] = [:]
            counts.reserveCapacity(data.count / 12)
            data.withUnsafeBytes { raw in
                for offset in stride(from: 0, to: raw.count, by: 12) {
                    let hash = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    counts[hash] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
                }
            }
            return TermFrequencies(counts: counts, total: stored.total)
        }

        /// Per blocking rule, the keys of its blocks that were too large.
        func oversizedKeys(rules: Int) -> [Set<UInt64>]? {
            guard let oversized, oversized.count == rules else { return nil }
            var out: [Set<UInt64>] = []
            for keys in oversized {
                var set = Set<UInt64>()
                for k in keys {
                    guard let v = UInt64(k, radix: 16) else { return nil }
                    set.insert(v)
                }
                out.append(set)
            }
            return out
        }
    }

    /// How this run links: everything, or the changes against a stored model.
    enum Plan {
        case full(reason: String?)
        case incremental(FellegiSunterModel, StoredModel, oversized: [Set<UInt64>])
    }

    let spec: PipelineSpec
    let linkage: LinkageSpec
    let store: LinkageStore
    let runId: Int64

    func run() throws -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
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
        var changed: [Bool] = []
        try store.readRecords(schema: spec.load.schema, table: table.name, key: table.key, fields: allFields,
                              changedIn: runId) { key, values, isChanged in
            linker.add(key: key, values: values)
            changed.append(isChanged)
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
        let previous = try store.memberships(entity: linkage.name)
        let removed = previous.keys.reduce(0) { $0 + (index[$1] == nil ? 1 : 0) }
        let changedCount = changed.reduce(0) { $0 + ($1 ? 1 : 0) }
        let threads = ProcessInfo.processInfo.activeProcessorCount

        var plan = try self.plan(linker: linker, keys: keys, changed: changed, changedCount: changedCount, removed: removed,
                                 previous: previous)
        var earlierPairs: [(a: Int32, b: Int32, pattern: UInt32)] = []
        // Incremental: the stored pairs by pair key, and those of records gone, to store only the difference.
        var earlierByKey: [UInt64: UInt32] = [:]
        var earlierGone: [(keyA: String, keyB: String)] = []
        if case .incremental = plan {
            // The pairs the last run kept, by this run's record indexes (those of records gone are dropped).
            var misfit = false
            try store.storedPairs(entity: linkage.name) { a, b, pattern in
                guard pattern >= 0, pattern < linker.patternCodes else {
                    misfit = true
                    return
                }
                guard let x = index[a], let y = index[b], x != y else {
                    earlierGone.append((a, b))
                    return
                }
                earlierPairs.append((Int32(x), Int32(y), UInt32(pattern)))
                earlierByKey[RecordLinker.pairKey(x, y)] = UInt32(pattern)
            }
            if misfit { plan = .full(reason: "the stored pairs do not fit the model") }
        }
        let result: LinkageResult
        var reused: StoredModel?
        switch plan {
        case .full:
            result = linker.link(threads: threads, decisions: decisions)
        case let .incremental(model, s, oversized):
            reused = s
            result = linker.link(incremental: .init(changed: changed, pairs: earlierPairs, oversized: oversized), model: model,
                                 threads: threads, decisions: decisions)
        }
        let (memberships, kept) = assignIds(keys: keys, labels: result.labels, previous: previous)

        // A pair's weights depend on its outcome pattern and its term-frequency weight only:
        // worked out once per such pair of numbers.
        var explained: [PairWeightsKey: (json: String, total: Double)] = [:]
        func stored(_ p: ScoredPair) -> LinkageStore.Pair {
            let cacheKey = PairWeightsKey(pattern: p.pattern, adjustment: p.adjustment.bitPattern)
            let weights = explained[cacheKey] ?? {
                let (w, total) = result.weights(of: p)
                var json = "{"
                for (k, c) in linker.comparisons.enumerated() {
                    if k > 0 { json += ", " }
                    JSONText.appendString(c.field, to: &json)
                    json += ": " + (w[k].map { Number.fixed($0, 3) } ?? "null")
                }
                let made = (json + "}", total)
                explained[cacheKey] = made
                return made
            }()
            return LinkageStore.Pair(keyA: keys[Int(p.a)], keyB: keys[Int(p.b)], probability: p.probability,
                                     matchWeight: weights.total, weights: weights.json,
                                     decision: p.decision.map { $0 ? "match" : "not_match" })
        }
        let matches = result.pairs.filter { $0.isMatch(at: linkage.matchProbability) }.map(stored)
        let review = result.pairs.filter { $0.decision == nil && $0.probability < linkage.matchProbability }.map(stored)
        // Stored as a change against the last run: the memberships that differ, and in an
        // incremental run the kept pairs that differ.
        var keptPairs: [LinkageStore.KeptPair] = []
        var removedPairs: [(keyA: String, keyB: String)]?
        if case .incremental = plan {
            var gone = earlierGone
            var earlier = earlierByKey
            for p in result.pairs {
                let key = RecordLinker.pairKey(Int(p.a), Int(p.b))
                if let old = earlier.removeValue(forKey: key) {
                    if old == p.pattern { continue }
                    gone.append((keys[Int(p.a)], keys[Int(p.b)]))
                }
                keptPairs.append(.init(keyA: keys[Int(p.a)], keyB: keys[Int(p.b)], pattern: Int(p.pattern), probability: p.probability))
            }
            for key in earlier.keys {
                let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
                // Stored as read: key_a, key_b in either order.
                gone.append((keys[a], keys[b]))
                gone.append((keys[b], keys[a]))
            }
            removedPairs = gone
        } else {
            keptPairs = result.pairs.map { p in
                LinkageStore.KeptPair(keyA: keys[Int(p.a)], keyB: keys[Int(p.b)], pattern: Int(p.pattern), probability: p.probability)
            }
        }
        var changedMemberships: [(key: String, membership: LinkageStore.Membership)] = []
        var removedKeys: [String] = previous.keys.filter { index[$0] == nil }
        for m in memberships where previous[m.key] != m.membership {
            changedMemberships.append(m)
            if previous[m.key] != nil { removedKeys.append(m.key) }
        }
        let modelRun = reused?.estimatedRun ?? runId
        let json = modelJSON(result.model, linker.comparisons, reused: reused != nil, estimatedRun: modelRun,
                             estimatedRecords: reused?.estimatedRecords ?? keys.count,
                             changedSinceEstimate: reused.map { ($0.changedSinceEstimate ?? 0) + changedCount + removed } ?? 0,
                             oversized: result.oversized)
        try store.write(entity: linkage.name, runId: runId, memberships: changedMemberships, removedKeys: removedKeys,
                        matches: matches, review: review, kept: keptPairs, removedPairs: removedPairs, modelJSON: json)
        if let golden = linkage.golden {
            try writeGolden(golden, keys: keys, index: index, rows: rows, fields: allFields, memberships: memberships)
        }
        var sizes: [String: Int] = [:]
        for m in memberships { sizes[m.membership.entityId, default: 0] += 1 }
        var clusterSizes: [Int: Int] = [:]
        for n in sizes.values { clusterSizes[n, default: 0] += 1 }
        let examples = matches.filter { $0.decision == nil }
            .sorted { ($0.probability, $0.keyA, $0.keyB) < ($1.probability, $1.keyA, $1.keyB) }.prefix(5)
        var outcome = Outcome(entity: linkage.name, table: "\(spec.load.schema).\(table.name)", records: keys.count,
                              entities: sizes.count, clusterSizes: clusterSizes, pairsCompared: result.pairsCompared,
                              matches: matches.count, review: review.count,
                              decisionsApplied: result.pairs.filter { $0.decision != nil }.count,
                              entitiesKept: kept, examples: Array(examples))
        switch plan {
        case .full(let reason):
            outcome.relinkReason = reason
        case .incremental:
            outcome.mode = "incremental"
            outcome.changedRecords = result.changedRecords ?? changedCount
            outcome.removedRecords = removed
        }
        outcome.modelRun = modelRun
        let elapsed = clock.now - start
        outcome.seconds = elapsed.inSeconds
        return outcome
    }

    /// Whether this run links everything or only the changes: everything under `relink: always`,
    /// or when there is no stored model for these settings, the last run linked no record that
    /// this run did not change, or the records new, changed or gone since the model was
    /// estimated exceed `relink_share` of the table.
    /// - Returns: The plan; a full one says why, unless it is the entity's first run.
    func plan(linker: RecordLinker, keys: [String], changed: [Bool], changedCount: Int, removed: Int,
              previous: [String: LinkageStore.Membership]) throws -> Plan {
        if linkage.relink == .always { return .full(reason: "relink: always") }
        guard let latest = try store.latestModel(entity: linkage.name) else { return .full(reason: nil) }
        guard let stored = try? JSONDecoder().decode(StoredModel.self, from: Data(latest.json.utf8)),
              stored.spec != nil, stored.estimatedRun != nil,
              let oversized = stored.oversizedKeys(rules: linkage.blocking.count),
              let model = stored.model(linker.comparisons)
        else { return .full(reason: "the stored model cannot be reused") }
        guard stored.spec == linkage.modelFingerprint else { return .full(reason: "the linkage settings changed") }
        for (i, k) in keys.enumerated() where !changed[i] && previous[k] == nil {
            return .full(reason: "records the last run did not link")
        }
        let since = (stored.changedSinceEstimate ?? 0) + changedCount + removed
        let base = max(keys.count, stored.estimatedRecords ?? 0)
        if Double(since) > linkage.relinkShare * Double(base) {
            return .full(reason: "\(since) of \(base) records new, changed or gone since the model was estimated "
                         + "(relink_share \(linkage.relinkShare))")
        }
        return .incremental(model, stored, oversized: oversized)
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
            /// How many of the records had the first candidate's id.
            var holders: Int
            var firstKey: String
        }
        var clusters = members.values.map { records -> Cluster in
            let candidates = Set(records.compactMap { previous[keys[$0]] }).sorted {
                ($0.firstRun, $0.entityId) < ($1.firstRun, $1.entityId)
            }
            let holders = candidates.first.map { first in records.filter { previous[keys[$0]] == first }.count } ?? 0
            return Cluster(records: records.sorted(), candidates: candidates, holders: holders,
                           firstKey: records.map { keys[$0] }.min()!)
        }
        // Parts of a split entity want the same id: the part with most of its records gets it.
        clusters.sort { a, b in
            switch (a.candidates.first, b.candidates.first) {
            case let (x?, y?): return (x.firstRun, x.entityId, -a.holders, a.firstKey) < (y.firstRun, y.entityId, -b.holders, b.firstKey)
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
    func writeGolden(_ golden: GoldenSpec, keys: [String], index: [String: Int], rows: [[String?]], fields: [String],
                     memberships: [(key: String, membership: LinkageStore.Membership)]) throws {
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

    /// The model as stored in `etl.linkage_models`: prior, per field its levels' m and u, per
    /// field with `term_frequencies` its table of value counts, and
    /// for the next run's incremental linking the settings' fingerprint, whether the model was
    /// reused, the run that estimated it, the records then, the records new, changed or gone
    /// since, and per blocking rule the keys (hex) of the blocks over `max_block_size`.
    func modelJSON(_ model: FellegiSunterModel, _ comparisons: [FieldComparison], reused: Bool = false,
                   estimatedRun: Int64 = 0, estimatedRecords: Int = 0, changedSinceEstimate: Int = 0,
                   oversized: [Set<UInt64>] = []) -> String {
        var json = "{\"prior\": \(model.prior), \"fields\": {"
        for (k, c) in comparisons.enumerated() {
            if k > 0 { json += ", " }
            JSONText.appendString(c.field, to: &json)
            json += ": {\"m\": [" + model.m[k].map { String($0) }.joined(separator: ", ") + "], \"u\": ["
                + model.u[k].map { String($0) }.joined(separator: ", ") + "]}"
        }
        json += "}, \"frequencies\": {"
        var first = true
        for (k, c) in comparisons.enumerated() {
            guard let table = model.frequencies[k] else { continue }
            if !first { json += ", " }
            first = false
            JSONText.appendString(c.field, to: &json)
            json += ": {\"total\": \(table.total), \"counts\": \"\(StoredModel.pack(table))\"}"
        }
        json += "}, \"spec\": "
        JSONText.appendString(linkage.modelFingerprint, to: &json)
        json += ", \"mode\": \"\(reused ? "incremental" : "full")\", \"reused\": \(reused), \"estimated_run\": \(estimatedRun), "
            + "\"estimated_records\": \(estimatedRecords), \"changed_since_estimate\": \(changedSinceEstimate), \"oversized\": ["
            + oversized.map { keys in "[" + keys.sorted().map { "\"" + String($0, radix: 16) + "\"" }.joined(separator: ", ") + "]" }
                .joined(separator: ", ")
        return json + "]}"
    }
}

/// What a scored pair's explanation depends on: its outcome pattern and its term-frequency weight.
struct PairWeightsKey: Hashable {
    var pattern: UInt32
    var adjustment: UInt64
}
