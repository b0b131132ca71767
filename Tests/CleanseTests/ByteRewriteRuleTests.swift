@testable import Cleanse
import Core
import PropertyBased
import Testing

/// The byte path of `collapse_spaces`, `person_name` and `tone` (`ByteRewriteRule`) against
/// their `apply`, and a field's run of them, cleansed on bytes, against the same rules
/// applied one by one.

/// Pieces of names: white space of several kinds, decomposed marks, open `oa` `oe` `uy`
/// syllables in both tone styles, case, and characters no name has.
private let namePieces = messyPieces + [
    "NGUYỄN", "thủy", "THUỶ", "khoẻ", "Hoà", "hòa", "  ", "\u{2003}", "o'brien", "nguyễn-trần", "ǰ", "Ⱥ",
    "\u{0301}", "@", "1", "-", "é", "ß", "h'hen",
]

/// `rule.rewrite` of `s` run to the end: the value it leaves and its failure.
private func rewritten(_ rule: some ByteRewriteRule, _ s: String) -> (String, RuleFailure?) {
    let bytes = Array(s.utf8)
    return bytes.withUnsafeBufferPointer { b in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rule.capacity(forBytes: b.count)) { out in
            switch rule.rewrite(b, into: out) {
            case .same: return (s, nil)
            case .rewritten(let count): return (String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self), nil)
            case .failed(let failure): return (s, failure)
            }
        }
    }
}

/// `rule.apply` of `s`: the value it leaves and its failure.
private func applied(_ rule: some FieldRule, _ s: String) -> (String?, RuleFailure?) {
    var v: String? = s
    let failure = rule.apply(&v)
    return (v, failure)
}

/// A pipeline whose field `name` has `rules` (YAML).
private func pipeline(_ rules: String) -> String {
    """
    version: 1
    name: t
    sources: [{ name: s, path: a.csv, format: csv, fields: { code: Ma, name: Ten } }]
    cleanse:
      fields:
        name: \(rules)
    load: { tables: { t: { key: code, columns: { code: text, name: text } } } }
    """
}

@Suite struct ByteRewriteRuleTests {
    @Test func rewriteGivesWhatApplyGives() async {
        let rules: [any ByteRewriteRule] = [
            CollapseSpacesRule(), PersonNameRule(), PersonNameRule(onInvalid: .flag), ToneRule(style: .old), ToneRule(style: .new),
        ]
        await propertyCheck(count: 500, input: Gen.int(in: 0...(namePieces.count - 1)).array(of: 0...8)) { indexes in
            let s = indexes.map { namePieces[$0] }.joined()
            for rule in rules {
                let (value, failure) = rewritten(rule, s)
                let (expected, expectedFailure) = applied(rule, s)
                #expect(failure == expectedFailure, "\(rule.name) on \(s.debugDescription)")
                #expect(value.utf8.elementsEqual((expected ?? "").utf8), "\(rule.name) on \(s.debugDescription)")
            }
        }
    }

    @Test func capacityHoldsTheLongestRewriting() {
        // ǰ (two bytes) title-cased is J + U+030C (three); ŉ is ʼN.
        for s in ["ǰ", "ǰǰǰǰǰǰ", "ŉ ŉ ŉ", "hòa hòa hòa", "thủy khỏe", "a  b"] {
            for rule: any ByteRewriteRule in [CollapseSpacesRule(), PersonNameRule(), ToneRule(style: .new)] {
                let (value, _) = rewritten(rule, s)
                #expect(value.utf8.count <= rule.capacity(forBytes: s.utf8.count))
            }
        }
    }

    /// A field's `collapse_spaces`, `person_name` and `tone` run on bytes: the same values, lineage,
    /// flags, rejects and counts as when each is applied on its own (a `null_if` that matches
    /// nothing between them keeps them apart).
    @Test(arguments: ["quarantine", "flag"])
    func aRunOfByteRulesCleansesAsTheRulesOneByOne(_ onInvalid: String) async throws {
        let run = "[nfc, collapse_spaces, { person_name: { on_invalid: \(onInvalid) } }, { tone: { style: old } }]"
        let apart = "[nfc, collapse_spaces, { null_if: ['\\u0001'] }, { person_name: { on_invalid: \(onInvalid) } }, "
            + "{ null_if: ['\\u0001'] }, { tone: { style: old } }]"
        await propertyCheck(count: 100, input: Gen.int(in: 0...(namePieces.count - 1)).array(of: 0...6).array(of: 1...12)) { names in
            let rows: [[String?]] = names.enumerated().map { i, n in ["HS\(i)", n.map { namePieces[$0] }.joined()] }
            let input = batch(rows + [["HS-nil", nil]], columns: ["Ma", "Ten"])
            guard var fused = try? cleanser(pipeline(run)), var separate = try? cleanser(pipeline(apart)) else {
                Issue.record("the pipelines do not compile")
                return
            }
            let a = fused.cleanse(input), b = separate.cleanse(input)
            #expect(a.rows.map { $0.map { $0.map { Array($0.utf8) } } } == b.rows.map { $0.map { $0.map { Array($0.utf8) } } })
            #expect(a.changedColumns == b.changedColumns)
            #expect(a.originalValues == b.originalValues)
            #expect(a.flags == b.flags)
            #expect(a.rejects.map(\.reason) == b.rejects.map(\.reason))
            #expect(a.rejects.map(\.detail) == b.rejects.map(\.detail))
            let fieldA = try? #require(fused.stats.fields.first { $0.name == "name" })
            var fieldB = try? #require(separate.stats.fields.first { $0.name == "name" })
            fieldB?.rules.removeAll { $0.name == "null_if" }
            #expect(fieldA == fieldB)
        }
    }
}
