public import Core

/// `tone: { style: new | old }`: writes the tone mark of open `oa`, `oe`, `uy` syllables in one
/// convention, so that "Thanh Hóa" and "Thanh Hoá" become the same string.
///
/// The two conventions (reference/encodings/TONE_PLACEMENT.md) differ only in syllables whose
/// vowel part is `oa`, `oe` or `uy` with no final consonant: `old` puts the tone on the first
/// vowel letter (hòa, khỏe, thủy), `new` on the second (hoà, khoẻ, thuỷ). The rule moves the
/// tone of exactly those syllables, in all five tones and in any letter case (each letter keeps
/// its case: "ỦY" -> "UỶ", "Hòa" -> "Hoà"). A syllable is converted only when:
/// - the two vowel letters are plain `o`/`u` and `a`/`e`/`y` (not ô, ơ, ư, ă, â, ê), exactly one
///   of them carries a tone, and it is the one the other convention uses;
/// - no letter or digit follows them (closed syllables such as hoàng, toán, khoét and
///   three-vowel groups such as ngoài, xoáy, khuỷu never change);
/// - the letters before them form a Vietnamese initial consonant (none, b c ch d đ g gh h k kh
///   l m n ng ngh nh p ph r s t th tr v x): so `qu` + y (quý), `gi` + vowel, a vowel before the
///   pair, and foreign words (with f, j, w, z, or several vowel groups) are left alone.
///
/// Words are runs of letters and digits; anything else (white space, punctuation, the dashes
/// and quotes of U+2010–U+205E, Latin-1 symbols) separates them.
///
/// The rule expects NFC (put `nfc` before it). On decomposed text (NFD, or a tone written as a
/// combining mark after a precomposed letter, as Unikey's "Unicode tổ hợp" does) it finds no
/// precomposed toned vowel next to a plain one and changes nothing.
/// - Complexity: O(n); a value that needs no change (every value without such a syllable) is
///   not copied.
public struct ToneRule: FieldRule {
    /// Where the tone of an open `oa`, `oe`, `uy` syllable goes.
    public enum Style: String, Sendable, CaseIterable {
        /// On the second vowel letter, as the 2018 spelling rules for schools have it: hoà, thuỷ.
        case new
        /// On the first vowel letter, as most legal and administrative texts write it: hòa, thủy.
        case old
    }

    public var name: String { "tone" }
    public let style: Style

