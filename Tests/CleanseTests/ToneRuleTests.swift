import Cleanse
import Core
import Foundation
import PropertyBased
import Testing

/// One line of reference/encodings/tone_placement_pairs.tsv.
private struct TonePair: CustomTestStringConvertible {
    var old: String, new: String, differs: Bool, context: String
    var testDescription: String { "\(old) / \(new) (\(context))" }
}

private let tonePairs: [TonePair] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("reference/encodings/tone_placement_pairs.tsv")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").dropFirst().map { line in
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return TonePair(old: f[0], new: f[1], differs: f[2] == "yes", context: f[5])
    }
}()

private func tone(_ s: String, _ style: ToneRule.Style) -> String {
    var v: String? = s
    #expect(ToneRule(style: style).apply(&v) == nil)
    return v!
}

/// The lower-case vowels with their tones: none, huyền, sắc, hỏi, ngã, nặng.
private let toneRows: [Character: [Character]] = [
    "o": ["o", "ò", "ó", "ỏ", "õ", "ọ"], "u": ["u", "ù", "ú", "ủ", "ũ", "ụ"],
    "a": ["a", "à", "á", "ả", "ã", "ạ"], "e": ["e", "è", "é", "ẻ", "ẽ", "ẹ"], "y": ["y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"],
]

private func cased(_ s: String, _ casing: Int) -> String {
    switch casing {
    case 0: return s
    case 1: return s.prefix(1).uppercased() + s.dropFirst()
    default: return s.uppercased()
    }
}

@Suite struct ToneRuleTests {
    @Test func theReferenceTableHasItsPairsAndControls() {
        #expect(tonePairs.filter(\.differs).count == 66)
        #expect(tonePairs.filter { !$0.differs }.count == 14)
    }

    @Test(arguments: tonePairs.filter(\.differs))
    fileprivate func everyPairConvertsBothWays(_ pair: TonePair) {
        #expect(tone(pair.old, .new) == pair.new)
        #expect(tone(pair.new, .old) == pair.old)
        #expect(tone(pair.old, .old) == pair.old)
        #expect(tone(pair.new, .new) == pair.new)
    }

    @Test(arguments: tonePairs.filter { !$0.differs })
    fileprivate func controlWordsNeverChange(_ pair: TonePair) {
        #expect(pair.old == pair.new)
        for style in ToneRule.Style.allCases {
            #expect(tone(pair.old, style) == pair.old)
            #expect(tone(pair.old.uppercased(), style) == pair.old.uppercased())
        }
    }

    /// oa, oe, uy in all five tones, lower, title and upper case, after every initial consonant.
    @Test(arguments: ["oa", "oe", "uy"])
    func everyToneAndCaseMoves(_ rime: String) {
        let (v1, v2) = (rime.first!, rime.last!)
        for initial in ["", "b", "ch", "đ", "gh", "h", "kh", "l", "ng", "ngh", "nh", "ph", "s", "th", "tr", "x"] {
            for t in 1...5 {
                let old = initial + String(toneRows[v1]![t]) + String(v2)
                let new = initial + String(v1) + String(toneRows[v2]![t])
                for casing in 0...2 {
                    #expect(tone(cased(old, casing), .new) == cased(new, casing), "\(old) \(casing)")
                    #expect(tone(cased(new, casing), .old) == cased(old, casing), "\(new) \(casing)")
                }
            }
        }
    }

    @Test func eachLetterKeepsItsCase() {
        #expect(tone("hÒa", .new) == "hOà")
        #expect(tone("HòA", .new) == "HoÀ")
        #expect(tone("ỦY", .new) == "UỶ")
        #expect(tone("uỶ", .old) == "ủY")
    }

