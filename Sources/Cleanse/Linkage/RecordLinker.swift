public import Core
import Dispatch

/// Probabilistic record linkage of one `dedupe` entity: blocking, comparison, unsupervised
/// Fellegi-Sunter estimation, scoring and clustering.
///
/// Add every record (``add(key:values:)``), then ``link(threads:randomPairs:seed:)``. The result
/// depends only on the records and their order, never on thread timing.
public struct RecordLinker: Sendable {
    public let spec: LinkageSpec
    /// The fields ``add(key:values:)`` takes, in order: the compared ones, then the other
    /// fields blocking rules use.
    public let fields: [String]
    public let comparisons: [FieldComparison]
    public private(set) var records: LinkageRecords

    public init(spec: LinkageSpec) {
        self.spec = spec
        var fields: [String] = []
        for c in spec.comparisons where !fields.contains(c.field) { fields.append(c.field) }
        for rule in spec.blocking { for p in rule where !fields.contains(p.field) { fields.append(p.field) } }
        self.fields = fields
        comparisons = spec.comparisons.map { c in
            FieldComparison(field: c.field, levels: c.levels, kind: c.citizenID ? .citizenID : .text,
                            termFrequencies: c.termFrequencies)
        }
        records = LinkageRecords(
            comparisonFields: spec.comparisons.map { c in fields.firstIndex(of: c.field)! },
            blocking: spec.blocking.map { rule in rule.map { (fields.firstIndex(of: $0.field)!, $0.transform) } })
    }

    /// How many comparison pattern codes there are (``ScoredPair/pattern`` is below it).
    public var patternCodes: Int { comparisons.reduce(1) { $0 * ($1.outcomeCount + 1) } }

    /// Adds a record: `values` in ``fields`` order.
    public mutating func add(key: String, values: [String?]) {
        records.append(key: key, values: values)
    }

    /// Links the records added.
    /// - Parameters:
    ///   - threads: Comparisons run on this many threads.
    ///   - randomPairs: How many random pairs estimate `u` (at most the number of pairs).
    ///   - seed: Seeds the draw of random pairs.
    ///   - decisions: Reviewers' decisions on pairs of record indexes: `true` joins the two
    ///     records whatever their score, `false` keeps that pair from joining them (other pairs
    ///     may still connect them).
    ///   - model: A model to score with instead of estimating one (then `randomPairs` and `seed`
    ///     are unused and no EM runs).
    /// - Complexity: O(n log n) for blocking plus O(pairs) comparisons, plus O(iterations ·
    ///   distinct patterns) for the estimation.
    public func link(threads: Int = 2, randomPairs: Int = 1_000_000, seed: UInt64 = 1,
                     decisions: [(a: Int, b: Int, match: Bool)] = [], model given: FellegiSunterModel? = nil) -> LinkageResult {
        let frozen = FrozenRecords(records)
        let codec = PatternCodec(comparisons: comparisons)
        let blocking = blocks()
        // Compare every blocked pair once (in the first rule that gives it), in parallel.
        let blockKeys = records.blockKeys
        let oversized = blocking.oversized
        let estimating = given == nil
        let comparisons = comparisons
        let outputs = Self.compare(blocking.blocks, threads: threads, codes: codec.codeCount, rules: blockKeys.count,
                                   training: estimating) { block, out in
            let m = block.members
            for x in 0..<(m.count - 1) {
                let a = Int(m[x])
                for y in (x + 1)..<m.count {
                    let b = Int(m[y])
                    let code = codec.code(comparisons, frozen, a, b)
                    // Every pair of the rule trains it; only the first rule giving a pair scores it.
                    if estimating { out.training[block.rule][Int(code)] += 1 }
                    if Self.givenEarlier(block.rule, a, b, blockKeys, oversized) { continue }
                    out.add(a, b, code, rule: block.rule)
                }
            }
        }
        var model = given ?? FellegiSunterModel(comparisons: comparisons)
        var iterations = 0
        if given == nil {
            // u from random pairs; m and the prior from one EM session per blocking rule.
            var training = [[Int]](repeating: [Int](repeating: 0, count: codec.codeCount), count: records.blockKeys.count)
            for o in outputs {
                for r in training.indices { for c in training[r].indices { training[r][c] += o.training[r][c] } }
            }
            var rng = LinkageRandom(seed: seed)
            var random: [ComparisonPattern] = []
            if frozen.count > 1 {
                // Never more draws than there are distinct pairs.
                let draws = min(randomPairs, frozen.count * (frozen.count - 1) / 2)
                random.reserveCapacity(draws)
                for _ in 0..<draws {
                    let a = Int(rng.next() % UInt64(frozen.count))
                    var b = Int(rng.next() % UInt64(frozen.count - 1))
                    if b >= a { b += 1 }
                    random.append(codec.pattern(codec.code(comparisons, frozen, a, b)))
                }
            }
            model.u = FellegiSunterModel.estimateU(comparisons: comparisons, randomPairs: random)
            iterations = train(&model, training: training, codec: codec, records: frozen.count,
                               complete: blocking.oversized.map(\.isEmpty))
        }
        return finish(model: model, iterations: iterations, frozen: frozen, codec: codec, blocking: blocking,
                      outputs: outputs, stored: [], decisions: decisions, changedRecords: nil)
    }

