public import Core

/// `fold`: the diacritics-folded matching form of a value: tone and vowel marks removed
/// (ă â -> a, ê -> e, ô ơ -> o, ư -> u, đ -> d), lower case, white space collapsed.
///
/// "Nguyễn  Thị Thuỷ" -> "nguyen thi thuy"; "Hòa" and "hoà" both fold to "hoa". Meant for a
/// matching or blocking key (a column of its own), not for stored names: folding loses
/// information ("Lê", "Lễ" and "Lệ" all fold to "le").
///
/// Precisely:
/// - ASCII letters are lower-cased; other ASCII characters are kept;
/// - every letter of U+00C0–U+024F and U+1E00–U+1EFF whose canonical decomposition is an ASCII
///   letter and combining marks becomes that letter in lower case (all 134 Vietnamese letters,
///   and é, ñ, ç, ş... alike); đ, Đ and the look-alike eth (ð, Ð, which legacy conversions put
///   for Đ) become `d`;
/// - combining marks U+0300–U+036F are dropped, so decomposed text (NFD) folds as NFC does;
/// - every run of white space (Unicode White_Space) becomes one space, none at the ends;
/// - the nine letters there whose decomposition starts with a letter that is not ASCII become
///   that letter in lower case (ǽ -> æ, Ǿ -> ø);
/// - any other character is kept, lower-cased by its Unicode lower-case mapping (æ, ø, ß stay
///   themselves; "Ø" -> "ø", "Я" -> "я").
///
/// For Latin letters decomposed text (NFD) folds as its NFC form does; for other scripts the rule
/// expects NFC (a decomposed "й" loses its breve, a composed one keeps it).
/// - Complexity: O(n); a value already folded is not copied.
public struct FoldRule: FieldRule {
    public var name: String { "fold" }
    public init() {}

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        if let folded = Self.folded(v) { value = folded }
        return nil
    }

    /// Compiles `fold`, which takes no options.
    public static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        if let options = spec.options {
            log.error("rule 'fold' takes no options; write it as '- fold'", at: options.location)
            return nil
        }
        return FoldRule()
    }

    /// `s` folded.
    public static func fold(_ s: String) -> String {
        folded(s) ?? s
    }

    /// `s` folded, or `nil` when it already is.
    static func folded(_ s: String) -> String? {
        let fast: String?? = RuleBytes.withUTF8(s) { b -> String?? in
            let n = b.count
            if isFoldedASCII(b) { return .some(nil) }
            var done = true
            let result = String(unsafeUninitializedCapacity: n) { out in
                var o = 0
                var pending = false
                var i = 0
                while i < n {
                    let c = b[i]
                    var letter: UInt8
                    if c < 0x80 {
                        if RuleBytes.isASCIIWhitespace(c) {
                            pending = o > 0
                            i += 1
                            continue
                        }
                        letter = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c
                        i += 1
                    } else {
                        let space = RuleBytes.nonASCIIWhitespaceLength(b, at: i)
                        if space > 0 {
                            pending = o > 0
                            i += space
                            continue
                        }
                        switch Self.foldedLetter(b, at: i) {
                        case 0:
                            done = false  // a character only the scalar path handles
                            return 0
                        case 1:
                            i += 2  // a combining mark
                            continue
                        case let f:
                            letter = f
                            i += RuleBytes.scalarLength(c)
                        }
                    }
                    if pending {
                        out[o] = 0x20
                        o += 1
                        pending = false
                    }
                    out[o] = letter
                    o += 1
                }
                return o
            }
            guard done else { return .none }
            return .some(result.utf8.elementsEqual(b) ? nil : result)
        }
        if let fast { return fast }
        let slow = foldedByScalars(s)
        return slow == s ? nil : slow
    }

    /// Whether `b` is ASCII with no upper-case letter and no white space other than single
    /// spaces between other characters.
    @inline(__always)
    private static func isFoldedASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousSpace = true
        for c in b {
            if c >= 0x80 || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) { return false }
            if c <= 0x20 {
                if c != 0x20 && !RuleBytes.isASCIIWhitespace(c) {
                    previousSpace = false
                    continue
                }
                if previousSpace || c != 0x20 { return false }
                previousSpace = true
            } else {
                previousSpace = false
            }
        }
        return !previousSpace || b.isEmpty
    }

    /// For the non-ASCII scalar at `i`: its folded ASCII letter; 1 for a combining mark
    /// U+0300–U+036F (two bytes, dropped); 0 for any other scalar.
    @inline(__always)
    private static func foldedLetter(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt8 {
        let c = b[i]
        if c < 0xE0 {
            let s = Int(c & 0x1F) << 6 | Int(b[i + 1] & 0x3F)
            if s >= 0x300 && s <= 0x36F { return 1 }
            return s >= 0xC0 && s < 0x250 ? table(s - 0xC0) : 0
        }
        if c == 0xE1 && b[i + 1] & 0xFC == 0xB8 {
            return table(0x190 + (Int(b[i + 1] & 0x03) << 6 | Int(b[i + 2] & 0x3F)))
        }
        return 0
    }

    /// The folded letter at `index` of ``foldTable``, or 0 for ".".
    @inline(__always)
    private static func table(_ index: Int) -> UInt8 {
        let f = foldTable.utf8Start[index]
        return f == UInt8(ascii: ".") ? 0 : f
    }

    /// `s` folded scalar by scalar: the same rules, for values with characters the byte path
    /// leaves to the Unicode lower-case mapping.
    private static func foldedByScalars(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pending = false
        func append(_ u: Unicode.Scalar, mapping: Bool) {
            let v = u.value
            if u.properties.isWhitespace {
                pending = !out.isEmpty
                return
            }
            if v >= 0x300 && v <= 0x36F { return }
            var folded: UInt8 = 0
            if v < 0x80 {
                folded = v >= 0x41 && v <= 0x5A ? UInt8(v) | 0x20 : UInt8(v)
            } else if v >= 0xC0 && v < 0x250 {
                folded = table(Int(v) - 0xC0)
            } else if v >= 0x1E00 && v < 0x1F00 {
                folded = table(0x190 + Int(v) - 0x1E00)
            }
            if folded == 0, let base = decomposedBase(v) {
                append(base, mapping: false)
                return
            }
            if folded == 0 && mapping {
                let lower = u.properties.lowercaseMapping
                if lower.unicodeScalars.count != 1 || lower.unicodeScalars.first != u {
                    for l in lower.unicodeScalars { append(l, mapping: false) }
                    return
                }
            }
            if pending {
                out.append(" ")
                pending = false
            }
            out.append(folded == 0 ? u : Unicode.Scalar(folded))
        }
        for u in s.unicodeScalars { append(u, mapping: true) }
        return String(out)
    }

    /// The lower-case base letter of the nine letters of U+00C0–U+024F and U+1E00–U+1EFF whose
    /// canonical decomposition starts with a letter that is not ASCII (ǣ = æ + macron).
    private static func decomposedBase(_ v: UInt32) -> Unicode.Scalar? {
        switch v {
        case 0x01E2, 0x01E3, 0x01FC, 0x01FD: return "\u{E6}"  // Ǣ ǣ Ǽ ǽ -> æ
        case 0x01EE, 0x01EF: return "\u{292}"  // Ǯ ǯ -> ʒ
        case 0x01FE, 0x01FF: return "\u{F8}"  // Ǿ ǿ -> ø
        case 0x1E9B: return "\u{17F}"  // ẛ -> ſ
        default: return nil
        }
    }

    /// U+00C0–U+024F, then U+1E00–U+1EFF, 64 to a line (the lines start at U+00C0, U+0100,
    /// U+0140, U+0180, U+01C0, U+0200, U+0240 (16), U+1E00, U+1E40, U+1E80, U+1EC0): the folded
    /// letter of each scalar, "." for none. Generated from the Unicode canonical decompositions
    /// (Python `unicodedata`, Unicode 14), with đ, Đ, ð and Ð set to `d`; `FoldRuleTests` checks
    /// it against the standard library's NFD.
    private static var foldTable: StaticString {
        """
        aaaaaa.ceeeeiiiidnooooo..uuuuy..aaaaaa.ceeeeiiiidnooooo..uuuuy.y\
        aaaaaaccccccccddddeeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll.\
        ...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.\
        ................................oo.............uu...............\
        .............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa....\
        aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............\
        ................\
        aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm\
        mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv\
        wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee\
        eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......
        """
    }
}
