public import Core

/// Chooses a golden record's field values among an entity's records (`dedupe.<entity>.golden`).
public enum Survivorship {
    /// One record's candidate value.
    public struct Candidate: Sendable {
        /// The record's index (its provenance).
        public var record: Int
        /// The record's key, the last tie-breaker.
        public var key: String
        public var value: String?
        /// The record's `recency` value (ISO text orders in time).
        public var recency: String?
        /// How many of the record's golden fields have a value.
        public var completeness: Int

        public init(record: Int, key: String, value: String?, recency: String?, completeness: Int) {
            self.record = record
            self.key = key
            self.value = value
            self.recency = recency
            self.completeness = completeness
        }
    }

    /// The value `rule` keeps, and the record it comes from; `nil` when no record has a value.
    /// Ties go to the most recent record, then to the smallest key, so the choice never
    /// depends on the order of the records.
    /// - Complexity: O(n log n) in the number of records.
    public static func choose(_ rule: GoldenSpec.Rule, among candidates: [Candidate]) -> (value: String, record: Int)? {
        let present = candidates.filter { $0.value.map { !$0.isEmpty } ?? false }
        guard !present.isEmpty else { return nil }
        func later(_ a: Candidate, _ b: Candidate) -> Bool {
            let ra = a.recency ?? "", rb = b.recency ?? ""
            return ra != rb ? ra > rb : a.key < b.key
        }
        let best: Candidate
        switch rule {
        case .mostRecent:
            best = present.min(by: later)!
        case .mostComplete:
            best = present.min { $0.completeness != $1.completeness ? $0.completeness > $1.completeness : later($0, $1) }!
        case .mostFrequent:
            best = byFrequency(present, later: later)
        case .order(let order):
            let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let ranked = present.filter { rank[$0.value!] != nil }
            if ranked.isEmpty {
                best = byFrequency(present, later: later)
            } else {
                best = ranked.min { a, b in
                    let x = rank[a.value!]!, y = rank[b.value!]!
                    return x != y ? x < y : later(a, b)
                }!
            }
        }
        return (best.value!, best.record)
    }

    /// The commonest value; among its records the most recent.
    private static func byFrequency(_ present: [Candidate], later: (Candidate, Candidate) -> Bool) -> Candidate {
        var counts: [String: Int] = [:]
        for c in present { counts[c.value!, default: 0] += 1 }
        return present.min { a, b in
            let x = counts[a.value!]!, y = counts[b.value!]!
            return x != y ? x > y : later(a, b)
        }!
    }
}
