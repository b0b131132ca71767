@testable import Cleanse
import Core
import Foundation
import PropertyBased
import Testing

/// The Vietnamese vowels with their tones (none, huyền, sắc, hỏi, ngã, nặng), in the order of
/// the letter codes, then đ.
let vietnameseLetterRows = [
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
    "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ", "đ",
]

/// The 134 Vietnamese letters with a diacritic, lower case then upper case.
let vietnameseMarkedLetters: [Character] = {
    let lower = vietnameseLetterRows.flatMap { $0 }.filter { !$0.isASCII }
    return lower + lower.map { Character($0.uppercased()) }
}()

private func title(_ s: String, onInvalid: OnInvalid = .quarantine) -> Result<String, RuleFailure> {
    var v: String? = s
    if let failure = PersonNameRule(onInvalid: onInvalid).apply(&v) {
        #expect(v == s, "a refused value is left as it was")
        return .failure(failure)
    }
    return .success(v!)
}

/// Title case by the standard library, for values of letters, spaces and - ' ’ ʼ . only.
private func referenceTitle(_ s: String) -> String {
    var out = ""
    var start = true
    for ch in s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") {
        if ch.isLetter {
            out += start ? ch.uppercased() : ch.lowercased()
            start = false
        } else {
            out.append(ch)
            start = true
        }
    }
    return out
}

@Suite struct VietnameseLetterTableTests {
    @Test func thereAre134MarkedLetters() {
        #expect(vietnameseMarkedLetters.count == 134)
        #expect(Set(vietnameseMarkedLetters).count == 134)
        #expect(vietnameseMarkedLetters.allSatisfy { $0.unicodeScalars.count == 1 })
    }

    @Test func codesFollowTheRows() {
        for (base, row) in vietnameseLetterRows.enumerated() {
            for (tone, letter) in row.enumerated() {
                for upper in [false, true] {
                    let text = upper ? letter.uppercased() : String(letter)
                    let code = VietnameseLetters.code(base: base, tone: tone, upper: upper)
                    #expect(VietnameseLetters.scalars[code] == text.unicodeScalars.first!.value, "\(text)")
                    #expect(VietnameseLetters.base(code) == base && VietnameseLetters.tone(code) == tone)
                    #expect(VietnameseLetters.isUpper(code) == upper)
                    #expect(VietnameseLetters.length(code) == text.utf8.count)
                    let decoded = Array(text.utf8).withUnsafeBufferPointer { VietnameseLetters.decode($0, at: 0) }
                    #expect(decoded.code == code && decoded.length == text.utf8.count, "\(text)")
                    var out = [UInt8](repeating: 0, count: 4)
                    let n = out.withUnsafeMutableBufferPointer { VietnameseLetters.write(code, to: $0, at: 0) }
                    #expect(Array(out[..<n]) == Array(text.utf8))
                }
            }
        }
    }

    @Test func caseMatchesTheStandardLibrary() {
        for letter in vietnameseMarkedLetters {
            let code = Array(String(letter).utf8).withUnsafeBufferPointer { VietnameseLetters.decode($0, at: 0).code }
            let upper = Unicode.Scalar(VietnameseLetters.scalars[VietnameseLetters.upper(code)])!
            let lower = Unicode.Scalar(VietnameseLetters.scalars[VietnameseLetters.lower(code)])!
            #expect(String(upper) == letter.uppercased())
            #expect(String(lower) == letter.lowercased())
        }
    }

    @Test func noOtherScalarDecodesAsALetter() {
        let letters = Set(vietnameseLetterRows.flatMap { $0 }.flatMap { [String($0), $0.uppercased()] })
        for v in Array(0...0x2FF) + Array(0x1E00...0x1EFF) + [0x20AC, 0xFEFF, 0x1F600] {
            let s = String(Unicode.Scalar(UInt32(v))!)
            let (code, length) = Array(s.utf8).withUnsafeBufferPointer { VietnameseLetters.decode($0, at: 0) }
            #expect(length == s.utf8.count)
            #expect((code >= 0) == letters.contains(s), "U+\(String(v, radix: 16))")
        }
    }
}

/// A row of Tests/Fixtures/names/person_names.tsv.
struct PersonNameFixture: CustomTestStringConvertible, Sendable {
    var input: String, expected: String?, note: String
    var testDescription: String { note }

    static let all: [PersonNameFixture] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/names/person_names.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return PersonNameFixture(input: f[0], expected: f[1] == "!" ? nil : f[1], note: f[2])
        }
    }()
}

@Suite struct PersonNameRuleTests {
    @Test func theFixtureIsRead() {
        #expect(PersonNameFixture.all.count == 37)
    }

