@testable import Cleanse
import Core
import PropertyBased
import Testing

/// The record-linkage building blocks: string comparators, field comparisons, the
/// Fellegi-Sunter model and its unsupervised estimation, and clustering.
@Suite struct LinkageTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    // MARK: Comparators

    @Test(arguments: [("martha", "marhta", 0.961), ("dwayne", "duane", 0.840), ("dixon", "dicksonx", 0.813),
                      ("nguyen van an", "nguyen van an", 1.0), ("abc", "xyz", 0.0)])
    func jaroWinklerMatchesTheTextbookValues(a: String, b: String, expected: Double) {
        #expect(abs(JaroWinkler.similarity(bytes(a), bytes(b)) - expected) < 0.001)
    }

    @Test(arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("nguyen", "nguyen", 0), ("tran", "trna", 2),
                      ("le thi ha", "le thi hoa", 1)])
    func levenshteinDistances(a: String, b: String, expected: Int) {
        #expect(Levenshtein.distance(bytes(a), bytes(b)) == expected)
        #expect(Levenshtein.distance(bytes(b), bytes(a)) == expected)
        #expect(Levenshtein.distance(bytes(a), bytes(b), limit: expected) == expected)
        if expected > 0 { #expect(Levenshtein.distance(bytes(a), bytes(b), limit: expected - 1) == nil) }
    }

    static let letters = Array("aabnhgt ".utf8)

    @Test func comparatorsAreSymmetricBoundedAndTheBandedDistanceIsExact() async {
        let word = Gen.int(in: 0...(Self.letters.count - 1)).array(of: 0...9).map { $0.map { Self.letters[$0] } }
        await propertyCheck(count: 1500, input: zip(word, word, Gen.int(in: 0...4))) { a, b, limit in
            let jw = JaroWinkler.similarity(a, b)
            #expect(jw >= 0 && jw <= 1 + 1e-12)
            #expect(abs(jw - JaroWinkler.similarity(b, a)) < 1e-12)
            #expect(JaroWinkler.similarity(a, a) == 1)
            let full = Levenshtein.distance(a, b)!
            #expect(full == Levenshtein.distance(b, a))
            #expect(full <= max(a.count, b.count) && full >= abs(a.count - b.count))
            #expect(Levenshtein.distance(a, b, limit: limit) == (full <= limit ? full : nil))
        }
    }

    // MARK: Field comparisons

    let name = FieldComparison(field: "name", levels: [.exact, .folded, .jaroWinkler(0.92), .jaroWinkler(0.85)])

    @Test func namesCompareByTheirStrongestLevel() {
        #expect(name.compare(PreparedValue("Nguyễn Văn An"), PreparedValue("Nguyễn Văn An")) == 0)
        #expect(name.compare(PreparedValue("Nguyễn Văn An"), PreparedValue("NGUYEN VAN  AN")) == 1)
        #expect(name.compare(PreparedValue("Nguyễn Văn An"), PreparedValue("Nguyen Van Anh")) == 2)
        #expect(name.compare(PreparedValue("Trần Thị Hà"), PreparedValue("Phạm Minh Tuấn")) == 4, "different")
        #expect(name.compare(PreparedValue("Trần Thị Hà"), PreparedValue("")) == nil, "no evidence")
        #expect(name.compare(nil, PreparedValue("Hà")) == nil)
    }

    @Test func aCCCDAndACMNDAreNoEvidenceEitherWay() {
        let id = FieldComparison(field: "id", levels: [.exact], kind: .citizenID)
        #expect(id.compare(PreparedValue("038091234512"), PreparedValue("038091234512")) == 0)
        #expect(id.compare(PreparedValue("038091234512"), PreparedValue("038091234513")) == 1)
        #expect(id.compare(PreparedValue("038091234512"), PreparedValue("172345678")) == nil)
    }

    @Test func datesAndPhones() {
        let date = FieldComparison(field: "birth", levels: [.exact, .datePartial, .sameYear])
        #expect(date.compare(PreparedValue("1990-03-05"), PreparedValue("1990-03-05")) == 0)
        #expect(date.compare(PreparedValue("1990-03-05"), PreparedValue("1990-05-03")) == 1, "day and month swapped")
        #expect(date.compare(PreparedValue("1990-03-05"), PreparedValue("1990-03-25")) == 1)
        #expect(date.compare(PreparedValue("1990-03-05"), PreparedValue("1990-11-25")) == 2)
        #expect(date.compare(PreparedValue("1990-03-05"), PreparedValue("1991-03-05")) == 3)
        let phone = FieldComparison(field: "phone", levels: [.exact, .lastDigits(9)])
        #expect(phone.compare(PreparedValue("0912345678"), PreparedValue("+84912345678")) == 1)
        #expect(phone.compare(PreparedValue("0912345678"), PreparedValue("0912345679")) == 2)
    }

    @Test func aDroppedMiddleNameAgreesOnTheFirstAndLastWords() {
        let name = FieldComparison(field: "name", levels: [.exact, .folded, .firstLastWords])
        #expect(name.compare(PreparedValue("Nguyễn Mai Phượng"), PreparedValue("Nguyễn Phượng")) == 2)
        #expect(name.compare(PreparedValue("Nguyen Mai Phuong"), PreparedValue("NGUYỄN THỊ PHƯỢNG")) == 2, "a middle name changed")
        #expect(name.compare(PreparedValue("Nguyễn Mai Phượng"), PreparedValue("Nguyễn Phúc")) == 3, "another given name")
        #expect(name.compare(PreparedValue("Nguyễn Mai Phượng"), PreparedValue("Trần Mai Phượng")) == 3, "another family")
        #expect(name.compare(PreparedValue("Lê An"), PreparedValue("Lê Văn Anh")) == 3, "a prefix of the given name is not it")
    }

    @Test func aBirthYearOffByOneKeepsTheDayAndMonth() {
        let date = FieldComparison(field: "birth", levels: [.exact, .yearsApart(1), .sameYear])
        #expect(date.compare(PreparedValue("1979-07-04"), PreparedValue("1980-07-04")) == 1)
        #expect(date.compare(PreparedValue("2000-02-29"), PreparedValue("1999-02-29")) == 1)
        #expect(date.compare(PreparedValue("1979-07-04"), PreparedValue("1981-07-04")) == 3, "two years apart")
        #expect(date.compare(PreparedValue("1979-07-04"), PreparedValue("1980-07-05")) == 3, "another day")
        #expect(date.compare(PreparedValue("1979-07-04"), PreparedValue("1979-07-09")) == 2, "the same year only")
        #expect(date.compare(PreparedValue("197x-07-04"), PreparedValue("1979-07-04")) == 3, "not a year")
        #expect(FieldComparison(field: "birth", levels: [.yearsApart(3)]).compare(PreparedValue("1979-07-04"), PreparedValue("1982-07-04")) == 0)
    }

    // MARK: Fellegi-Sunter

    /// Pairs drawn from a known model: `prior` matches, outcomes drawn from `m` or `u`.
    func simulate(_ truth: FellegiSunterModel, pairs: Int, seed: UInt64) -> (patterns: [ComparisonPattern: Int], random: [ComparisonPattern]) {
        var rng = SeededGenerator(seed: seed)
        func draw(_ p: [Double]) -> Int8 {
            let x = rng.unit()
            var acc = 0.0
            for (i, q) in p.enumerated() {
                acc += q
                if x < acc { return Int8(i) }
            }
            return Int8(p.count - 1)
        }
        var patterns: [ComparisonPattern: Int] = [:]
        for _ in 0..<pairs {
            let match = rng.unit() < truth.prior
            let probs = match ? truth.m : truth.u
            patterns[ComparisonPattern(probs.map(draw)), default: 0] += 1
        }
        let random = (0..<pairs).map { _ in ComparisonPattern(truth.u.map(draw)) }
        return (patterns, random)
    }

    @Test func expectationMaximisationRecoversTheModelWithoutLabels() {
        let comparisons = [name, FieldComparison(field: "birth", levels: [.exact, .datePartial]),
                           FieldComparison(field: "phone", levels: [.exact])]
        var truth = FellegiSunterModel(comparisons: comparisons, prior: 0.2)
        truth.m = [[0.70, 0.15, 0.08, 0.04, 0.03], [0.85, 0.10, 0.05], [0.60, 0.40]]
        truth.u = [[0.002, 0.003, 0.01, 0.03, 0.955], [0.01, 0.04, 0.95], [0.02, 0.98]]
        let (patterns, random) = simulate(truth, pairs: 200_000, seed: 7)
        var model = FellegiSunterModel(comparisons: comparisons)
        model.u = FellegiSunterModel.estimateU(comparisons: comparisons, randomPairs: random)
        let iterations = model.estimate(from: patterns)
        #expect(iterations < 100, "converges")
        #expect(abs(model.prior - 0.2) < 0.01, "prior \(model.prior)")
        for k in truth.m.indices {
            for l in truth.m[k].indices {
                #expect(abs(model.m[k][l] - truth.m[k][l]) < 0.02, "m[\(k)][\(l)] = \(model.m[k][l]), truth \(truth.m[k][l])")
            }
        }
        // Agreement weighs for a match, difference against.
        let agree = ComparisonPattern([0, 0, 0]), differ = ComparisonPattern([4, 2, 1])
        #expect(model.probability(agree) > 0.999)
        #expect(model.probability(differ) < 0.001)
        #expect(model.weights(ComparisonPattern([0, -1, 1]))[1] == nil, "no evidence, no weight")
    }

    // MARK: Clustering

    @Test func clustersDoNotDependOnTheOrderOfPairs() async {
        let pair = zip(Gen.int(in: 0...29), Gen.int(in: 0...29))
        await propertyCheck(count: 300, input: zip(pair.array(of: 0...40), Gen.int(in: 0...1000))) { pairs, seed in
            var a = EntityClusters(count: 30)
            for (x, y) in pairs { a.union(x, y) }
            var shuffled = pairs
            var rng = SeededGenerator(seed: UInt64(seed))
            shuffled.shuffle(using: &rng)
            var b = EntityClusters(count: 30)
            for (x, y) in shuffled { b.union(y, x) }
            let labels = a.labels()
            #expect(labels == b.labels())
            for (x, y) in pairs { #expect(labels[x] == labels[y]) }
            for (i, l) in labels.enumerated() { #expect(l <= i, "named by the smallest index") }
        }
    }
}
