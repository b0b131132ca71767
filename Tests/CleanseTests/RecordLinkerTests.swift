@testable import Cleanse
import Core
import Foundation
import Testing

/// Linking people end to end: blocking, unsupervised estimation, scoring, clustering.
@Suite struct RecordLinkerTests {
    static let here = SourceLocation(file: "test.yml", line: 1, column: 1)

    static func spec(maxBlock: Int = 5000, termFrequencies: Bool = false) -> LinkageSpec {
        func part(_ f: String, _ t: BlockingPart.Transform = .value) -> BlockingPart { BlockingPart(field: f, transform: t, location: here) }
        return LinkageSpec(
            name: "people", table: "t",
            blocking: [[part("birth")], [part("id")], [part("phone")], [part("name", .folded), part("birth", .year)]],
            comparisons: [
                ComparisonSpec(field: "name", citizenID: false, levels: [.exact, .folded, .jaroWinkler(0.92), .jaroWinkler(0.85)],
                               termFrequencies: termFrequencies, location: here),
                ComparisonSpec(field: "birth", citizenID: false, levels: [.exact, .datePartial, .levenshtein(1), .sameYear], location: here),
                ComparisonSpec(field: "id", citizenID: true, levels: [.exact, .levenshtein(1)], location: here),
                ComparisonSpec(field: "phone", citizenID: false, levels: [.exact, .lastDigits(9)], location: here),
            ],
            matchProbability: 0.95, reviewProbability: 0.5, maxBlockSize: maxBlock, location: here)
    }

    static let surnames = ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
    static let middles = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thanh"]
    static let givens = ["An", "Bình", "Hà", "Lan", "Tuấn", "Dũng", "Hương", "Khánh", "Yến", "Sơn", "Thủy", "Long", "Mai", "Phúc"]