    /// What an earlier run left for ``link(incremental:model:threads:decisions:)``.
    public struct Earlier: Sendable {
        /// Per record (in the order added), whether it is new or changed since that run.
        public var changed: [Bool]
        /// The pairs that run kept (``LinkageResult/pairs``), by record indexes in this linker,
        /// with their pattern codes; pairs touching a record that changed or is gone are left
        /// out by the caller or ignored here.
        public var pairs: [(a: Int32, b: Int32, pattern: UInt32)]
        /// Per blocking rule, the keys of the blocks that were over `max_block_size` then
        /// (``LinkageResult/oversized``).
        public var oversized: [Set<UInt64>]

        public init(changed: [Bool], pairs: [(a: Int32, b: Int32, pattern: UInt32)], oversized: [Set<UInt64>]) {
            self.changed = changed
            self.pairs = pairs
            self.oversized = oversized
        }
    }

    /// Links the records added against an earlier run's outcome, with that run's model: only
    /// pairs involving a new or changed record are compared (through the same blocking rules,
    /// against every record), plus the pairs of blocks that were too large then and fit now;
    /// the earlier pairs among unchanged records are kept while a rule still gives them. The
    /// result (pairs, labels) is the one ``link(threads:randomPairs:seed:decisions:model:)``
    /// gives with the same model.
    /// - Complexity: O(n log n) for blocking plus O(block size) comparisons per changed record.
    public func link(incremental earlier: Earlier, model: FellegiSunterModel, threads: Int = 2,
                     decisions: [(a: Int, b: Int, match: Bool)] = []) -> LinkageResult {
        let frozen = FrozenRecords(records)
        let codec = PatternCodec(comparisons: comparisons)
        let blocking = blocks()
        let blockKeys = records.blockKeys
        let oversized = blocking.oversized
        let before = earlier.oversized.count == blockKeys.count ? earlier.oversized : blockKeys.map { _ in [] }
        let changed = earlier.changed.count == frozen.count ? earlier.changed : [Bool](repeating: true, count: frozen.count)
        // Only blocks with a changed record, or that were too large before, have pairs to compare.
        let work = blocking.blocks.filter { block in
            before[block.rule].contains(blockKeys[block.rule][Int(block.members[0])]) || block.members.contains { changed[Int($0)] }
        }
        let comparisons = comparisons
        let outputs = Self.compare(work, threads: threads, codes: codec.codeCount, rules: blockKeys.count,
                                   training: false) { block, out in
            let m = block.members
            if before[block.rule].contains(blockKeys[block.rule][Int(m[0])]) {
                // Too large before: its pairs of unchanged records no block gave are new too.
                for x in 0..<(m.count - 1) {
                    let a = Int(m[x])
                    for y in (x + 1)..<m.count {
                        let b = Int(m[y])
                        if !changed[a] && !changed[b] && Self.comparedBefore(a, b, blockKeys, before) { continue }
                        if Self.givenEarlier(block.rule, a, b, blockKeys, oversized) { continue }
                        out.add(a, b, codec.code(comparisons, frozen, a, b), rule: block.rule)
                    }
                }
                return
            }
            // Members are in index order: each pair with a changed record once, as (smaller, larger).
            for x in m.indices where changed[Int(m[x])] {
                for y in m.indices where y != x && !(y < x && changed[Int(m[y])]) {
                    let a = Int(m[min(x, y)]), b = Int(m[max(x, y)])
                    if Self.givenEarlier(block.rule, a, b, blockKeys, oversized) { continue }
                    out.add(a, b, codec.code(comparisons, frozen, a, b), rule: block.rule)
                }
            }
        }
        // Earlier pairs between unchanged records stand while some rule still gives them. (Those
        // no rule gave then were there by a reviewer's decision: the decisions bring them back.)
        var stored: [(a: Int32, b: Int32, pattern: UInt32)] = []
        stored.reserveCapacity(earlier.pairs.count)
        for p in earlier.pairs {
            let a = Int(min(p.a, p.b)), b = Int(max(p.a, p.b))
            guard a >= 0, a != b, b < frozen.count, p.pattern < UInt32(codec.codeCount), !changed[a], !changed[b],
                  Self.comparedBefore(a, b, blockKeys, before), Self.givenNow(a, b, blockKeys, oversized) else { continue }
            stored.append((Int32(a), Int32(b), p.pattern))
        }
        return finish(model: model, iterations: 0, frozen: frozen, codec: codec, blocking: blocking, outputs: outputs,
                      stored: stored, decisions: decisions, changedRecords: changed.lazy.filter { $0 }.count)
    }

