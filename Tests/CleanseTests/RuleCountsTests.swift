import Cleanse
import Core
import PropertyBased
import Testing

/// The cleanser's per-rule counts and values against applying each field's rules one by one
/// to a copy: seen (given a value), changed (left different text: a rewriting to canonically
/// equal text, such as NFC of decomposed text, is no change), flagged (value kept as it was),
/// rejected. The cleanser applies rules to the value read without copying it until one replaces
/// it, so the model is the plain way.
@Suite struct RuleCountsTests {
    static let yaml = csvPipeline(fields: "{ a: A, b: B, c: C }", """
        cleanse:
          fields:
            a: [nfc, trim, { null_if: ["-", "x"] }, upper]
            b: [trim, { date: { formats: ["dd/MM/yyyy"], output: date, on_invalid: flag } }, trim]
            c: [nfc, { map: { values: { "Hòa": "H", "hòa": "h", "A": "A", "": "" }, on_invalid: flag } }, { one_of: [H, h, A] }]
        load:
          tables:
            t:
              key: a
              columns: { a: text, b: text, c: text }
        """)
    static let fields = ["a", "b", "c"]
    static let pieces: [[String?]] = [
        ["hs1", " hs2 ", "-", "x", " Ho\u{0300}a ", "Hòa", "", nil],
        ["05/03/2019", " 05/03/2019", "2019-03-05", "31/02/2019", "khong", "", nil],
        ["Hòa", "Ho\u{0300}a", "hòa", "A", "B", " A", "", nil],
    ]

    @Test func countsAndValuesAreThoseOfTheRulesAppliedOneByOne() async throws {
        let (s, plan) = try compiled(Self.yaml)
        await propertyCheck(count: 80, input: Gen.int(in: 0...999).array(of: 3).array(of: 1...30)) { picks in
            let rows: [[String?]] = picks.map { p in Self.pieces.indices.map { k in Self.pieces[k][p[k] % Self.pieces[k].count] } }
            var cleanser = RecordCleanser(plan: plan, source: s.sources[0], table: s.load.tables[0])
            let out = cleanser.cleanse(batch(rows, columns: ["A", "B", "C"]))
            // The model: every field's rules one by one, on a copy, record after record until one
            // refuses it.
            var expected: [String: [CleanseStats.Rule]] = [:]
            for f in Self.fields { expected[f] = plan.rules[f]!.map { CleanseStats.Rule(name: $0.name) } }
            var kept: [[String?]] = []
            records: for row in rows {
                var values: [String?] = []
                for (i, f) in Self.fields.enumerated() {
                    var v = row[i]
                    for (k, rule) in plan.rules[f]!.enumerated() {
                        let before = v
                        if before != nil { expected[f]![k].seen += 1 }
                        if let failure = rule.apply(&v) {
                            if failure.flagOnly {
                                v = before
                                expected[f]![k].flagged += 1
                                continue
                            }
                            expected[f]![k].rejected += 1
                            continue records
                        }
                        if v != before { expected[f]![k].changed += 1 }
                    }
                    values.append(v?.isEmpty == true ? nil : v)
                }
                guard values[0] != nil else { continue }
                kept.append(values)
            }
            for f in Self.fields {
                let got = cleanser.stats.fields.first { $0.name == f }?.rules
                #expect(got == expected[f], "\(f)")
            }
            #expect(out.rows.map { Array($0) }.map { $0.map { $0.map { Array($0.utf8) } } }
                    == kept.map { $0.map { $0.map { Array($0.utf8) } } })
        }
    }
}
