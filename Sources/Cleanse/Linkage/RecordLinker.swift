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
            FieldComparison(field: c.field, levels: c.levels, kind: c.citizenID ? .citizenID : .text)
        }
        records = LinkageRecords(
            comparisonFields: spec.comparisons.map { c in fields.firstIndex(of: c.field)! },
            blocking: spec.blocking.map { rule in rule.map { (fields.firstIndex(of: $0.field)!, $0.transform) } })
    }

    /// Adds a record: `values` in ``fields`` order.
    public mutating func add(key: String, values: [String?]) {
        records.append(key: key, values: values)
    }

    /// Links the records added.
    /// - Parameters:
    ///   - threads: Comparisons run on this many threads.
    ///   - randomPairs: How many random pairs estimate `u` (at most the number of pairs).
    ///   - seed: Seeds the draw of random pairs.
    /// - Complexity: O(n log n) for blocking plus O(pairs) comparisons, plus O(iterations ·
    ///   distinct patterns) for the estimation.
    ///   - decisions: Reviewers' decisions on pairs of record indexes: `true` joins the two
    ///     records whatever their score, `false` keeps that pair from joining them (other pairs
    ///     may still connect them).
    public func link(threads: Int = 2, randomPairs: Int = 1_000_000, seed: UInt64 = 1,
                     decisions: [(a: Int, b: Int, match: Bool)] = []) -> LinkageResult {
        let frozen = FrozenRecords(records)
        let codec = PatternCodec(comparisons: comparisons)
        // Blocks: for each rule, runs of records sharing its key.
        var blocks: [Block] = []
        var skippedBlocks = 0, skippedRecords = 0
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
                    skippedBlocks += 1
                    skippedRecords += size
                } else if size > 1 {
                    blocks.append(Block(rule: r, members: Array(order[start..<end])))
                }
                start = end
            }
        }
        // Compare every blocked pair once (in the first rule that gives it), in parallel.
        let parts = max(1, threads)
        let chunks = Self.split(blocks, into: parts)
        let outputs = UnsafeMutableBufferPointer<PairChunk>.allocate(capacity: parts)
        outputs.initialize(repeating: PairChunk(codeCount: codec.codeCount, rules: records.blockKeys.count))
        defer {
            _ = outputs.deinitialize()
            outputs.deallocate()
        }
        // Each thread writes only its own slot.
        nonisolated(unsafe) let slots = outputs
        let blockKeys = records.blockKeys
        DispatchQueue.concurrentPerform(iterations: parts) { t in
            var out = PairChunk(codeCount: codec.codeCount, rules: blockKeys.count)
            for block in chunks[t] {
                let m = block.members
                for x in 0..<(m.count - 1) {
                    let a = Int(m[x])
                    for y in (x + 1)..<m.count {
                        let b = Int(m[y])
                        let code = codec.code(comparisons, frozen, a, b)
                        // Every pair of the rule trains it; only the first rule giving a pair scores it.
                        out.training[block.rule][Int(code)] += 1
                        var earlier = false
                        for r in 0..<block.rule where blockKeys[r][a] != 0 && blockKeys[r][a] == blockKeys[r][b] {
                            earlier = true
                            break
                        }
                        if earlier { continue }
                        out.counts[Int(code)] += 1
                        out.byRule[block.rule] += 1
                        out.a.append(Int32(a))
                        out.b.append(Int32(b))
                        out.codes.append(code)
                    }
                }
            }
            slots[t] = out
        }
        var counts = [Int](repeating: 0, count: codec.codeCount)
        var byRule = [Int](repeating: 0, count: records.blockKeys.count)
        var training = [[Int]](repeating: counts, count: records.blockKeys.count)
        for t in 0..<parts {
            for c in outputs[t].counts.indices { counts[c] += outputs[t].counts[c] }
            for r in byRule.indices {
                byRule[r] += outputs[t].byRule[r]
                for c in training[r].indices { training[r][c] += outputs[t].training[r][c] }
            }
        }
        // u from random pairs; m and the prior from one EM session per blocking rule.
        var model = FellegiSunterModel(comparisons: comparisons)
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
        let iterations = train(&model, training: training, codec: codec, records: frozen.count)
        // Score, keep what reaches review, cluster what reaches a match.
        var probability = [Double](repeating: 0, count: codec.codeCount)
        for (code, n) in counts.enumerated() where n > 0 { probability[code] = model.probability(codec.pattern(UInt32(code))) }
        var decided: [UInt64: Bool] = [:]
        for d in decisions where d.a != d.b && d.a < frozen.count && d.b < frozen.count {
            decided[Self.pairKey(d.a, d.b)] = d.match
        }
        var kept: [ScoredPair] = []
        var clusters = EntityClusters(count: frozen.count)
        for t in 0..<parts {
            let o = outputs[t]
            for i in o.codes.indices {
                let p = probability[Int(o.codes[i])]
                let decision = decided.isEmpty ? nil : decided.removeValue(forKey: Self.pairKey(Int(o.a[i]), Int(o.b[i])))
                guard p >= spec.reviewProbability || decision != nil else { continue }
                kept.append(ScoredPair(a: o.a[i], b: o.b[i], pattern: o.codes[i], probability: p, decision: decision))
            }
        }
        // Decided pairs no blocking rule gave are scored here.
        for (key, match) in decided {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            let code = codec.code(comparisons, frozen, a, b)
            kept.append(ScoredPair(a: Int32(a), b: Int32(b), pattern: code,
                                   probability: model.probability(codec.pattern(code)), decision: match))
        }
        kept.sort { $0.a != $1.a ? $0.a < $1.a : $0.b < $1.b }
        for pair in kept where pair.decision ?? (pair.probability >= spec.matchProbability) {
            clusters.union(Int(pair.a), Int(pair.b))
        }
        return LinkageResult(
            model: model, iterations: iterations, pairsCompared: counts.reduce(0, +), pairsByRule: byRule,
            skippedBlocks: skippedBlocks, skippedRecords: skippedRecords, pairs: kept, labels: clusters.labels(),
            codec: codec)
    }

    /// Estimates `m` and the prior the way unsupervised linkage must: one EM session per
    /// blocking rule over every pair that rule gives, with the comparisons of the fields it
    /// blocks on left out (they agree by construction, so they say nothing there); each
    /// comparison's `m` is the mean over the sessions that estimated it. The prior is the
    /// probability that two records drawn at random match: each session's share of matches,
    /// times its pairs, divided by all pairs and by the chance that a matching pair agrees on
    /// the rule (from `m`); the median over sessions.
    /// - Returns: The EM iterations, summed over sessions.
    func train(_ model: inout FellegiSunterModel, training: [[Int]], codec: PatternCodec, records n: Int) -> Int {
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
            priors.append(min(max(share * Double(pairs) / total / recall, FellegiSunterModel.floor), 0.5))
        }
        priors.sort()
        if !priors.isEmpty { model.prior = priors[priors.count / 2] }
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
    static func pairKey(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }

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

    struct PairChunk {
        var counts: [Int]
        var byRule: [Int]
        /// Per rule, the patterns of every pair it gives (also those an earlier rule gave).
        var training: [[Int]]
        var a: [Int32] = []
        var b: [Int32] = []
        var codes: [UInt32] = []

        init(codeCount: Int, rules: Int) {
            counts = [Int](repeating: 0, count: codeCount)
            byRule = [Int](repeating: 0, count: rules)
            training = [[Int]](repeating: counts, count: rules)
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
    /// A reviewer's decision on the pair: `true` match, `false` not a match.
    public var decision: Bool?

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
    let codec: PatternCodec

    /// The comparison outcomes of a scored pair.
    public func pattern(of pair: ScoredPair) -> ComparisonPattern { codec.pattern(pair.pattern) }
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