    /// Scores the compared pairs (and the stored ones) with `model`, applies the decisions,
    /// keeps what reaches review and clusters what matches.
    private func finish(model given: FellegiSunterModel, iterations: Int, frozen: FrozenRecords, codec: PatternCodec,
                        blocking: Blocking, outputs: [PairChunk], stored: [(a: Int32, b: Int32, pattern: UInt32)],
                        decisions: [(a: Int, b: Int, match: Bool)], changedRecords: Int?) -> LinkageResult {
        var byRule = [Int](repeating: 0, count: records.blockKeys.count)
        for o in outputs { for r in byRule.indices { byRule[r] += o.byRule[r] } }
        var model = given
        let adjustment = FrequencyAdjustment(model: &model, records: frozen)
        // Per pattern: its weight and probability, and which comparisons agree on a value (bit
        // j: adjusted j), worked out once.
        var weight = [Double](repeating: .nan, count: codec.codeCount)
        var probability = [Double](repeating: 0, count: codec.codeCount)
        var agrees = [UInt32](repeating: 0, count: codec.codeCount)
        func score(_ a: Int32, _ code: UInt32) -> (probability: Double, adjustment: Double) {
            let c = Int(code)
            if weight[c].isNaN {
                let pattern = codec.pattern(code)
                weight[c] = model.matchWeight(pattern)
                probability[c] = FellegiSunterModel.probability(weight: weight[c])
                agrees[c] = adjustment.agreeing(pattern)
            }
            guard agrees[c] != 0 else { return (probability[c], 0) }
            let extra = adjustment.weight(agrees[c], record: Int(a))
            return (FellegiSunterModel.probability(weight: weight[c] + extra), extra)
        }
        var decided: [UInt64: Bool] = [:]
        for d in decisions where d.a != d.b && d.a < frozen.count && d.b < frozen.count {
            decided[Self.pairKey(d.a, d.b)] = d.match
        }
        var kept: [ScoredPair] = []
        func consider(_ a: Int32, _ b: Int32, _ code: UInt32) {
            let s = score(a, code)
            let decision = decided.isEmpty ? nil : decided.removeValue(forKey: Self.pairKey(Int(a), Int(b)))
            guard s.probability >= spec.reviewProbability || decision != nil else { return }
            kept.append(ScoredPair(a: a, b: b, pattern: code, probability: s.probability, adjustment: s.adjustment,
                                   decision: decision))
        }
        for o in outputs { for i in o.codes.indices { consider(o.a[i], o.b[i], o.codes[i]) } }
        for s in stored { consider(s.a, s.b, s.pattern) }
        // Decided pairs no blocking rule gave are scored here.
        for (key, match) in decided {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            let code = codec.code(comparisons, frozen, a, b)
            let s = score(Int32(a), code)
            kept.append(ScoredPair(a: Int32(a), b: Int32(b), pattern: code, probability: s.probability,
                                   adjustment: s.adjustment, decision: match))
        }
        kept.sort { $0.a != $1.a ? $0.a < $1.a : $0.b < $1.b }
        var clusters = EntityClusters(count: frozen.count)
        for pair in kept where pair.decision ?? (pair.probability >= spec.matchProbability) {
            clusters.union(Int(pair.a), Int(pair.b))
        }
        return LinkageResult(
            model: model, iterations: iterations, pairsCompared: byRule.reduce(0, +), pairsByRule: byRule,
            skippedBlocks: blocking.skippedBlocks, skippedRecords: blocking.skippedRecords, pairs: kept,
            labels: clusters.labels(), oversized: blocking.oversized, changedRecords: changedRecords, codec: codec,
            adjustment: adjustment)
    }

