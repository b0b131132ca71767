#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Fellegi-Sunter record-linkage model: for each comparison, the probability of each outcome
/// among matching pairs (`m`) and among non-matching pairs (`u`), and the share of matches
/// among the pairs compared (`prior`). A pair's match weight is the log2 of its Bayes factor.
///
/// Nothing here needs labelled pairs: ``estimateU(comparisons:randomPairs:)`` takes `u` from
/// pairs drawn at random (nearly all non-matches), and ``estimate(from:iterations:fixed:)`` runs
/// expectation-maximisation over the outcome patterns of the blocked pairs for `m` and the prior.
public struct FellegiSunterModel: Sendable, Hashable {
    public var comparisons: [FieldComparison]
    /// `m[k][l]`: the probability of outcome `l` of comparison `k` for a matching pair.
    public var m: [[Double]]
    /// `u[k][l]`: the same for a non-matching pair.
    public var u: [[Double]]
    /// The share of matching pairs among those compared.
    public var prior: Double
    /// Per comparison with `term_frequencies`, how often each value occurs (`nil` for the others,
    /// and until counted).
    public var frequencies: [TermFrequencies?]

    /// Probabilities are kept inside [floor, 1 - floor] so that no outcome is impossible.
    static let floor = 1e-6

    /// A model with the usual starting values: agreement likely among matches (0.9 shared over
    /// the levels, strongest first), unlikely among non-matches.
    public init(comparisons: [FieldComparison], prior: Double = 0.05) {
        self.comparisons = comparisons
        self.prior = prior
        frequencies = comparisons.map { _ in nil }
        m = comparisons.map { c in
            let n = c.levels.count
            var p = (0..<n).map { i in 0.9 * Double(n - i) / Double(n * (n + 1) / 2) }
            p.append(0.1)
            return p
        }
        u = comparisons.map { c in
            let n = c.levels.count
            var p = (0..<n).map { i in 0.05 * Double(i + 1) / Double(n * (n + 1) / 2) }
            p.append(0.95)
            return p
        }
    }

    /// `u` from the outcomes of pairs drawn at random: the frequency of each outcome.
    /// - Complexity: O(pairs · comparisons).
    public static func estimateU(comparisons: [FieldComparison], randomPairs: [ComparisonPattern]) -> [[Double]] {
        comparisons.indices.map { k in
            var counts = [Double](repeating: 0, count: comparisons[k].outcomeCount)
            for p in randomPairs where p.outcomes[k] >= 0 { counts[Int(p.outcomes[k])] += 1 }
            return normalised(counts)
        }
    }

    /// Expectation-maximisation over pattern counts: updates `m` and `prior` (`u` stays: it
    /// comes from random pairs, which the blocked pairs are not).
    /// - Returns: The iterations run (it stops early once no probability moves by more than 1e-6).
    /// - Complexity: O(iterations · distinct patterns · comparisons).
    /// - Parameter fixed: Comparisons that are no evidence in these patterns (the fields the
    ///   pairs were blocked on agree by construction): their outcomes are ignored and their
    ///   probabilities kept.
    @discardableResult
    public mutating func estimate(from patterns: [ComparisonPattern: Int], iterations: Int = 100,
                                  fixed: Set<Int> = []) -> Int {
        if !fixed.isEmpty {
            var masked: [ComparisonPattern: Int] = [:]
            for (p, n) in patterns {
                var q = p
                for k in fixed where k < q.outcomes.count { q.outcomes[k] = -1 }
                masked[q, default: 0] += n
            }
            let keptM = m
            let done = estimate(from: masked, iterations: iterations)
            for k in fixed { m[k] = keptM[k] }
            return done
        }
        let list = patterns.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.outcomes.lexicographicallyPrecedes($1.key.outcomes) }
        let total = Double(list.reduce(0) { $0 + $1.value })
        guard total > 0 else { return 0 }
        for iteration in 1...iterations {
            var mCounts = comparisons.map { [Double](repeating: 0, count: $0.outcomeCount) }
            var matches = 0.0
            for (pattern, count) in list {
                let posterior = probability(pattern)
                let c = Double(count)
                matches += c * posterior
                for (k, o) in pattern.outcomes.enumerated() where o >= 0 {
                    mCounts[k][Int(o)] += c * posterior
                }
            }
            let newM = mCounts.map(Self.normalised)
            let newPrior = min(max(matches / total, Self.floor), 1 - Self.floor)
            var moved = abs(newPrior - prior)
            for k in m.indices {
                for l in m[k].indices {
                    moved = max(moved, abs(newM[k][l] - m[k][l]))
                }
            }
            m = newM
            prior = newPrior
            if moved < 1e-6 { return iteration }
        }
        return iterations
    }

    /// Per comparison, log2(m/u) of the pair's outcome, or `nil` where there was no evidence.
    public func weights(_ pattern: ComparisonPattern) -> [Double?] {
        pattern.outcomes.enumerated().map { k, o in
            o < 0 ? nil : log2(m[k][Int(o)] / u[k][Int(o)])
        }
    }

    /// The pair's total match weight: log2 of the prior odds plus every comparison's weight.
    public func matchWeight(_ pattern: ComparisonPattern) -> Double {
        weights(pattern).reduce(log2(prior / (1 - prior))) { $0 + ($1 ?? 0) }
    }

    /// The weight added to comparison `k`'s when a pair agrees on a value whose log2 share among
    /// the values is `logShare`: log2(u / share), with u the chance that two records drawn at
    /// random agree (its first `exact` or `folded` level's). Positive for a value rarer than
    /// the average agreement, negative for a commoner one.
    public func frequencyWeight(_ k: Int, logShare: Double) -> Double {
        guard let level = comparisons[k].levels.indices.first(where: comparisons[k].agreesOnValue) else { return 0 }
        return log2(u[k][level]) - logShare
    }

    /// The probability that the pair is a match.
    public func probability(_ pattern: ComparisonPattern) -> Double {
        Self.probability(weight: matchWeight(pattern))
    }

    /// The probability of a match weight (log2 of the odds).
    public static func probability(weight w: Double) -> Double {
        if w > 60 { return 1 }
        if w < -60 { return 0 }
        let odds = exp2(w)
        return odds / (1 + odds)
    }

    static func normalised(_ counts: [Double]) -> [Double] {
        let sum = counts.reduce(0, +)
        guard sum > 0 else { return counts.map { _ in 1 / Double(counts.count) } }
        let raw = counts.map { max($0 / sum, floor) }
        let s = raw.reduce(0, +)
        return raw.map { $0 / s }
    }
}
