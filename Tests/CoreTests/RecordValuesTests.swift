import Core
import Testing

/// A record's values inside its batch's one value array, indexed from 0.
@Suite struct RecordValuesTests {
    @Test func aRecordIsItsPartOfTheArrayIndexedFromZero() {
        let storage: ContiguousArray<String?> = ["a", nil, "b", "c", "d", nil]
        let second = RecordValues(storage, base: 2, count: 2)
        #expect(second.count == 2)
        #expect(second.indices == 0..<2)
        #expect(second[0] == "b" && second[1] == "c")
        #expect(Array(second) == ["b", "c"])
        #expect(Array(second[1...]) == ["c"])
        let last = RecordValues(storage, base: 4, count: 2)
        #expect(Array(last) == ["d", nil])
        #expect(Array(RecordValues(storage)) == Array(storage))
        #expect(RecordValues(storage, base: 6, count: 0).isEmpty)
    }
}
