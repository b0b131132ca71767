/// Groups records into entities from the pairs judged to match (union-find with path halving
/// and union by size). An entity is named by its smallest record index, so the grouping does
/// not depend on the order the pairs come in.
public struct EntityClusters: Sendable {
    private var parent: [Int32]
    private var size: [Int32]

    /// `count` records, each its own entity.
    public init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
    }

    /// The entity record `i` belongs to (its representative; not yet the smallest index).
    /// - Complexity: amortised nearly O(1).
    public mutating func find(_ i: Int) -> Int {
        var x = Int32(i)
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return Int(x)
    }

    /// Records `a` and `b` are the same entity.
    public mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
    }

    /// For each record, the smallest record index of its entity.
    /// - Complexity: O(n).
    public mutating func labels() -> [Int] {
        var smallest = [Int](repeating: Int.max, count: parent.count)
        for i in parent.indices {
            let r = find(i)
            smallest[r] = min(smallest[r], i)
        }
        return parent.indices.map { smallest[find($0)] }
    }
}
