@testable import Cleanse
import PropertyBased
@_spi(_Unicode) import Swift
import Testing

/// The byte-level fast paths of `nfc`, `trim` and `collapse_spaces` against the definitions
/// they shortcut: full normalization (`_nfcCodeUnits`) and `Unicode.Scalar.Properties.isWhitespace`.

/// `s` in NFC by the standard library's full normalization.
private func fullNFC(_ s: String) -> [UInt8] { s._nfcCodeUnits }

/// `s` in NFD.
private func nfd(_ s: String) -> String { String(String.UnicodeScalarView(s._nfd)) }

/// Every scalar in `range` (surrogates skipped).
private func scalars(_ range: ClosedRange<UInt32>) -> [Unicode.Scalar] { range.compactMap(Unicode.Scalar.init) }

/// The scalars the NFC quick check accepts: below U+0300, and U+1E00–U+1EFF.
private let quickScalars = scalars(0...0x2FF) + scalars(0x1E00...0x1EFF)

/// What `nfc` gave before its fast path: full normalization of every value that is not ASCII.
private func referenceNFC(_ s: String) -> String {
    if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
    let nfc = s._nfcCodeUnits
    return nfc.elementsEqual(s.utf8) ? s : String(decoding: nfc, as: UTF8.self)
}

/// What `trim` did before its byte scan.
private func referenceTrim(_ s: String) -> String {
    let scalars = s.unicodeScalars
    guard let first = scalars.first, let last = scalars.last,
          first.properties.isWhitespace || last.properties.isWhitespace else { return s }
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[start...end])
}

/// What `collapse_spaces` did before its byte scan.
private func referenceCollapse(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    var pending = false
    for u in s.unicodeScalars {
        if u.properties.isWhitespace {
            pending = !out.isEmpty
        } else {
            if pending { out.append(" ") }
            pending = false
            out.append(u)
        }
    }
    return String(out)
}

/// Every White_Space scalar, and non-space scalars whose UTF-8 shares lead or continuation bytes
/// with them (U+0084, U+00A1, U+1681, U+200B, U+2027, U+202A, U+205E, U+3001), plus letters of
/// one to four bytes.
private let spacePieces: [String] = {
    let spaces = scalars(0...0x10FFFF).filter(\.properties.isWhitespace).map { String($0) }
    let neighbours = ["\u{0084}", "\u{00A1}", "\u{1681}", "\u{200B}", "\u{2027}", "\u{202A}", "\u{205E}", "\u{3001}",
                      "\u{1E9A}", "a", "ư", "ệ", "𝔸", "Đ", "\u{0300}", "x y"]
    return spaces + neighbours
}()

@Suite struct TextRuleFastPathTests {
    // MARK: nfc

    @Test func nfcQuickCheckAcceptsExactlyScalarsBelowU0300AndLatinExtendedAdditional() {
        for u in scalars(0...0x10FFFF) {
            let expected = u.value < 0x300 || (0x1E00...0x1EFF).contains(u.value)
            if NFCRule.isQuickNFC(String(u)) != expected {
                Issue.record("quick check wrong for U+\(String(u.value, radix: 16, uppercase: true))")
            }
        }
    }

    @Test func everyQuickScalarIsNFCAloneAndNextToEveryOther() {
        for u in quickScalars {
            #expect(fullNFC(String(u)).elementsEqual(String(u).utf8), "U+\(String(u.value, radix: 16))")
        }
        // Every ordered pair of accepted scalars, as u, x1, u, x2, u, ...: none composes or reorders.
        for u in quickScalars {
            var view = String.UnicodeScalarView()
            for x in quickScalars {
                view.append(u)
                view.append(x)
            }
            view.append(u)
            let s = String(view)
            #expect(NFCRule.isQuickNFC(s))
            #expect(fullNFC(s).elementsEqual(s.utf8), "a pair with U+\(String(u.value, radix: 16)) is not NFC")
        }
    }

    @Test func nfcAgreesWithFullNormalizationOnVietnamese() {
        let composed = [
            "Nguyễn Thị Hoà", "Đặng Văn Châu", "Số 275 đường Dũng, Thôn 6, P. Đồng Phú, TP. Đồng Hới, tỉnh Quảng Bình",
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "ĐĂNG KÝ THƯỜNG TRÚ", "Ưu tiên", "ơ ư ă â ê ô đ",
        ]
        for s in composed {
            let d = nfd(s)
            let mixed = s + " " + d + " " + s
            for v in [s, d, mixed, " " + d + "\t"] {
                let out = NFCRule.normalize(v)
                #expect(out.utf8.elementsEqual(fullNFC(v)), "\(v.debugDescription)")
                #expect(out == referenceNFC(v))
                #expect(NFCRule.normalize(out).utf8.elementsEqual(out.utf8), "not idempotent on \(v.debugDescription)")
            }
            #expect(NFCRule.isQuickNFC(s), "precomposed Vietnamese takes the fast path: \(s)")
            #expect(NFCRule.normalize(d).utf8.elementsEqual(s.utf8))
        }
    }