    @Test(arguments: PersonNameFixture.all)
    func fixtureNames(_ row: PersonNameFixture) throws {
        if let expected = row.expected {
            #expect(try title(row.input).get() == expected)
            #expect(try title(expected).get() == expected)
        } else {
            #expect(title(row.input).failure?.reason == .invalidName)
        }
    }

    @Test(arguments: [
        ("NGUYỄN văn  an", "Nguyễn Văn An"),
        ("  trần   THỊ\tthu  thủy ", "Trần Thị Thu Thủy"),
        ("ĐẶNG THỊ ÁNH", "Đặng Thị Ánh"),
        ("đặng", "Đặng"),
        ("ưng hoàng phúc", "Ưng Hoàng Phúc"),
        ("ỨNG VĂN ỔN", "Ứng Văn Ổn"),
        ("lê\u{00A0}văn\u{2003}tám", "Lê Văn Tám"),
        ("lê-nguyễn hoàng", "Lê-Nguyễn Hoàng"),
        ("h'hen niê", "H'Hen Niê"),
        ("KSOR H’BƠ", "Ksor H’Bơ"),
        ("o'brien", "O'Brien"),
        ("y wang", "Y Wang"),
        ("nguyễn v. an", "Nguyễn V. An"),
        ("JOSÉ GARCÍA", "José García"),
        ("müller", "Müller"),
        ("ÉLODIE ŒUVRE", "Élodie Œuvre"),
        ("y ŏng", "Y Ŏng"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("a", "A"),
        ("", ""),
        ("   ", ""),
    ])
    func namesComeOutInTitleCase(_ input: String, _ expected: String) throws {
        #expect(try title(input).get() == expected)
    }

    @Test func everyMarkedLetterTakesBothCases() throws {
        for letter in vietnameseMarkedLetters {
            let word = String(letter) + String(letter) + " " + String(letter)
            let expected = letter.uppercased() + letter.lowercased() + " " + letter.uppercased()
            #expect(try title(word).get() == expected)
            #expect(try title(word.uppercased()).get() == expected)
            #expect(try title(word.lowercased()).get() == expected)
        }
    }

    @Test func decomposedMarksStayWithTheirLetters() throws {
        let nfd = "NGUYỄN văn an".decomposedStringWithCanonicalMapping
        let out = try title(nfd).get()
        #expect(out.unicodeScalars.elementsEqual("Nguyễn Văn An".decomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test(arguments: [
        ("Nguyễn Văn 3", "'3' at character 12"),
        ("an@gmail.com", "'@' at character 3"),
        ("Lê, Văn", "',' at character 3"),
        ("Nguyễn (An)", "'(' at character 8"),
        ("李小龙", "'李' at character 1"),
        ("Иван", "'И' at character 1"),
        ("An 😀", "'😀' at character 4"),
        ("Lê\u{0007}", "U+0007 at character 3"),
        ("\u{0301}An", "U+0301 at character 1"),
        ("Lê - \u{0301}", "U+0301 at character 6"),
        ("Nguyễn × Lê", "'×' at character 8"),
        ("Trần Thị B°", "'°' at character 11"),
    ])
    func impossibleCharactersAreInvalidNames(_ input: String, _ found: String) throws {
        let failure = try #require(title(input).failure)
        #expect(failure.reason == .invalidName)
        #expect(failure.reason.rawValue == "invalid_name")
        #expect(failure.detail == "expected a person's name (letters, spaces, hyphens, apostrophes, periods), found \(found)")
        #expect(!failure.flagOnly)
    }

    @Test(arguments: ["-", "'", " . ", "- '"])
    func aNameNeedsALetter(_ input: String) throws {
        let failure = try #require(title(input).failure)
        #expect(failure.reason == .invalidName)
        #expect(failure.detail == "expected a person's name, found no letter")
    }

    @Test func flagLeavesTheValueAndOnlyFlags() throws {
        let failure = try #require(title("Nguyễn Văn 3", onInvalid: .flag).failure)
        #expect(failure.flagOnly)
        #expect(failure.reason == .invalidName)
        #expect(try title("NGUYỄN văn an", onInvalid: .flag).get() == "Nguyễn Văn An")
    }

    @Test func noValueStaysNoValue() {
        var v: String?
        #expect(PersonNameRule().apply(&v) == nil)
        #expect(v == nil)
    }

    /// Letters whose case mappings change their length or add a mark.
    @Test(arguments: [
        ("ǰane", "J̌ane"), ("ŉa", "ʼNa"), ("aŉ", "Aŉ"), ("ßa", "Ssa"), ("aß", "Aß"), ("İSTANBUL", "İstanbul"),
        ("AȺ", "AȺ"), ("ȺA", "Ⱥa"), ("ǆ", "ǅ"), ("ǄA", "ǅa"),
    ])
    func otherLatinLettersUseTheirUnicodeMappings(_ input: String, _ expected: String) throws {
        let out = try title(input).get()
        #expect(out == expected)
        #expect(try title(out).get() == out)
    }