    /// The blocks of every rule: runs of records sharing its key, those over `max_block_size`
    /// left out (and their keys kept).
    private func blocks() -> Blocking {
        var out = Blocking(oversized: records.blockKeys.map { _ in [] })
        for r in records.blockKeys.indices {
            let keys = records.blockKeys[r]
            var order = (0..<keys.count).filter { keys[$0] != 0 }.map { Int32($0) }
            order.sort { keys[Int($0)] != keys[Int($1)] ? keys[Int($0)] < keys[Int($1)] : $0 < $1 }
            var start = 0
            while start < order.count {
                var end = start + 1
                while end < order.count, keys[Int(order[end])] == keys[Int(order[start])] { end += 1 }
                let size = end - start
                if size > spec.maxBlockSize {
                    out.skippedBlocks += 1
                    out.skippedRecords += size
                    out.oversized[r].insert(keys[Int(order[start])])
                } else if size > 1 {
                    out.blocks.append(Block(rule: r, members: Array(order[start..<end])))
                }
                start = end
            }
        }
        return out
    }

    /// Whether a rule before `rule` gives the pair (shares a key in a block not too large).
    @inline(__always)
    static func givenEarlier(_ rule: Int, _ a: Int, _ b: Int, _ keys: [[UInt64]], _ oversized: [Set<UInt64>]) -> Bool {
        for r in 0..<rule where keys[r][a] != 0 && keys[r][a] == keys[r][b] && !oversized[r].contains(keys[r][a]) {
            return true
        }
        return false
    }

    /// Whether any rule gives the pair now.
    static func givenNow(_ a: Int, _ b: Int, _ keys: [[UInt64]], _ oversized: [Set<UInt64>]) -> Bool {
        givenEarlier(keys.count, a, b, keys, oversized)
    }

    /// Whether a rule gave the pair in the earlier run: the two share a key whose block was not
    /// too large then (their keys have not changed: neither record did).
    static func comparedBefore(_ a: Int, _ b: Int, _ keys: [[UInt64]], _ before: [Set<UInt64>]) -> Bool {
        givenEarlier(keys.count, a, b, keys, before)
    }

