internal import Core

/// Checks a column of dates that never goes back down the page (issue dates).
enum RegisterDateOrder {
    /// The entries whose date is not in every longest non-decreasing run of the column's dates:
    /// the dates that break the order, and both dates of a swap (either may be the wrong one).
    /// - Parameter dates: one per entry, `nil` for entries left out of the check.
    /// - Returns: the positions out of order.
    /// - Complexity: O(n log n).
    static func outOfOrder(_ dates: [RegisterDate?]) -> Set<Int> {
        let present = dates.indices.filter { dates[$0] != nil }
        let values = present.map { dates[$0]! }
        let m = values.count
        guard m > 1 else { return [] }
        let ending = longestEnding(values)
        // Longest non-decreasing run starting at each: the same on the reversed, negated order.
        let reversed = values.reversed().map { RegisterDate(year: -$0.year, month: -$0.month, day: -$0.day) }
        let starting = Array(longestEnding(reversed).reversed())
        let best = ending.max()!
        var onLevel: [Int: Int] = [:]
        for k in 0..<m where ending[k] + starting[k] - 1 == best { onLevel[ending[k], default: 0] += 1 }
        var out: Set<Int> = []
        for k in 0..<m {
            let onSomeLongest = ending[k] + starting[k] - 1 == best
            if !onSomeLongest || onLevel[ending[k]]! > 1 { out.insert(present[k]) }
        }
        return out
    }

    /// For each position, the length of the longest non-decreasing subsequence ending there.
    private static func longestEnding(_ values: [RegisterDate]) -> [Int] {
        var tails: [RegisterDate] = []
        var out: [Int] = []
        out.reserveCapacity(values.count)
        for v in values {
            // First tail greater than v (non-decreasing: equal values extend).
            var lo = 0, hi = tails.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if tails[mid] <= v { lo = mid + 1 } else { hi = mid }
            }
            if lo == tails.count { tails.append(v) } else { tails[lo] = v }
            out.append(lo + 1)
        }
        return out
    }
}
