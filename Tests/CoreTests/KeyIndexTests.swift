import Core
import PropertyBased
import Testing

@Suite struct KeyIndexTests {
    @Test func numbersKeysInInsertionOrderAndComparesPartByPart() {
        var k = KeyIndex(expected: 2)
        let a = k.insert(parts: ["HS-1"]), b = k.insert(parts: ["HS-2"]), c = k.insert(parts: ["HS-1"])
        let d = k.insert(parts: ["HS-1", ""]), e = k.insert(parts: ["HS-", "1"])
        #expect([a.id, b.id, c.id, d.id, e.id] == [0, 1, 0, 2, 3])
        #expect([a.inserted, b.inserted, c.inserted, d.inserted, e.inserted] == [true, true, false, true, true])
        #expect(k.count == 4)
    }

    @Test func agreesWithADictionaryAcrossGrowth() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...3000).array(of: 0...4000)) { numbers in
            var k = KeyIndex(expected: 4)
            var ids: [Int: Int] = [:]
            for n in numbers {
                let r = k.insert(parts: ["k\(n)"])
                if let id = ids[n] {
                    #expect(r.id == id && !r.inserted)
                } else {
                    #expect(r.id == ids.count && r.inserted)
                    ids[n] = r.id
                }
            }
            #expect(k.count == ids.count)
        }
    }
}
