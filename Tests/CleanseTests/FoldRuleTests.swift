import Cleanse
import Core
import Foundation
import PropertyBased
import Testing

private func fold(_ s: String) -> String {
    var v: String? = s
    #expect(FoldRule().apply(&v) == nil)
    return v!
}

/// The folded form by definition: lower case (full Unicode mapping), canonical decomposition,
/// combining marks U+0300–U+036F dropped, đ and ð as d, white space collapsed.
private func referenceFold(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    var pending = false
    for u in s.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
        if u.properties.isWhitespace {
            pending = !out.isEmpty
            continue
        }
        if (0x300...0x36F).contains(u.value) { continue }
        if pending { out.append(" "); pending = false }
        out.append(u == "đ" || u == "ð" ? "d" : u)
    }
    return String(out)
}

@Suite struct FoldRuleTests {
    @Test(arguments: [
        ("Nguyễn  Thị Thuỷ", "nguyen thi thuy"),
        ("Hòa", "hoa"), ("hoà", "hoa"), ("HOÀ", "hoa"),
        ("ĐẶNG VĂN ĐÔNG", "dang van dong"),
        ("Ưng Quỳnh Ơn Ấn Ặn Ữ", "ung quynh on an an u"),
        ("  Lê\u{00A0}Văn\tTám \n", "le van tam"),
        ("P.Hòa-Bình, Q.3", "p.hoa-binh, q.3"),
        ("José Müller Çelik Ñandú Şahin", "jose muller celik nandu sahin"),
        ("Ð Đ ð đ", "d d d d"),
        ("Ø ÆSIR Straße", "ø æsir straße"),
        ("Ǽ ǣ Ǿ ẛ", "æ æ ø ſ"),
        ("ПЁТР", "пётр"),
        ("İzmir", "izmir"),
        ("abc def", "abc def"),
        ("ABC", "abc"),
        ("", ""),
        ("   ", ""),
    ])
    func valuesFold(_ input: String, _ expected: String) {
        #expect(fold(input) == expected)
    }

    @Test func toneStylesFoldAlike() {
        #expect(fold("Khánh Hòa, Lệ Thủy") == fold("Khánh Hoà, Lệ Thuỷ"))
    }

    @Test func decomposedTextFoldsAsComposed() {
        let s = "Nguyễn Thị Thuỷ ĐẶNG ƯỚC"
        #expect(fold(s.decomposedStringWithCanonicalMapping) == "nguyen thi thuy dang uoc")
        // Unikey's "Unicode tổ hợp": vowel marks precomposed, tones combining.
        #expect(fold("Nguy\u{EA}\u{303}n") == "nguyen")
    }

    @Test func everyVietnameseLetterFoldsToItsBase() {
        let bases: [Character] = ["a", "a", "a", "e", "e", "i", "o", "o", "o", "u", "u", "y", "d"]
        for (row, base) in zip(vietnameseLetterRows, bases) {
            for letter in row {
                #expect(fold(String(letter)) == String(base))
                #expect(fold(letter.uppercased()) == String(base))
            }
        }
    }

    @Test func theLatinTableAgreesWithTheDecompositions() {
        for v in Array(0xC0...0x24F) + Array(0x1E00...0x1EFF) {
            let s = String(Unicode.Scalar(UInt32(v))!)
            #expect(fold(s) == referenceFold(s), "U+\(String(v, radix: 16, uppercase: true))")
            let nfd = s.decomposedStringWithCanonicalMapping
            #expect(fold(nfd) == fold(s), "U+\(String(v, radix: 16, uppercase: true)) decomposed")
        }
    }

    static let pieces = [
        "Nguyễn", "Nguye\u{0302}\u{0303}n", "  ", "\t", "\u{00A0}", "\u{3000}", "Đặng", "thi\u{0323}", "VĂN", "Hòa",
        "hoa\u{0300}", ",", "-", "a", "Z", "3", " ", "Æ", "ß", "Ⱥ", "İ", "Ǽ", "ǰ", "Я", "\u{0301}", "😀", "Ð",
    ]

    @Test func isIdempotentAndMatchesTheDefinition() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...8)) { indexes in
            let s = indexes.map { Self.pieces[$0] }.joined()
            let once = fold(s)
            #expect(fold(once) == once, "\(s.debugDescription)")
            #expect(once == referenceFold(s), "\(s.debugDescription)")
        }
    }

    @Test func noValueStaysNoValue() {
        var v: String?
        #expect(FoldRule().apply(&v) == nil)
        #expect(v == nil)
        #expect(FoldRule().name == "fold")
    }
}

/// Any scalars, with weight on the ranges the rules treat specially: (range, offset) pairs.
private let scalarRanges: [ClosedRange<UInt32>] = [
    0x20...0x7E, 0x00...0x1F, 0xA0...0x24F, 0x300...0x36F, 0x1E00...0x1EFF,
    0x2000...0x206F, 0x3000...0x303F, 0x1F600...0x1F64F, 0x0250...0x2FF, 0x2C60...0x2C7F,
]
private let anyScalars = zip(Gen.int(in: 0...9), Gen.int(in: 0...0xFFFF)).array(of: 0...12)

private func scalarString(_ picks: [(Int, Int)]) -> String {
    picks.map { range, offset in
        let r = scalarRanges[range]
        return String(Unicode.Scalar(r.lowerBound + UInt32(offset) % UInt32(r.count)) ?? " ")
    }.joined()
}

extension FoldRuleTests {
    @Test func anyTextFoldsIdempotently() async {
        await propertyCheck(count: 1000, input: anyScalars) { picks in
            let s = scalarString(picks)
            let once = fold(s)
            #expect(fold(once) == once, "\(s.debugDescription)")
            #expect(once == referenceFold(s), "\(s.debugDescription)")
        }
    }
}

@Suite struct FoldRuleCompileTests {
    private func compile(_ rule: String) -> (rule: (any FieldRule)?, problems: [Diagnostic]) {
        let (spec, log) = parseFieldRules("[\(rule)]")
        guard let spec, let ruleSpec = spec.cleanse.fields.first?.rules.first else { return (nil, log.diagnostics) }
        return (FoldRule.compile(ruleSpec, log: log), log.diagnostics)
    }

    @Test func compilesWithoutOptions() {
        let (rule, problems) = compile("fold")
        #expect(problems.isEmpty)
        #expect(rule is FoldRule)
    }

    @Test func optionsAreRefusedAtTheirPosition() throws {
        let (rule, problems) = compile("{ fold: { lower: true } }")
        #expect(rule == nil)
        let d = try #require(problems.first)
        #expect(d.message == "rule 'fold' takes no options; write it as '- fold'")
        #expect((d.location.line, d.location.column) == (6, 17))
    }
}
