/// Edit distance (insertions, deletions, substitutions) between two byte strings.
public enum Levenshtein {
    /// The distance, or `nil` when it is more than `limit`.
    /// - Complexity: O(n·min(m, 2·limit + 1)): only the band of width `limit` around the
    ///   diagonal is computed.
    public static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int = .max) -> Int? {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in distance(pa, pb, limit: limit) } }
    }

    /// The distance of two byte buffers, or `nil` when it is more than `limit`.
    public static func distance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let big = Int.max / 2
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { rows in
            var previous = UnsafeMutableBufferPointer(rebasing: rows[0...b.count])
            var current = UnsafeMutableBufferPointer(rebasing: rows[(b.count + 1)...])
            for j in 0...b.count { previous[j] = j }
            for j in 0...b.count { current[j] = big }
            for i in 1...a.count {
                let lo = limit == .max ? 1 : max(1, i - limit)
                let hi = limit == .max ? b.count : min(b.count, i + limit)
                current[0] = i
                if lo > 1 { current[lo - 1] = big }
                var rowMin = current[0] <= limit ? current[0] : big
                if lo <= hi {
                    for j in lo...hi {
                        let cost = a[i - 1] == b[j - 1] ? 0 : 1
                        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                        rowMin = min(rowMin, current[j])
                    }
                }
                if hi < b.count { current[hi + 1] = big }
                if rowMin > limit { return nil }
                swap(&previous, &current)
            }
            let d = previous[b.count]
            return d <= limit ? d : nil
        }
    }
}
