/// The outcomes of every comparison for one pair of records: per comparison a level index
/// (see ``FieldComparison/compare(_:_:)``), or -1 for no evidence.
public struct ComparisonPattern: Sendable, Hashable {
    public var outcomes: [Int8]

    public init(_ outcomes: [Int8]) { self.outcomes = outcomes }

    /// Compares two records' prepared values, comparison by comparison.
    /// - Complexity: the sum of the comparisons' costs.
    public init(_ comparisons: [FieldComparison], _ a: [PreparedValue?], _ b: [PreparedValue?]) {
        outcomes = comparisons.indices.map { k in comparisons[k].compare(a[k], b[k]).map { Int8($0) } ?? -1 }
    }
}
