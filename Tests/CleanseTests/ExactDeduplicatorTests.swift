import Cleanse
import PropertyBased
import Testing

@Suite struct ExactDeduplicatorTests {
    @Test func firstOccurrenceWinsAndLaterOnesAreMerged() {
        var d = ExactDeduplicator(expected: 4)
        let results = [d.insert(["HS-1"]), d.insert(["HS-2"]), d.insert(["HS-1"]), d.insert(["HS-1", ""])]
        #expect(results == [true, true, false, true], "composite keys are compared part by part")
        #expect(d.count == 3)
    }

    @Test func agreesWithASetOnManyKeys() async {
        await propertyCheck(count: 50, input: Gen.int(in: 0...5000).array(of: 0...3000)) { numbers in
            var d = ExactDeduplicator(expected: 16)
            var seen = Set<Int>()
            for n in numbers {
                let inserted = d.insert(["k\(n)"])
                #expect(inserted == seen.insert(n).inserted)
            }
            #expect(d.count == seen.count)
        }
    }
}
