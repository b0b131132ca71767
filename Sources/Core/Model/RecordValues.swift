/// One record's values, in its table's column order, where a batch keeps the values of all its
/// records in one array (`storage[base..<base + count]`): indexed from 0 like an array of its
/// own, with no array of its own to allocate, fill and free per record.
public struct RecordValues: RandomAccessCollection, Sendable {
    @usableFromInline let storage: ContiguousArray<String?>
    @usableFromInline let base: Int
    public let count: Int

    /// Values `base..<base + count` of `storage`.
    @inlinable
    public init(_ storage: ContiguousArray<String?>, base: Int, count: Int) {
        precondition(base >= 0 && count >= 0 && base + count <= storage.count, "values \(base)..<\(base + count) of \(storage.count)")
        self.storage = storage
        self.base = base
        self.count = count
    }

    /// All of `values`.
    @inlinable
    public init(_ values: ContiguousArray<String?>) {
        self.init(values, base: 0, count: values.count)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable
    public subscript(i: Int) -> String? {
        precondition(i >= 0 && i < count, "value \(i) of a record of \(count)")
        return storage[base &+ i]
    }
}