    @Test func nfcAgreesWithFullNormalizationOnLatinExtendedAdditionalAndCombiningMarks() {
        var cases: [String] = []
        for u in scalars(0x1EA0...0x1EF9) {
            let s = String(u)
            cases += [s, nfd(s), "x" + nfd(s) + "y", s + nfd(s), nfd(s) + "\u{0301}", s + "\u{0323}"]
        }
        for mark in scalars(0x300...0x36F) {
            let m = String(mark)
            cases += [m, "a" + m, "ơ" + m, "ư" + m + "\u{0323}", "a\u{0323}" + m, "a" + m + "\u{0323}", "\u{1EA0}" + m, m + m]
        }
        cases += ["\u{2126}", "Ohm \u{2126}", "a\u{0340}", "\u{0340}", "\u{0341}\u{0343}\u{0344}", "e\u{0302}\u{0301}",
                  "\u{1E9B}\u{0323}", "\u{212B}", "\u{FB01}", "\u{00C5}\u{030A}", "\u{1100}\u{1161}", "한국어", "日本"]
        for v in cases {
            let out = NFCRule.normalize(v)
            #expect(out.utf8.elementsEqual(fullNFC(v)), "\(v.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(out == referenceNFC(v))
            var rule: String? = v
            #expect(NFCRule().apply(&rule) == nil)
            #expect(rule?.utf8.elementsEqual(out.utf8) == true)
        }
        #expect(NFCRule.normalize("\u{2126}") == "\u{03A9}")
        #expect(NFCRule.normalize("a\u{0340}").unicodeScalars.map(\.value) == [0xE0])
    }

    @Test func nfcAgreesWithFullNormalizationOnRandomText() async {
        let pieces = messyPieces + ["\u{2126}", "\u{0340}", "\u{1EA0}", "A\u{0323}", "\u{0300}", "ự", "𝔸", "ĐẠI", "\u{00C5}"]
        await propertyCheck(count: 500, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...10)) { indexes in
            let s = indexes.map { pieces[$0] }.joined()
            let out = NFCRule.normalize(s)
            #expect(out.utf8.elementsEqual(fullNFC(s)))
            #expect(out == referenceNFC(s))
        }
    }

    // MARK: trim and collapse_spaces

    @Test func whiteSpaceOnBytesIsUnicodeWhiteSpace() {
        for u in scalars(0...0x10FFFF) {
            let s = String(u)
            let n = s.utf8.count
            let (forward, backward) = Array(s.utf8).withUnsafeBufferPointer { b in
                (RuleBytes.whitespaceLength(b, at: 0), RuleBytes.whitespaceLength(b, before: n))
            }
            let expected = u.properties.isWhitespace ? n : 0
            if forward != expected || backward != expected {
                Issue.record("white space wrong for U+\(String(u.value, radix: 16, uppercase: true))")
            }
        }
    }

    @Test func trimAndCollapseAgreeWithTheScalarDefinitions() async {
        let pieces = spacePieces
        await propertyCheck(count: 2000, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...8)) { indexes in
            let s = indexes.map { pieces[$0] }.joined()
            let trimmed = TrimRule.trim(s)
            #expect(trimmed.utf8.elementsEqual(referenceTrim(s).utf8), "trim \(s.debugDescription)")
            #expect(TrimRule.trim(trimmed).utf8.elementsEqual(trimmed.utf8))
            let collapsed = CollapseSpacesRule.collapse(s)
            #expect(collapsed.utf8.elementsEqual(referenceCollapse(s).utf8), "collapse \(s.debugDescription)")
            #expect(CollapseSpacesRule.collapse(collapsed).utf8.elementsEqual(collapsed.utf8))
        }
    }

    @Test func trimAndCollapseOnEveryWhiteSpaceScalar() {
        for ws in spacePieces.prefix(while: { $0.unicodeScalars.first!.properties.isWhitespace }) {
            for core in ["x", "ư", "Lê Văn", "\u{1681}", "𝔸", ""] {
                let s = ws + core + ws + ws
                #expect(TrimRule.trim(s) == referenceTrim(s))
                #expect(CollapseSpacesRule.collapse(s) == referenceCollapse(s))
                let inner = core + ws + core
                #expect(TrimRule.trim(inner) == referenceTrim(inner))
                #expect(CollapseSpacesRule.collapse(inner) == referenceCollapse(inner))
            }
        }
        #expect(TrimRule.trim("") == "")
        #expect(CollapseSpacesRule.collapse("") == "")
        #expect(CollapseSpacesRule.collapse("\u{3000}") == "")
        #expect(TrimRule.trim("\u{2029}a\u{205F}") == "a")
    }

    @Test func valuesThatNeedNoChangeAreLeftAlone() {
        for rule in [NFCRule(), TrimRule(), CollapseSpacesRule()] as [any FieldRule] {
            for s in ["G15.84-200101-0000000", "Đặng Văn Châu", "a", ""] {
                var v: String? = s
                #expect(rule.apply(&v) == nil)
                #expect(v == s)
            }
            var none: String?
            #expect(rule.apply(&none) == nil)
            #expect(none == nil)
        }
    }
}