    @Test(arguments: [
        // closed syllables
        "hoàng", "toán", "khoét", "hoạch", "tuần", "Hoàng", "HOÀNG", "khoảng", "thuyền", "huých",
        // qu + y, qu + a, and the typing errors that look like the other style
        "quý", "Quý", "QUÝ", "quỳnh", "quả", "qúy", "qùy", "Qủy",
        // gi + vowel
        "già", "giữa", "gìa", "giò",
        // ua, ưa, ia and the other diphthongs
        "của", "mùa", "lửa", "bìa", "biển", "yến", "nhuộm", "được", "thuế", "thuở",
        // three vowel letters
        "ngoài", "xoáy", "khuya", "khuỷu", "ngoẻo", "oái", "uỷu", "khoèo",
        // foreign words and non-initials before the pair
        "wòa", "zúy", "fỏe", "jùy", "bròa", "ìòa", "eủy",
        // digits next to the syllable
        "hòa2", "2hòa", "thủy9", "9hoà",
    ])
    func syllablesOutsideTheRuleNeverChange(_ word: String) {
        for style in ToneRule.Style.allCases {
            #expect(tone(word, style) == word)
        }
    }

    @Test(arguments: [
        ("Ủy ban nhân dân tỉnh Khánh Hòa", "Uỷ ban nhân dân tỉnh Khánh Hoà"),
        ("Thôn Hòa Bình, xã Lệ Thủy, huyện Lệ Thủy", "Thôn Hoà Bình, xã Lệ Thuỷ, huyện Lệ Thuỷ"),
        ("Thanh Hóa và Thanh Hoá", "Thanh Hoá và Thanh Hoá"),
        ("Hòa-Bình (hòa) “Thủy” hòa.", "Hoà-Bình (hoà) “Thuỷ” hoà."),
        ("hòa\u{00A0}giải\thòa\nthủy", "hoà\u{00A0}giải\thoà\nthuỷ"),
        ("Hòa,Thủy;Khỏe–Khóe", "Hoà,Thuỷ;Khoẻ–Khoé"),
        ("Nguyễn Thị Thúy, Lê Văn Thụy, TRẦN THỊ THỦY", "Nguyễn Thị Thuý, Lê Văn Thuỵ, TRẦN THỊ THUỶ"),
        ("sức khỏe, hóa đơn, quý khách, hoàng hôn", "sức khoẻ, hoá đơn, quý khách, hoàng hôn"),
        ("ủy", "uỷ"),
        ("", ""),
        ("abc 123", "abc 123"),
    ])
    func sentencesAndNames(_ old: String, _ new: String) {
        #expect(tone(old, .new) == new)
        #expect(tone(new, .old) == old.replacingOccurrences(of: "Thanh Hoá", with: "Thanh Hóa"))
    }

    @Test func decomposedTextIsLeftAlone() {
        for pair in tonePairs {
            for word in [pair.old, pair.new] {
                let nfd = word.decomposedStringWithCanonicalMapping
                for style in ToneRule.Style.allCases {
                    #expect(tone(nfd, style).unicodeScalars.elementsEqual(nfd.unicodeScalars), "\(pair.context)")
                }
            }
        }
        // Unikey's "Unicode tổ hợp": precomposed vowel marks, tones as combining marks.
        let toHop = "Thu\u{309}y ho\u{300}a kho\u{309}e"
        for style in ToneRule.Style.allCases {
            #expect(tone(toHop, style).unicodeScalars.elementsEqual(toHop.unicodeScalars))
        }
    }

    @Test func noValueStaysNoValue() {
        var v: String?
        #expect(ToneRule(style: .new).apply(&v) == nil)
        #expect(v == nil)
    }

    static let pieces = [
        "hòa", "hoà", "HÒA", "Hoà", "thủy", "thuỷ", "ỦY", "Uỷ", "khỏe", "khoẻ", "quý", "qúy", "hoàng", "ngoài",
        "khuỷu", "của", " ", ",", "-", "\u{00A0}", "2", "a", "o", "u", "y", "ò", "ủ", "à", "ỷ", "ẻ", "Ð", "đ", "q",
        "ho\u{300}a", "\u{0301}", "“",
    ]