    /// `people` persons with 1 to 3 records each, with the variants real exports have; the
    /// truth is each record's person.
    static func records(people: Int, seed: UInt64) -> [(key: String, person: Int, values: [String?])] {
        var rng = SeededGenerator(seed: seed)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(rng.next() % 10)) }) }
        var out: [(String, Int, [String?])] = []
        for p in 0..<people {
            let name = "\(pick(surnames)) \(pick(middles)) \(pick(givens))"
            let year = 1950 + Int(rng.next() % 55)
            let birth = "\(year)-\(String(format2: 1 + Int(rng.next() % 12)))-\(String(format2: 1 + Int(rng.next() % 28)))"
            let cccd = "0" + digits(11), cmnd = digits(9), phone = "09" + digits(8)
            for r in 0..<(1 + Int(rng.next() % 3)) {
                var n = name
                if rng.unit() < 0.3 { n = FoldRule.fold(n) }
                if rng.unit() < 0.2 { n = n.uppercased() }
                let id: String? = rng.unit() < 0.1 ? nil : (r == 1 && rng.unit() < 0.5 ? cmnd : cccd)
                let ph: String? = rng.unit() < 0.15 ? nil : phone
                out.append(("P\(p)-\(r)", p, [n, birth, id, ph]))
            }
        }
        var shuffled = out
        shuffled.shuffle(using: &rng)
        return shuffled
    }

    /// The partition as sets of record keys.
    static func partition(_ keys: [String], _ labels: [Int]) -> Set<Set<String>> {
        var groups: [Int: Set<String>] = [:]
        for (i, l) in labels.enumerated() { groups[l, default: []].insert(keys[i]) }
        return Set(groups.values)
    }

    func link(_ records: [(key: String, person: Int, values: [String?])], threads: Int = 2, maxBlock: Int = 5000,
              termFrequencies: Bool = false) -> (RecordLinker, LinkageResult) {
        var linker = RecordLinker(spec: Self.spec(maxBlock: maxBlock, termFrequencies: termFrequencies))
        #expect(linker.fields == ["name", "birth", "id", "phone"])
        for r in records { linker.add(key: r.key, values: r.values) }
        return (linker, linker.link(threads: threads, randomPairs: 50_000))
    }

    @Test func linksPeopleAsTheTruthSaysWithoutLabels() {
        let records = Self.records(people: 2000, seed: 3)
        let (linker, result) = link(records)
        let truth = Self.partition(records.map(\.key), records.map(\.person))
        let found = Self.partition(linker.records.keys, result.labels)
        let exact = truth.intersection(found).count
        #expect(Double(exact) / Double(truth.count) > 0.97, "\(exact) of \(truth.count) people found exactly")
        // No record is linked to another person's.
        let person = Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0.person) })
        let wrong = found.filter { Set($0.map { person[$0]! }).count > 1 }
        #expect(wrong.count <= truth.count / 200, "\(wrong.count) entities mix people")
        #expect(result.model.prior > 0 && result.model.prior < 0.01)
        #expect(result.pairsByRule.reduce(0, +) == result.pairsCompared)
        // Every pair sharing an identity number was compared (the id rule) and all are matches:
        // u of its exact level is counted, below what 50,000 random pairs could show.
        let n = Double(records.count)
        #expect(result.model.u[2][0] <= 0.5 / (n * (n - 1) / 2) * 1.0001, "\(result.model.u[2])")
        #expect(abs(result.model.u[2].reduce(0, +) - 1) < 1e-9)
    }

    @Test func agreeingOnARareNameWeighsMoreThanOnACommonOne() throws {
        // Forty people called Nguyễn Văn An, among the others.
        var records = Self.records(people: 500, seed: 13)
        for i in 0..<40 {
            records.append(("common-\(i)", 10_000 + i, ["Nguyễn Văn An", "19\(50 + i)-03-0\(1 + i % 9)", nil, "0912\(100_000 + i)"]))
        }
        // Two pairs with the same outcomes (name and birth date exact, no id, other phones).
        records += [("A1", 20_000, ["Nguyễn Văn An", "1970-01-01", nil, "0981111111"]),
                    ("A2", 20_000, ["Nguyễn Văn An", "1970-01-01", nil, "0982222222"]),
                    ("B1", 20_001, ["Quách Bích Lụa", "1971-02-02", nil, "0983333333"]),
                    ("B2", 20_001, ["Quách Bích Lụa", "1971-02-02", nil, "0984444444"])]
        func pair(_ linker: RecordLinker, _ result: LinkageResult, _ x: String, _ y: String) -> ScoredPair? {
            let keys = linker.records.keys
            guard let a = keys.firstIndex(of: x), let b = keys.firstIndex(of: y) else { return nil }
            return result.pairs.first { Int($0.a) == min(a, b) && Int($0.b) == max(a, b) }
        }
        let (plain, p) = link(records)
        #expect(pair(plain, p, "A1", "A2")?.probability == pair(plain, p, "B1", "B2")?.probability, "the same pattern, the same score")
        let (weighed, w) = link(records, termFrequencies: true)
        let rare = try #require(pair(weighed, w, "B1", "B2"))
        #expect(rare.adjustment > 0)
        if let common = pair(weighed, w, "A1", "A2") {
            #expect(common.pattern == rare.pattern && common.adjustment < 0 && common.probability < rare.probability)
        }
        let table = try #require(w.model.frequencies[0])
        #expect(table.total == records.count)
        #expect(w.model.frequencies[1...].allSatisfy { $0 == nil })
        // The explanation carries the adjustment on the name, and adds up to the score.
        let (weights, total) = w.weights(of: rare)
        let base = w.model.weights(w.pattern(of: rare))
        #expect(abs((weights[0] ?? 0) - (base[0] ?? 0) - rare.adjustment) < 1e-9)
        #expect(abs(FellegiSunterModel.probability(weight: total) - rare.probability) < 1e-12)
    }

    @Test func theResultDoesNotDependOnThreadsOrInputOrder() {
        let records = Self.records(people: 600, seed: 5)
        let (a, one) = link(records, threads: 1)
        let (_, four) = link(records, threads: 4)
        #expect(one.labels == four.labels)
        #expect(one.pairs == four.pairs)
        let (b, reversed) = link(records.reversed())
        #expect(Self.partition(a.records.keys, one.labels) == Self.partition(b.records.keys, reversed.labels))
    }

    @Test(arguments: [false, true])
    func everyKeptPairIsExplainedByItsWeights(termFrequencies: Bool) {
        let (_, result) = link(Self.records(people: 400, seed: 9), termFrequencies: termFrequencies)
        #expect(!result.pairs.isEmpty)
        for pair in result.pairs.prefix(200) {
            let (weights, total) = result.weights(of: pair)
            #expect(abs(weights.compactMap { $0 }.reduce(log2(result.model.prior / (1 - result.model.prior)), +) - total) < 1e-9)
            #expect(abs(result.model.matchWeight(result.pattern(of: pair)) + pair.adjustment - total) < 1e-9)
            #expect(abs(FellegiSunterModel.probability(weight: total) - pair.probability) < 1e-12)
            #expect(pair.probability >= 0.5 && pair.a < pair.b)
            if !termFrequencies { #expect(pair.adjustment == 0) }
        }
    }

    @Test func blocksOverTheLimitAreCountedNotExpanded() {
        let (_, result) = link(Self.records(people: 300, seed: 11), maxBlock: 3)
        #expect(result.skippedBlocks > 0 && result.skippedRecords > 3 * result.skippedBlocks - 1)
    }
}

extension String {
    /// Two digits, zero-padded.
    fileprivate init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