    /// Estimates `m` and the prior the way unsupervised linkage must: one EM session per
    /// blocking rule over every pair that rule gives, with the comparisons of the fields it
    /// blocks on left out (they agree by construction, so they say nothing there); each
    /// comparison's `m` is the mean over the sessions that estimated it. The prior is the
    /// probability that two records drawn at random match: each session's share of matches,
    /// times its pairs, divided by all pairs and by the chance that a matching pair agrees on
    /// the rule (from `m`); the median over sessions.
    ///
    /// Where a rule blocks on one field as it is and no block of it was too large, every pair
    /// agreeing exactly on that field was compared: `u` of that comparison's `exact` level is
    /// then the non-matches among them (the session's share) over all pairs, counted rather
    /// than sampled. A million random pairs cannot see an outcome rarer than one in a million,
    /// such as two people with the same identity number, and would put it at the floor.
    /// - Parameter complete: Per rule, whether all its blocks were compared.
    /// - Returns: The EM iterations, summed over sessions.
    func train(_ model: inout FellegiSunterModel, training: [[Int]], codec: PatternCodec, records n: Int,
               complete: [Bool]) -> Int {
        let start = model
        var sums = model.m.map { $0.map { _ in 0.0 } }
        var sessions = [Int](repeating: 0, count: comparisons.count)
        var shares: [(rule: Int, share: Double, pairs: Int)] = []
        var iterations = 0
        for (r, rule) in spec.blocking.enumerated() {
            let pairs = training[r].reduce(0, +)
            guard pairs > 0 else { continue }
            let fixed = Set(comparisons.indices.filter { k in rule.contains { $0.field == comparisons[k].field } })
            guard fixed.count < comparisons.count else { continue }
            var patterns: [ComparisonPattern: Int] = [:]
            for (code, count) in training[r].enumerated() where count > 0 { patterns[codec.pattern(UInt32(code))] = count }
            var session = start
            session.prior = 0.3
            iterations += session.estimate(from: patterns, fixed: fixed)
            for k in comparisons.indices where !fixed.contains(k) {
                for l in sums[k].indices { sums[k][l] += session.m[k][l] }
                sessions[k] += 1
            }
            shares.append((r, session.prior, pairs))
        }
        for k in comparisons.indices where sessions[k] > 0 {
            model.m[k] = FellegiSunterModel.normalised(sums[k].map { $0 / Double(sessions[k]) })
        }
        let total = Double(n) * Double(n - 1) / 2
        var priors: [Double] = []
        for (r, share, pairs) in shares {
            let recall = ruleRecall(r, model)
            guard recall > 0, total > 0 else { continue }
            // At least one match among all pairs (with a million records that is far below `floor`).
            priors.append(min(max(share * Double(pairs) / total / recall, 1 / total), 0.5))
        }
        priors.sort()
        if !priors.isEmpty { model.prior = priors[priors.count / 2] }
        for (r, share, pairs) in shares where complete[r] && total > 0 && spec.blocking[r].count == 1 {
            let part = spec.blocking[r][0]
            guard part.transform == .value, let k = comparisons.firstIndex(where: { $0.field == part.field }),
                  comparisons[k].levels.first == .exact else { continue }
            let agreeing = min(max(Double(pairs) * (1 - share), 0.5) / total, 0.5)
            let rest = model.u[k][1...].reduce(0, +)
            guard rest > 0 else { continue }
            model.u[k] = [agreeing] + model.u[k][1...].map { $0 / rest * (1 - agreeing) }
        }
        return iterations
    }

    /// The chance that a matching pair agrees on every part of blocking rule `r`, from `m`:
    /// per part, the levels of its field's comparison that imply the part agrees.
    func ruleRecall(_ r: Int, _ model: FellegiSunterModel) -> Double {
        var p = 1.0
        for part in spec.blocking[r] {
            guard let k = comparisons.firstIndex(where: { $0.field == part.field }) else { continue }
            var agree = 0.0
            for (l, level) in comparisons[k].levels.enumerated() {
                let implies: Bool
                switch (part.transform, level) {
                case (.value, .exact), (.digits, .exact): implies = true
                case (.folded, .exact), (.folded, .folded), (.first, .exact), (.first, .folded), (.last, .exact),
                     (.last, .folded): implies = true
                case (.year, .exact), (.year, .datePartial), (.year, .sameYear): implies = true
                case (.digits, .lastDigits): implies = false
                default: implies = false
                }
                if implies { agree += model.m[k][l] }
            }
            p *= agree
        }
        return p
    }

    /// One number for an unordered pair of record indexes.
    public static func pairKey(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }

    /// Runs `body` over `blocks` on `threads` threads (the blocks shared out by their pair
    /// counts), each thread adding the pairs it compares to its own chunk; the chunks in thread
    /// order, so the result never depends on timing.
    /// - Parameter training: Whether the chunks count every pair's pattern per rule.
    static func compare(_ blocks: [Block], threads: Int, codes: Int, rules: Int, training: Bool,
                        _ body: @Sendable (Block, inout PairChunk) -> Void) -> [PairChunk] {
        let parts = max(1, threads)
        let chunks = split(blocks, into: parts)
        let empty = PairChunk(codeCount: training ? codes : 0, rules: rules)
        var outputs = [PairChunk](repeating: empty, count: parts)
        outputs.withUnsafeMutableBufferPointer { buffer in
            // Each thread writes only its own slot.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { t in
                var out = empty
                for block in chunks[t] { body(block, &out) }
                slots[t] = out
            }
        }
        return outputs
    }

    /// Splits blocks into `parts` lists of about equal pair counts (largest blocks first).
    static func split(_ blocks: [Block], into parts: Int) -> [[Block]] {
        var out = [[Block]](repeating: [], count: parts)
        var load = [Int](repeating: 0, count: parts)
        for block in blocks.sorted(by: { $0.members.count != $1.members.count ? $0.members.count > $1.members.count
                                         : ($0.rule, $0.members[0]) < ($1.rule, $1.members[0]) }) {
            let t = load.indices.min { load[$0] < load[$1] }!
            out[t].append(block)
            load[t] += block.members.count * (block.members.count - 1) / 2
        }
        return out
    }

    struct Block: Sendable {
        var rule: Int
        var members: [Int32]
    }

    struct Blocking {
        var blocks: [Block] = []
        /// Per rule, the keys of blocks over `max_block_size`.
        var oversized: [Set<UInt64>]
        var skippedBlocks = 0
        var skippedRecords = 0
    }

    struct PairChunk {
        var byRule: [Int]
        /// Per rule, the patterns of every pair it gives (also those an earlier rule gave); empty
        /// rows when the model is not estimated.
        var training: [[Int]]
        var a: [Int32] = []
        var b: [Int32] = []
        var codes: [UInt32] = []

        init(codeCount: Int, rules: Int) {
            byRule = [Int](repeating: 0, count: rules)
            training = [[Int]](repeating: [Int](repeating: 0, count: codeCount), count: rules)
        }

        /// A pair compared, counted under `rule`.
        @inline(__always)
        mutating func add(_ a: Int, _ b: Int, _ code: UInt32, rule: Int) {
            byRule[rule] += 1
            self.a.append(Int32(a))
            self.b.append(Int32(b))
            codes.append(code)
        }
    }
}

/// A pair that reached the review probability.
public struct ScoredPair: Sendable, Hashable {
    /// Record indexes, `a < b`.
    public var a: Int32
    public var b: Int32
    /// The pair's outcome pattern, encoded (``LinkageResult/pattern(of:)`` decodes it).
    public var pattern: UInt32
    public var probability: Double
    /// The weight term frequencies added to the pattern's (0 without `term_frequencies`).
    public var adjustment: Double
    /// A reviewer's decision on the pair: `true` match, `false` not a match.
    public var decision: Bool?

    public init(a: Int32, b: Int32, pattern: UInt32, probability: Double, adjustment: Double = 0, decision: Bool? = nil) {
        self.a = a
        self.b = b
        self.pattern = pattern
        self.probability = probability
        self.adjustment = adjustment
        self.decision = decision
    }

    /// Whether the pair joins its records: a reviewer said so, or it scored a match.
    public func isMatch(at threshold: Double) -> Bool { decision ?? (probability >= threshold) }
}

/// What linking gave.
public struct LinkageResult: Sendable {
    public var model: FellegiSunterModel
    /// EM iterations until the estimates settled.
    public var iterations: Int
    public var pairsCompared: Int
    /// Pairs compared per blocking rule (each pair counted under the first rule giving it).
    public var pairsByRule: [Int]
    /// Blocks over `max_block_size`, not expanded, and the records in them.
    public var skippedBlocks: Int
    public var skippedRecords: Int
    /// Pairs at or above the review probability, and every decided pair, by record indexes.
    public var pairs: [ScoredPair]
    /// Per record, its entity: the smallest record index among those linked to it.
    public var labels: [Int]
    /// Per blocking rule, the keys of the blocks over `max_block_size` (for the next
    /// incremental run).
    public var oversized: [Set<UInt64>]
    /// For an incremental link, the records compared as new or changed; `nil` for a full one.
    public var changedRecords: Int?
    let codec: PatternCodec
    let adjustment: FrequencyAdjustment

    /// The comparison outcomes of a scored pair.
    public func pattern(of pair: ScoredPair) -> ComparisonPattern { codec.pattern(pair.pattern) }