    public init(style: Style) { self.style = style }

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        if let converted = Self.converted(v, to: style) { value = converted }
        return nil
    }

    /// `s` with the tone of every open `oa`, `oe`, `uy` syllable placed in `style`.
    public static func convert(_ s: String, to style: Style) -> String {
        converted(s, to: style) ?? s
    }

    /// A syllable to rewrite: the bytes of its two vowel letters and their new codes.
    private struct Move {
        var start: Int, end: Int, first: Int, second: Int
    }

    /// `s` converted, or `nil` when nothing changes.
    static func converted(_ s: String, to style: Style) -> String? {
        RuleBytes.withUTF8(s) { b -> String? in
            guard let first = firstMove(b, style) else { return nil }
            return String(unsafeUninitializedCapacity: capacity(forBytes: b.count)) { write(b, from: first, style, into: $0) }
        }
    }

    /// Each move rewrites at least three bytes (a plain and a marked letter) and grows them by
    /// at most one.
    private static func capacity(forBytes count: Int) -> Int { count + count / 3 + 2 }

    /// The first syllable of `b` that `style` rewrites, or `nil` when the value stays as it is.
    private static func firstMove(_ b: UnsafeBufferPointer<UInt8>, _ style: Style) -> Move? {
        // Every syllable to move holds a marked vowel: ASCII text never changes.
        isASCII(b) ? nil : nextMove(b, from: 0, style)
    }

    /// Writes `b` converted to `out` (`capacity(forBytes:)` bytes), from its first move
    /// `first` on; returns the bytes written.
    private static func write(_ b: UnsafeBufferPointer<UInt8>, from first: Move, _ style: Style,
                              into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let n = b.count
        var move = first
        var o = 0
        var i = 0
        while true {
            for k in i..<move.start { out[o] = b[k]; o += 1 }
            o += VietnameseLetters.write(move.first, to: out, at: o)
            o += VietnameseLetters.write(move.second, to: out, at: o)
            i = move.end
            guard let next = nextMove(b, from: i, style) else { break }
            move = next
        }
        for k in i..<n { out[o] = b[k]; o += 1 }
        return o
    }

    /// The first syllable at or after byte `from` (a scalar boundary) that `style` rewrites.
    private static func nextMove(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ style: Style) -> Move? {
        let n = b.count
        switch style {
        case .new:
            // A toned o/u (two or three bytes) followed by a plain a/e/y.
            var i = max(from + 1, 1)
            while i < n {
                let c = b[i] | 0x20
                if (c == UInt8(ascii: "a") || c == UInt8(ascii: "e") || c == UInt8(ascii: "y")) && b[i - 1] >= 0x80 {
                    var j = i - 1
                    while b[j] & 0xC0 == 0x80 { j -= 1 }
                    let first = VietnameseLetters.decode(b, at: j).code
                    let second = Int(VietnameseLetters.asciiCodes[Int(b[i])]) - 1
                    if first >= 0, VietnameseLetters.tone(first) > 0, pairs(first, second),
                       isOpenSyllable(b, j, i + 1) {
                        let tone = VietnameseLetters.tone(first)
                        return Move(start: j, end: i + 1,
                                    first: VietnameseLetters.code(base: VietnameseLetters.base(first), tone: 0,
                                                                  upper: VietnameseLetters.isUpper(first)),
                                    second: VietnameseLetters.code(base: VietnameseLetters.base(second), tone: tone,
                                                                   upper: VietnameseLetters.isUpper(second)))
                    }
                }
                i += 1
            }
        case .old:
            // A plain o/u followed by a toned a/e/y (two or three bytes).
            var i = from
            while i + 1 < n {
                let c = b[i] | 0x20
                if (c == UInt8(ascii: "o") || c == UInt8(ascii: "u")) && b[i + 1] >= 0xC0 {
                    let first = Int(VietnameseLetters.asciiCodes[Int(b[i])]) - 1
                    let (second, length) = VietnameseLetters.decode(b, at: i + 1)
                    if second >= 0, VietnameseLetters.tone(second) > 0, pairs(first, second),
                       isOpenSyllable(b, i, i + 1 + length) {
                        let tone = VietnameseLetters.tone(second)
                        return Move(start: i, end: i + 1 + length,
                                    first: VietnameseLetters.code(base: VietnameseLetters.base(first), tone: tone,
                                                                  upper: VietnameseLetters.isUpper(first)),
                                    second: VietnameseLetters.code(base: VietnameseLetters.base(second), tone: 0,
                                                                   upper: VietnameseLetters.isUpper(second)))
                    }
                }
                i += 1
            }
        }
        return nil
    }

    /// Whether every byte of `b` is ASCII (eight bytes at a time).
    @inline(__always)
    private static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        if let base = UnsafeRawPointer(b.baseAddress) {
            while i + 8 <= n {
                if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
        }
        while i < n {
            if b[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// Whether the letters `first` and `second` (codes) are o+a, o+e or u+y, whatever their
    /// tones and cases.
    @inline(__always)
    private static func pairs(_ first: Int, _ second: Int) -> Bool {
        guard first >= 0, second >= 0 else { return false }
        switch (VietnameseLetters.base(first), VietnameseLetters.base(second)) {
        case (VietnameseLetters.baseO, VietnameseLetters.baseA), (VietnameseLetters.baseO, VietnameseLetters.baseE),
             (VietnameseLetters.baseU, VietnameseLetters.baseY):
            return true
        default:
            return false
        }
    }

    /// Whether the vowel pair at `start..<end` is a whole open syllable: nothing of the word
    /// after it, and a Vietnamese initial consonant (or nothing) before it.
    private static func isOpenSyllable(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        if end < b.count && isWordScalar(b, at: end) { return false }
        // The initial, lower-cased, packed big-endian ("ng" = 0x6E67; đ as 0x01).
        var onset: UInt32 = 0
        var count = 0
        var k = start
        while k > 0 {
            var p = k - 1
            while b[p] & 0xC0 == 0x80 { p -= 1 }
            let c = b[p]
            var letter: UInt8
            if c < 0x80 {
                let lower = c | 0x20
                if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z") {
                    letter = lower
                } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                    return false
                } else {
                    break
                }
            } else if isWordScalar(b, at: p) {
                guard VietnameseLetters.base(max(VietnameseLetters.decode(b, at: p).code, 0)) == VietnameseLetters.baseD
                else { return false }
                letter = 0x01
            } else {
                break
            }
            count += 1
            if count > 3 { return false }
            onset |= UInt32(letter) << (8 * (count - 1))
            k = p
        }
        return isInitial(onset)
    }

    /// Whether `onset` (packed as in ``isOpenSyllable(_:_:_:)``) is a Vietnamese initial
    /// consonant that can stand before `oa`, `oe` or `uy` as a whole vowel part. `qu` and `gi`
    /// are not listed: their u or i is a vowel letter, so they never reach here as initials.
    private static func isInitial(_ onset: UInt32) -> Bool {
        @inline(__always) func packed(_ s: StaticString) -> UInt32 {
            var v: UInt32 = 0
            s.withUTF8Buffer { for c in $0 { v = v << 8 | UInt32(c) } }
            return v
        }
        switch onset {
        case 0, 0x01: return true  // none, đ
        case packed("b"), packed("c"), packed("d"), packed("g"), packed("h"), packed("k"), packed("l"), packed("m"),
             packed("n"), packed("p"), packed("r"), packed("s"), packed("t"), packed("v"), packed("x"),
             packed("ch"), packed("gh"), packed("kh"), packed("ng"), packed("nh"), packed("ph"), packed("th"),
             packed("tr"), packed("ngh"):
            return true
        default:
            return false
        }
    }

    /// Whether the scalar at `i` belongs to a word: an ASCII letter or digit, or any other
    /// scalar except white space, U+0080–U+00BF (controls, no-break space, Latin-1 punctuation
    /// and signs), × and ÷, U+2000–U+205E (spaces, dashes, quotes, bullets, ellipsis) and
    /// U+3000–U+303F (CJK punctuation).
    @inline(__always)
    static func isWordScalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let c = b[i]
        if c < 0x80 {
            let lower = c | 0x20
            return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }
        switch c {
        case 0xC2: return false
        case 0xC3: return b[i + 1] != 0x97 && b[i + 1] != 0xB7
        case 0xE1: return !(b[i + 1] == 0x9A && b[i + 2] == 0x80)  // U+1680 OGHAM SPACE MARK
        case 0xE2: return !(b[i + 1] == 0x80 || (b[i + 1] == 0x81 && b[i + 2] <= 0x9E))
        case 0xE3: return b[i + 1] != 0x80
        default: return true
        }
    }

    /// Compiles `{ tone: { style: new | old } }`; problems go to `log` at their position.
    public static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else {
            log.error("rule 'tone' needs its style: '{ tone: { style: old } }' (hòa, thủy) or '{ tone: { style: new } }' (hoà, thuỷ)",
                      at: spec.location)
            return nil
        }
        var r = MappingReader(options, what: "tone options", log: log)
        guard r.isMapping else { return nil }
        let present = r.entries.contains { $0.key == "style" }
        let style = Style(rawValue: r.choice("style", Style.allCases.map(\.rawValue), default: ""))
        r.finish()
        guard present else {
            log.error("tone options are missing the required key 'style' (old: hòa, thủy; new: hoà, thuỷ)", at: options.location)
            return nil
        }
        return style.map { ToneRule(style: $0) }
    }
}

extension ToneRule: ByteRewriteRule {
    func capacity(forBytes count: Int) -> Int { Self.capacity(forBytes: count) }

    func rewrite(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> ByteRewrite {
        guard let first = Self.firstMove(input, style) else { return .same }
        return .rewritten(count: Self.write(input, from: first, style, into: out))
    }
}
