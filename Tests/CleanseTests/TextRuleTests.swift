import Cleanse
import PropertyBased
import Testing

/// Vietnamese-flavoured strings: letters with and without marks (composed and decomposed),
/// and every kind of white space the exports carry.
let messyPieces = [
    "Nguyễn", "Nguye\u{0302}\u{0303}n", "  ", "\t", "\u{00A0}", "Đặng", "thi\u{0323}", "văn",
    "Hòa", "hoa\u{0300}", ",", "\n", "a", "Z", "3", " ",
]

/// A string of up to eight pieces, chosen by `indexes`.
func messy(_ indexes: [Int]) -> String { indexes.map { messyPieces[$0] }.joined() }

func applied(_ rule: some FieldRule, _ s: String?) -> String? {
    var v = s
    #expect(rule.apply(&v) == nil)
    return v
}

@Suite struct TextRuleTests {
    @Test func nfcComposesDecomposedVietnamese() {
        #expect(applied(NFCRule(), "Nguye\u{0302}\u{0303}n Thi\u{0323} Hoa\u{0300}") == "Nguyễn Thị Hoà")
        #expect(applied(NFCRule(), "Nguyễn")?.utf8.count == "Nguyễn".utf8.count)
        #expect(applied(NFCRule(), nil) == nil)
    }

    @Test func trimRemovesEveryKindOfWhiteSpaceAtTheEnds() {
        #expect(applied(TrimRule(), " \t\u{00A0}Lê  Văn\u{00A0}\r\n") == "Lê  Văn")
        #expect(applied(TrimRule(), "   ") == "")
        #expect(applied(TrimRule(), "x") == "x")
    }

    @Test func collapseSpacesLeavesSingleSpaces() {
        #expect(applied(CollapseSpacesRule(), "  Thôn 3,\t\tX.  Kim\u{00A0}Thủy  ") == "Thôn 3, X. Kim Thủy")
        #expect(applied(CollapseSpacesRule(), "a b") == "a b")
    }

    @Test func nullIfTurnsMarkersIntoNoValue() {
        let rule = NullIfRule(values: ["NULL", "-"])
        #expect(applied(rule, "NULL") == nil)
        #expect(applied(rule, "-") == nil)
        #expect(applied(rule, "0") == "0")
    }

    @Test func caseRulesKnowVietnameseLetters() {
        #expect(applied(CaseRule(upper: true), "đặng thị ánh") == "ĐẶNG THỊ ÁNH")
        #expect(applied(CaseRule(upper: false), "ĐẶNG") == "đặng")
    }

    @Test func textRulesAreIdempotent() async {
        let rules: [any FieldRule] = [NFCRule(), TrimRule(), CollapseSpacesRule(), CaseRule(upper: true), CaseRule(upper: false)]
        await propertyCheck(count: 300, input: Gen.int(in: 0...15).array(of: 0...8)) { indexes in
            let s = messy(indexes)
            for rule in rules {
                var once: String? = s
                _ = rule.apply(&once)
                var twice = once
                _ = rule.apply(&twice)
                #expect(once == twice, "\(rule.name) is not idempotent on \(s.debugDescription)")
            }
        }
    }

    @Test func textRulesKeepTheLettersTheyDoNotTouch() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...15).array(of: 0...8)) { indexes in
            let s = messy(indexes)
            var v: String? = s
            _ = NFCRule().apply(&v)
            _ = CollapseSpacesRule().apply(&v)
            let keep = { (x: String) in x.unicodeScalars.filter { !$0.properties.isWhitespace } }
            // Composition changes scalars but not the text: compare canonically.
            #expect(String(String.UnicodeScalarView(keep(v ?? ""))) == String(String.UnicodeScalarView(keep(s))))
        }
    }
}