    /// A scored pair's weight per comparison (`nil` where there was no evidence), term
    /// frequencies included, and its total match weight.
    public func weights(of pair: ScoredPair) -> (weights: [Double?], total: Double) {
        let pattern = pattern(of: pair)
        var w = model.weights(pattern)
        var added = 0.0
        let agreeing = adjustment.agreeing(pattern)
        for (j, k) in adjustment.comparisons.enumerated() where agreeing & (1 << j) != 0 {
            let extra = adjustment.weight(1 << j, record: Int(pair.a))
            w[k] = (w[k] ?? 0) + extra
            added += extra
        }
        return (w, model.matchWeight(pattern) + added)
    }
}

/// The term-frequency weights of a linkage: per comparison with `term_frequencies`, each
/// record's value's weight when a pair agrees on it. (A spec has at most 12 comparisons: see
/// `ComparisonSpec.maxPatterns`; a mask has a bit for each.)
struct FrequencyAdjustment: Sendable {
    /// The comparisons adjusted, in order (bit j of a mask is `comparisons[j]`).
    let comparisons: [Int]
    /// Per adjusted comparison, per record, the weight agreeing on its value adds (0 when missing).
    let weights: [[Double]]
    private let fields: [FieldComparison]

    /// Each value hashed once: counted into the model's table where it has none yet (a model
    /// being estimated), then weighed by the table.
    init(model: inout FellegiSunterModel, records: FrozenRecords) {
        fields = model.comparisons
        comparisons = model.comparisons.indices.filter { model.comparisons[$0].termFrequencies }
        var weights: [[Double]] = []
        for k in comparisons {
            let hashes = (0..<records.count).map { i in records.view(k, i).map { TermFrequencies.hash($0.folded) } }
            let table = model.frequencies[k] ?? TermFrequencies(counting: hashes)
            model.frequencies[k] = table
            weights.append(hashes.map { h in h.map { model.frequencyWeight(k, logShare: table.logShare($0)) } ?? 0 })
        }
        self.weights = weights
    }

    /// Which adjusted comparisons of `pattern` agree on a value, as a mask.
    func agreeing(_ pattern: ComparisonPattern) -> UInt32 {
        var mask: UInt32 = 0
        for (j, k) in comparisons.enumerated() where pattern.outcomes[k] >= 0 && fields[k].agreesOnValue(Int(pattern.outcomes[k])) {
            mask |= 1 << j
        }
        return mask
    }

    /// The weight the comparisons in `mask` add to a pair of `record` (either record: they agree).
    @inline(__always)
    func weight(_ mask: UInt32, record: Int) -> Double {
        guard mask != 0 else { return 0 }
        var total = 0.0
        for j in comparisons.indices where mask & (1 << j) != 0 { total += weights[j][record] }
        return total
    }
}

/// Encodes a comparison pattern as one number (mixed radix, digit 0 for no evidence).
struct PatternCodec: Sendable {
    let radices: [UInt32]
    let codeCount: Int

    init(comparisons: [FieldComparison]) {
        radices = comparisons.map { UInt32($0.outcomeCount + 1) }
        codeCount = radices.reduce(1) { $0 * Int($1) }
    }

    @inline(__always)
    func code(_ comparisons: [FieldComparison], _ frozen: FrozenRecords, _ a: Int, _ b: Int) -> UInt32 {
        var code: UInt32 = 0
        for k in comparisons.indices {
            var digit: UInt32 = 0
            if let va = frozen.view(k, a), let vb = frozen.view(k, b), let o = comparisons[k].compare(va, vb) {
                digit = UInt32(o + 1)
            }
            code = code * radices[k] + digit
        }
        return code
    }

    func pattern(_ code: UInt32) -> ComparisonPattern {
        var c = code
        var out = [Int8](repeating: -1, count: radices.count)
        for k in radices.indices.reversed() {
            out[k] = Int8(Int(c % radices[k]) - 1)
            c /= radices[k]
        }
        return ComparisonPattern(out)
    }
}

/// splitmix64: a small, seeded generator for the random pairs.
struct LinkageRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return LinkageRecords.mix(state)
    }
}
