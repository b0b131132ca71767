@testable import Cleanse
import Core
import Testing

/// Incremental linkage: linking a night's new and changed records against what an earlier run
/// kept gives exactly what linking everything with the same model gives.
@Suite struct RecordLinkerIncrementalTests {
    typealias Record = (key: String, values: [String?])

    /// What a run leaves for the next: its pairs by key and its oversized block keys.
    struct State {
        var pairs: [(a: String, b: String, pattern: UInt32)]
        var oversized: [Set<UInt64>]
        var keys: Set<String>
        var values: [String: [String?]]
    }

    static func linker(_ records: [Record], spec: LinkageSpec) -> RecordLinker {
        var linker = RecordLinker(spec: spec)
        // Ordered by key, as the table is read.
        for r in records.sorted(by: { $0.key < $1.key }) { linker.add(key: r.key, values: r.values) }
        return linker
    }

    static func state(_ linker: RecordLinker, _ result: LinkageResult, _ records: [Record]) -> State {
        let keys = linker.records.keys
        return State(pairs: result.pairs.map { (keys[Int($0.a)], keys[Int($0.b)], $0.pattern) }, oversized: result.oversized,
                     keys: Set(keys), values: Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0.values) }))
    }

    static func decisions(_ linker: RecordLinker, _ d: [(String, String, Bool)]) -> [(a: Int, b: Int, match: Bool)] {
        let keys = linker.records.keys
        return d.compactMap { a, b, m in
            guard let x = keys.firstIndex(of: a), let y = keys.firstIndex(of: b) else { return nil }
            return (x, y, m)
        }
    }

    /// Links `records` incrementally after `earlier` and in full with the same model; expects
    /// the same pairs and clusters.
    /// - Returns: Both results and the linker, and the state for the next night.
    @discardableResult
    static func night(_ records: [Record], after earlier: State, model: FellegiSunterModel, spec: LinkageSpec,
                      decisions d: [(String, String, Bool)] = [], sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> (incremental: LinkageResult, full: LinkageResult, state: State) {
        let linker = linker(records, spec: spec)
        let keys = linker.records.keys
        let byKey = Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0.values) })
        let changed = keys.map { k in earlier.values[k].map { $0 != byKey[k]! } ?? true }
        var index: [String: Int32] = [:]
        for (i, k) in keys.enumerated() { index[k] = Int32(i) }
        let pairs = earlier.pairs.compactMap { p -> (a: Int32, b: Int32, pattern: UInt32)? in
            guard let a = index[p.a], let b = index[p.b] else { return nil }
            return (a, b, p.pattern)
        }
        let decisions = Self.decisions(linker, d)
        let incremental = linker.link(incremental: .init(changed: changed, pairs: pairs, oversized: earlier.oversized),
                                      model: model, threads: 2, decisions: decisions)
        let full = linker.link(threads: 2, decisions: decisions, model: model)
        #expect(incremental.pairs == full.pairs, sourceLocation: sourceLocation)
        #expect(incremental.labels == full.labels, sourceLocation: sourceLocation)
        #expect(incremental.oversized == full.oversized, sourceLocation: sourceLocation)
        #expect(incremental.changedRecords == changed.filter { $0 }.count, sourceLocation: sourceLocation)
        return (incremental, full, state(linker, incremental, records))
    }

    @Test(arguments: [false, true])
    func aNightsChangesGiveWhatLinkingEverythingWithTheSameModelGives(termFrequencies: Bool) throws {
        let spec = RecordLinkerTests.spec(termFrequencies: termFrequencies)
        let all = RecordLinkerTests.records(people: 700, seed: 21).map { (key: $0.key, values: $0.values) }
        // Night 1: most of the records, linked in full (the model estimated).
        let first = Array(all.prefix(all.count - 60))
        let l1 = Self.linker(first, spec: spec)
        let r1 = l1.link(threads: 2, randomPairs: 50_000)
        let model = r1.model
        let s1 = Self.state(l1, r1, first)
        let matched = try #require(r1.pairs.first { $0.probability >= 0.95 })
        // A pair the model does not join (a review pair, or two records of different people).
        let apart = try #require((1..<r1.labels.count).first { r1.labels[$0] != r1.labels[0] })
        let review = r1.pairs.first { $0.probability < 0.95 } ?? ScoredPair(a: 0, b: Int32(apart), pattern: 0, probability: 0)
        let keys1 = l1.records.keys

        // Night 2: 60 new records, 15 changed (a new phone, a misspelt name), 8 gone; a reviewer
        // split one matched pair and joined one in review.
        var night2 = all
        for i in stride(from: 3, to: 3 + 15 * 37, by: 37) {
            night2[i].values[3] = "0911\(100_000 + i)"
            if i % 2 == 0, let n = night2[i].values[0] { night2[i].values[0] = n + "h" }
        }
        night2.removeSubrange(500..<508)
        let decisions = [(keys1[Int(matched.a)], keys1[Int(matched.b)], false), (keys1[Int(review.a)], keys1[Int(review.b)], true)]
        let n2 = Self.night(night2, after: s1, model: model, spec: spec, decisions: decisions)
        // The counts of values are the model's (night 1's), not recounted on a night that reuses it.
        #expect((model.frequencies[0] != nil) == termFrequencies)
        #expect(n2.incremental.model.frequencies == model.frequencies && n2.full.model.frequencies == model.frequencies)
        #expect(n2.incremental.pairsCompared * 5 < n2.full.pairsCompared,
                "\(n2.incremental.pairsCompared) pairs compared against \(n2.full.pairsCompared) in full")
        let k2 = Self.linker(night2, spec: spec).records.keys
        let a = try #require(k2.firstIndex(of: keys1[Int(review.a)])), b = try #require(k2.firstIndex(of: keys1[Int(review.b)]))
        #expect(n2.incremental.labels[a] == n2.incremental.labels[b], "joined by the reviewer")

        // Night 3: nothing new, the not-match decision withdrawn: the pair joins again.
        let n3 = Self.night(night2, after: n2.state, model: model, spec: spec, decisions: [decisions[1]])
        #expect(n3.incremental.pairsCompared == 0)
        #expect(n3.incremental.changedRecords == 0)
    }

    @Test func blocksThatGrowOverTheLimitOrShrinkUnderItAreHandled() {
        // max_block_size 3: the phone blocks decide which pairs exist.
        let spec = RecordLinkerTests.spec(maxBlock: 3)
        func person(_ key: String, _ name: String, _ birth: String, _ phone: String?) -> Record {
            (key, [name, birth, nil, phone])
        }
        var records: [Record] = [
            // Four records on one phone: a block too large on night 1.
            person("A1", "Nguyễn Văn An", "1980-01-02", "0912000001"),
            person("A2", "Nguyen Van An", "1981-05-06", "0912000001"),
            person("A3", "NGUYỄN VĂN AN", "1982-07-08", "0912000001"),
            person("A4", "Nguyễn Văn Ân", "1983-09-10", "0912000001"),
            // Three on another: a block that fits on night 1 and grows too large on night 2.
            person("B1", "Trần Thị Bình", "1970-03-04", "0912000002"),
            person("B2", "Tran Thi Binh", "1971-03-04", "0912000002"),
            person("B3", "TRẦN THỊ BÌNH", "1972-03-04", "0912000002"),
        ]
        for i in 0..<40 {
            records.append(person("Z\(i)", "Lê Văn Người \(i)", "19\(50 + i)-0\(1 + i % 9)-1\(i % 9)", "0988\(100_000 + i * 7)"))
        }
        let l1 = Self.linker(records, spec: spec)
        let r1 = l1.link(threads: 2, randomPairs: 10_000)
        #expect(r1.skippedBlocks == 1)
        var night2 = records
        night2.removeAll { $0.key == "A4" }
        night2.append(person("B4", "Trần Thị Bình", "1973-03-04", "0912000002"))
        let n2 = Self.night(night2, after: Self.state(l1, r1, records), model: r1.model, spec: spec)
        #expect(n2.full.skippedBlocks == 1)
        // The A block fits now: its pairs of unchanged records were compared this night.
        #expect(n2.incremental.pairsByRule[2] >= 3)
        // And back: A4 returns, the B block stays too large.
        Self.night(records + [night2.last!], after: n2.state, model: r1.model, spec: spec)
    }
}
