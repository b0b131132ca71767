internal import Core

/// Fits a page's consecutive numbers (STT, entry numbers): value = position + offset.
///
/// Readings are grouped into runs: consecutive readings (unreadable ones skipped) with the same
/// offset. A run of three or more is *established*: its readings confirm each other, whatever
/// their confidence, and a new established run (a restart, a lost row) is accepted as such.
/// For any other reading the prediction is the offset of the established runs on both sides when
/// they agree, or the page's majority offset when it is strong (at least three readings and at
/// least half the entries) and no established neighbour run says otherwise. A reading that
/// disagrees with a strong prediction is corrected on scans, unless it agrees with its neighbour
/// (two readings that agree against the page may be a real shift: doubtful); on typed registers
/// it is doubtful (a clerk's number is deliberate: a deleted row, a voided number).
struct RegisterSequenceFit {
    enum Outcome: Equatable {
        /// Agrees with the page: confirmed whatever the confidence.
        case confirmed
        /// Nothing to compare with: stands as read.
        case asRead
        /// Corrected to the prediction.
        case corrected(Int)
        /// Goes to review.
        case doubtful(reason: String, candidates: [Int])
    }

    /// Fits `values` (one per entry, `nil` when unreadable).
    /// - Parameters:
    ///   - values: the readings, in entry order.
    ///   - anchors: entries whose value a reviewer gave (always confirmed).
    ///   - correcting: whether disagreeing readings may be corrected (scans) or only flagged.
    static func fit(_ values: [Int?], anchors: [Bool], correcting: Bool) -> [Outcome] {
        let n = values.count
        let offsets: [Int?] = values.enumerated().map { i, v in v.map { $0 - i } }
        // Runs over the parsed entries.
        var runLength = [Int](repeating: 0, count: n)
        var runs: [(offset: Int, members: [Int])] = []
        for i in 0..<n {
            guard let o = offsets[i] else { continue }
            if let last = runs.last, last.offset == o {
                runs[runs.count - 1].members.append(i)
            } else {
                runs.append((o, [i]))
            }
        }
        for run in runs { for i in run.members { runLength[i] = run.members.count } }
        var counts: [Int: Int] = [:]
        for o in offsets { if let o { counts[o, default: 0] += 1 } }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var majority: Int?
        var strong = false
        if let top = ranked.first, ranked.count == 1 || ranked[1].value < top.value {
            majority = top.key
            strong = top.value >= 3 && top.value * 2 >= n
        }
        let established = runs.enumerated().filter { $0.element.members.count >= 3 }
        var out: [Outcome] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            if anchors[i] || runLength[i] >= 3 {
                out.append(offsets[i] == nil ? .asRead : .confirmed)
                continue
            }
            let before = established.last(where: { $0.element.members.last! < i })?.element.offset
            let after = established.first(where: { $0.element.members.first! > i })?.element.offset
            var predicted: Int?
            var sure = false
            if let b = before, let a = after {
                if a == b {
                    predicted = b
                    sure = true
                }
            } else if strong, let m = majority, (before ?? m) == m, (after ?? m) == m {
                predicted = m
                sure = true
            }
            var candidates: [Int] = []
            if let p = predicted {
                candidates = [p + i]
            } else {
                for o in [before, after, majority] { if let o, !candidates.contains(o + i) { candidates.append(o + i) } }
            }
            guard let v = values[i] else {
                if sure, correcting, let p = predicted {
                    out.append(.corrected(p + i))
                } else {
                    out.append(.doubtful(reason: "invalid_number", candidates: candidates))
                }
                continue
            }
            if let p = predicted, v == p + i {
                out.append(sure ? .confirmed : .asRead)
            } else if sure, let p = predicted {
                if correcting && runLength[i] < 2 {
                    out.append(.corrected(p + i))
                } else {
                    out.append(.doubtful(reason: "sequence_mismatch", candidates: [p + i]))
                }
            } else if candidates.isEmpty || candidates.contains(v) {
                out.append(.asRead)
            } else {
                out.append(.doubtful(reason: "sequence_mismatch", candidates: candidates))
            }
        }
        return out
    }
}