    @Test func isIdempotentAndStyleConversionsCompose() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...10)) { indexes in
            let s = indexes.map { Self.pieces[$0] }.joined()
            let new = tone(s, .new), old = tone(s, .old)
            #expect(tone(new, .new) == new, "\(s.debugDescription)")
            #expect(tone(old, .old) == old, "\(s.debugDescription)")
            #expect(tone(new, .old) == old, "\(s.debugDescription)")
            #expect(tone(old, .new) == new, "\(s.debugDescription)")
            // Only tone marks move: the folded letters stay.
            #expect(FoldRule.fold(new) == FoldRule.fold(s))
        }
    }
}

/// Any scalar, with weight on the ranges the rules treat specially.
/// Any scalars, with weight on the ranges the rules treat specially: (range, offset) pairs.
private let scalarRanges: [ClosedRange<UInt32>] = [
    0x20...0x7E, 0x00...0x1F, 0xA0...0x24F, 0x300...0x36F, 0x1E00...0x1EFF,
    0x2000...0x206F, 0x3000...0x303F, 0x1F600...0x1F64F, 0x0250...0x2FF, 0x0400...0x04FF,
]
private let anyScalars = zip(Gen.int(in: 0...9), Gen.int(in: 0...0xFFFF)).array(of: 0...12)

private func scalarString(_ picks: [(Int, Int)]) -> String {
    picks.map { range, offset in
        let r = scalarRanges[range]
        return String(Unicode.Scalar(r.lowerBound + UInt32(offset) % UInt32(r.count)) ?? " ")
    }.joined()
}

extension ToneRuleTests {
    @Test func anyTextIsSafeAndIdempotent() async {
        await propertyCheck(count: 1000, input: anyScalars) { picks in
            let s = scalarString(picks)
            let new = tone(s, .new), old = tone(s, .old)
            #expect(tone(new, .new) == new && tone(old, .old) == old, "\(s.debugDescription)")
            #expect(tone(new, .old) == old && tone(old, .new) == new, "\(s.debugDescription)")
        }
    }
}

@Suite struct ToneRuleCompileTests {
    private func compile(_ rule: String) -> (rule: (any FieldRule)?, problems: [Diagnostic]) {
        let (spec, log) = parseFieldRules("[\(rule)]")
        guard let spec, let ruleSpec = spec.cleanse.fields.first?.rules.first else { return (nil, log.diagnostics) }
        return (ToneRule.compile(ruleSpec, log: log), log.diagnostics)
    }

    @Test func bothStylesCompile() throws {
        for style in ["new", "old"] {
            let (rule, problems) = compile("{ tone: { style: \(style) } }")
            #expect(problems.isEmpty)
            let tone = try #require(rule as? ToneRule)
            #expect(tone.style.rawValue == style)
            #expect(tone.name == "tone")
        }
    }

    @Test func aStyleIsRequired() throws {
        let (rule, problems) = compile("tone")
        #expect(rule == nil)
        let d = try #require(problems.first)
        #expect(d.message.hasPrefix("rule 'tone' needs its style"))
        #expect((d.location.line, d.location.column) == (6, 9))

        let (rule2, problems2) = compile("{ tone: {} }")
        #expect(rule2 == nil)
        let d2 = try #require(problems2.first)
        #expect(d2.message.contains("missing the required key 'style'"))
        #expect((d2.location.line, d2.location.column) == (6, 17))
    }

    @Test func aBadStyleIsReportedAtTheValue() throws {
        let (rule, problems) = compile("{ tone: { style: modern } }")
        #expect(rule == nil)
        let d = try #require(problems.first)
        #expect(d.message == "expected 'style' to be one of new, old, found 'modern'")
        #expect((d.location.line, d.location.column) == (6, 26))
    }

    @Test func anUnknownKeyIsReportedAtTheKey() throws {
        let (_, problems) = compile("{ tone: { style: new, syle: old } }")
        let d = try #require(problems.first)
        #expect(d.message == "unknown key 'syle' in tone options; expected one of: style")
        #expect((d.location.line, d.location.column) == (6, 31))
    }

    @Test func optionsMustBeAMapping() throws {
        let (rule, problems) = compile("{ tone: new }")
        #expect(rule == nil)
        let d = try #require(problems.first)
        #expect(d.message == "expected tone options to be a mapping, found a scalar")
        #expect((d.location.line, d.location.column) == (6, 17))
    }
}
