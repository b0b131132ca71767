/// The outcomes of every comparison for one pair of records: per comparison a level index
/// (see ``FieldComparison/compare(_:_:)``), or -1 for no evidence.
public struct ComparisonPattern: Sendable, Hashable {
    public var outcomes: [Int8]

    public init(_ outcomes: [Int8]) { self.outcomes = outcomes }

}
