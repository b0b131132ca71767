import Cleanse
import Core
import PropertyBased
import Testing

/// The rules that choose a golden record's values.
@Suite struct SurvivorshipTests {
    func candidates(_ values: [(String?, String?, Int)]) -> [Survivorship.Candidate] {
        values.enumerated().map { i, v in
            Survivorship.Candidate(record: i, key: "K\(i)", value: v.0, recency: v.1, completeness: v.2)
        }
    }

    let sample: [(String?, String?, Int)] = [("0912345678", "2024-01-05", 3), (nil, "2025-03-01", 4), ("0987654321", "2024-11-30", 2),
                                             ("0912345678", "2023-06-01", 4), ("", "2026-01-01", 1)]

    @Test func mostRecentTakesTheLatestRecordWithAValue() {
        #expect(Survivorship.choose(.mostRecent, among: candidates(sample))! == ("0987654321", 2))
    }

    @Test func mostCompleteTakesTheFullestRecordWithAValue() {
        #expect(Survivorship.choose(.mostComplete, among: candidates(sample))! == ("0912345678", 3))
    }

    @Test func mostFrequentTakesTheCommonestValueFromItsLatestRecord() {
        #expect(Survivorship.choose(.mostFrequent, among: candidates(sample))! == ("0912345678", 0))
    }

    @Test func aVocabularyOrderPrefersTheEarliestListedValue() {
        let statuses = candidates([("received", "2024-01-01", 1), ("completed", "2023-01-01", 1), ("processing", "2025-01-01", 1)])
        #expect(Survivorship.choose(.order(["completed", "processing", "received"]), among: statuses)! == ("completed", 1))
        let unlisted = candidates([("x", "2024", 1), ("y", "2025", 1), ("x", "2023", 1)])
        #expect(Survivorship.choose(.order(["completed"]), among: unlisted)! == ("x", 0), "commonest when none is listed")
    }

    @Test func noValueNoChoice() {
        #expect(Survivorship.choose(.mostFrequent, among: candidates([(nil, nil, 0), ("", "2024", 1)])) == nil)
    }

    @Test func theChoiceDoesNotDependOnTheOrderOfRecords() async {
        let values = ["a", "b", "c", ""]
        let gen = zip(Gen.int(in: 0...3), Gen.int(in: 0...5), Gen.int(in: 0...4)).array(of: 1...8)
        await propertyCheck(count: 400, input: zip(gen, Gen.int(in: 0...1000))) { rows, seed in
            let cs = rows.enumerated().map { i, r in
                Survivorship.Candidate(record: i, key: "K\(i)", value: values[r.0], recency: "2024-0\(r.1 + 1)", completeness: r.2)
            }
            var shuffled = cs
            var rng = SeededGenerator(seed: UInt64(seed))
            shuffled.shuffle(using: &rng)
            for rule in [GoldenSpec.Rule.mostRecent, .mostComplete, .mostFrequent, .order(["c", "b"])] {
                let a = Survivorship.choose(rule, among: cs), b = Survivorship.choose(rule, among: shuffled)
                #expect(a?.value == b?.value && a?.record == b?.record)
            }
        }
    }
}