    static let pieces = [
        "NGUYỄN", "nguyễn", "Văn", "THỊ", "thủy", "Đặng", "đ", "ư", "Ơ", "  ", "\t", "\u{00A0}", " ", "-", "'", "’",
        ".", "a", "Z", "w", "é", "Ö", "ß", "ŉ", "ǰ", "İ", "Ⱥ", "ǅ", "\u{0303}", "e\u{0302}", "3", "@",
    ]

    @Test func isIdempotent() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...8)) { indexes in
            let s = indexes.map { Self.pieces[$0] }.joined()
            switch title(s) {
            case .success(let once):
                #expect((try? title(once).get()) == once, "\(s.debugDescription)")
            case .failure(let failure):
                #expect(failure.reason == .invalidName)
            }
        }
    }

    @Test func matchesTheStandardLibrarysCaseMappingOnVietnamese() async {
        let letters = vietnameseMarkedLetters.map(String.init) + ["a", "B", "d", "Q", "y"]
        let gen = Gen.int(in: 0...(letters.count + 3)).array(of: 1...12)
        await propertyCheck(count: 500, input: gen) { indexes in
            let s = indexes.map { $0 < letters.count ? letters[$0] : [" ", "-", "'", "  "][$0 - letters.count] }.joined()
            guard s.contains(where: \.isLetter) else { return }
            #expect((try? title(s).get()) == referenceTitle(s), "\(s.debugDescription)")
        }
    }
}

/// Any scalars, with weight on the ranges the rules treat specially: (range, offset) pairs.
private let scalarRanges: [ClosedRange<UInt32>] = [
    0x41...0x7A, 0x20...0x40, 0xA0...0x24F, 0x300...0x36F, 0x1E00...0x1EFF,
    0x2000...0x206F, 0x0250...0x2FF, 0x1F600...0x1F64F, 0x1EA0...0x1EF9, 0x2C60...0x2C7F,
]
private let anyScalars = zip(Gen.int(in: 0...9), Gen.int(in: 0...0xFFFF)).array(of: 0...12)

private func scalarString(_ picks: [(Int, Int)]) -> String {
    picks.map { range, offset in
        let r = scalarRanges[range]
        return String(Unicode.Scalar(r.lowerBound + UInt32(offset) % UInt32(r.count)) ?? " ")
    }.joined()
}

extension PersonNameRuleTests {
    @Test func anyTextIsTitledIdempotentlyOrRefused() async {
        await propertyCheck(count: 1000, input: anyScalars) { picks in
            let s = scalarString(picks)
            switch title(s) {
            case .success(let once): #expect((try? title(once).get()) == once, "\(s.debugDescription)")
            case .failure(let failure): #expect(failure.reason == .invalidName)
            }
        }
    }
}

@Suite struct PersonNameRuleCompileTests {
    private func compile(_ rule: String) -> (rule: (any FieldRule)?, problems: [Diagnostic]) {
        let (spec, log) = parseFieldRules("[\(rule)]")
        guard let spec, let ruleSpec = spec.cleanse.fields.first?.rules.first else { return (nil, log.diagnostics) }
        return (PersonNameRule.compile(ruleSpec, log: log), log.diagnostics)
    }

    @Test func compilesWithAndWithoutOptions() throws {
        let (plain, p1) = compile("person_name")
        #expect(p1.isEmpty)
        #expect(try #require(plain as? PersonNameRule).onInvalid == .quarantine)
        let (flag, p2) = compile("{ person_name: { on_invalid: flag } }")
        #expect(p2.isEmpty)
        #expect(try #require(flag as? PersonNameRule).onInvalid == .flag)
        #expect(flag?.name == "person_name")
    }

    @Test func aBadOnInvalidIsReportedAtTheValue() throws {
        let (_, problems) = compile("{ person_name: { on_invalid: drop } }")
        let d = try #require(problems.first)
        #expect(d.message == "expected 'on_invalid' to be one of quarantine, flag, found 'drop'")
        #expect((d.location.line, d.location.column) == (6, 38))
    }

    @Test func anUnknownKeyIsReportedAtTheKey() throws {
        let (_, problems) = compile("{ person_name: { title: true } }")
        let d = try #require(problems.first)
        #expect(d.message == "unknown key 'title' in person_name options; expected one of: on_invalid")
        #expect((d.location.line, d.location.column) == (6, 26))
    }

    @Test func optionsMustBeAMapping() throws {
        let (rule, problems) = compile("{ person_name: flag }")
        #expect(rule == nil)
        let d = try #require(problems.first)
        #expect(d.message == "expected person_name options to be a mapping, found a scalar")
        #expect((d.location.line, d.location.column) == (6, 24))
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}
