public import Core

extension ReasonCode {
    /// A person's name holds a character no name has (a digit, `@`, a comma, a non-Latin
    /// script), or no letter at all.
    public static let invalidName = ReasonCode(rawValue: "invalid_name")
}

/// `person_name`: a person's name in Vietnamese title case, "NGUYỄN văn  an" -> "Nguyễn Văn An".
///
/// - White space (any Unicode White_Space) is collapsed to single spaces and trimmed.
/// - Every word is capitalised: its first letter upper case, the others lower case. A word
///   starts after a space, a hyphen, an apostrophe (`'`, `’` U+2019, `ʼ` U+02BC) or a period,
///   so "nguyễn-trần" -> "Nguyễn-Trần", "h'hen niê" -> "H'Hen Niê" (Ê Đê names),
///   "o'brien" -> "O'Brien", "nguyễn v.an" -> "Nguyễn V.An". Inner capitals of foreign names
///   are not kept ("McDonald" -> "Mcdonald"), and these marks are kept as written.
/// - The 134 Vietnamese letters (and đ/Đ) change case through the rule's own table; other Latin
///   letters (U+00C0–U+024F, U+1E00–U+1EFF: é ñ ö ç ŏ ĕ of foreign and minority-language names)
///   through their Unicode case mappings (ß -> "Ss" at a word's start), unless the mapping
///   leaves those letters (Ⱥ -> ⱥ, U+2C65): then the letter is kept as written.
/// - Letters: all ASCII letters, including f, j, w and z (foreign names and the romanised names
///   of ethnic minorities: "Y Wang", "Ksor H'Jum"), the Vietnamese letters, the other Latin
///   letters above, and combining marks U+0300–U+036F after a letter (decomposed input: the
///   rule expects NFC but keeps NFD marks with their letter).
/// - Anything else (digits, `@`, commas, brackets, symbols, other scripts, a combining mark
///   with no letter before it) or a value with no letter at all is an `invalid_name`;
///   `on_invalid` (`quarantine`, the default, or `flag`) says what happens to the record.
/// An empty or blank value becomes empty (no value).
/// - Complexity: O(n); a value already in this form is not copied.
public struct PersonNameRule: ByteRewriteRule {
    public var name: String { "person_name" }
    public let onInvalid: OnInvalid

    public init(onInvalid: OnInvalid = .quarantine) { self.onInvalid = onInvalid }

    public func apply(_ value: inout String?) -> RuleFailure? {
        applyRewriting(&value)
    }

    /// Case mappings of the other Latin letters grow a two-byte letter to three bytes at most
    /// (ǰ -> J̌, ŉ -> ʼN); everything else keeps or shrinks its length.
    func capacity(forBytes count: Int) -> Int { count + count / 2 + 4 }

    /// An `invalid_name` failure saying `detail`, flagged or refusing the record as `on_invalid` says.
    private func invalid(_ detail: String) -> ByteRewrite {
        .failed(RuleFailure(.invalidName, detail, flagOnly: onInvalid == .flag))
    }

    /// What happens to a non-ASCII scalar that is neither a Vietnamese letter nor white space.
    private enum Other { case apostrophe, mark, latin, invalid }

    /// Writes `b` in title case to `out`, or says what is wrong with it.
    func rewrite(_ b: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> ByteRewrite {
        let n = b.count
        if n == 0 { return .same }
        var o = 0
        var pending = false
        var wordStart = true
        var afterLetter = false
        var letters = 0
        var i = 0
        var index = 0  // 1-based scalar number of the scalar at i, for details
        while i < n {
            index += 1
            let c = b[i]
            if c < 0x80 {
                if RuleBytes.isASCIIWhitespace(c) {
                    pending = o > 0
                    wordStart = true
                    afterLetter = false
                    i += 1
                    continue
                }
                var byte = c
                let lower = c | 0x20
                if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z") {
                    byte = wordStart ? lower & ~0x20 : lower
                    wordStart = false
                    afterLetter = true
                    letters += 1
                } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "'") || c == UInt8(ascii: ".") {
                    wordStart = true
                    afterLetter = false
                } else {
                    return invalid(Self.detail(b, at: i, index))
                }
                if pending { out[o] = 0x20; o += 1; pending = false }
                out[o] = byte
                o += 1
                i += 1
                continue
            }
            let space = RuleBytes.nonASCIIWhitespaceLength(b, at: i)
            if space > 0 {
                pending = o > 0
                wordStart = true
                afterLetter = false
                i += space
                continue
            }
            let (code, length) = VietnameseLetters.decode(b, at: i)
            if pending { out[o] = 0x20; o += 1; pending = false }
            if code >= 0 {
                let cased = wordStart ? VietnameseLetters.upper(code) : VietnameseLetters.lower(code)
                o += VietnameseLetters.write(cased, to: out, at: o)
                wordStart = false
                afterLetter = true
                letters += 1
                i += length
                continue
            }
            switch Self.classify(b, at: i) {
            case .apostrophe:
                for k in 0..<length { out[o + k] = b[i + k] }
                o += length
                wordStart = true
                afterLetter = false
            case .mark:
                guard afterLetter else { return invalid(Self.detail(b, at: i, index)) }
                for k in 0..<length { out[o + k] = b[i + k] }
                o += length
            case .latin:
                let u = Unicode.Scalar(Self.scalar(b, at: i, length))!
                let mapped = wordStart ? u.properties.titlecaseMapping : u.properties.lowercaseMapping
                if mapped.unicodeScalars.allSatisfy(Self.isNameScalar) {
                    for byte in mapped.utf8 { out[o] = byte; o += 1 }
                } else {
                    // Ⱥ -> ⱥ (U+2C65) would leave the letters a name may hold: keep it.
                    for k in 0..<length { out[o + k] = b[i + k] }
                    o += length
                }
                // A mapping that starts with an apostrophe (ŉ -> ʼN) starts the word
                // again on the next pass, with the same result.
                wordStart = false
                afterLetter = true
                letters += 1
            case .invalid:
                return invalid(Self.detail(b, at: i, index))
            }
            i += length
        }
        if o == 0 { return .rewritten(count: 0) }  // only white space
        if letters == 0 {
            return invalid("expected a person's name, found no letter")
        }
        if RuleBytes.equal(UnsafeBufferPointer(rebasing: out[..<o]), b) { return .same }
        return .rewritten(count: o)
    }

    /// The scalar value of the `length`-byte scalar at `i`.
    @inline(__always)
    private static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ length: Int) -> UInt32 {
        switch length {
        case 1: return UInt32(b[i])
        case 2: return UInt32(b[i] & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
        case 3: return UInt32(b[i] & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
        default:
            return UInt32(b[i] & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                | UInt32(b[i + 3] & 0x3F)
        }
    }

    /// What the non-ASCII scalar at `i` (not a Vietnamese letter, not white space) is to a name.
    private static func classify(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Other {
        let length = RuleBytes.scalarLength(b[i])
        let s = scalar(b, at: i, length)
        switch s {
        case 0x2019, 0x02BC: return .apostrophe
        case 0x0300...0x036F: return .mark
        case 0x00D7, 0x00F7: return .invalid
        case 0x00C0...0x024F, 0x1E00...0x1EFF: return .latin
        default: return .invalid
        }
    }

    /// Whether a scalar of a case mapping may stand in a name as the rule writes it.
    private static func isNameScalar(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x41...0x5A, 0x61...0x7A, 0x2019, 0x02BC, 0x0300...0x036F: return true
        case 0x00D7, 0x00F7: return false
        case 0x00C0...0x024F, 0x1E00...0x1EFF: return true
        default: return false
        }
    }

    /// The detail for the character at byte `i`, the `index`-th of the value.
    private static func detail(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ index: Int) -> String {
        let length = RuleBytes.scalarLength(b[i])
        let s = scalar(b, at: i, length)
        let shown: String
        if s < 0x20 || s == 0x7F || (s >= 0x80 && s < 0xA0) || (s >= 0x300 && s <= 0x36F) {
            let hex = String(s, radix: 16, uppercase: true)
            shown = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        } else {
            shown = "'" + String(decoding: UnsafeBufferPointer(rebasing: b[i..<(i + length)]), as: UTF8.self) + "'"
        }
        return "expected a person's name (letters, spaces, hyphens, apostrophes, periods), found \(shown) at character \(index)"
    }

    /// Compiles `person_name` or `{ person_name: { on_invalid: quarantine | flag } }`.
    public static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else { return PersonNameRule() }
        var r = MappingReader(options, what: "person_name options", log: log)
        guard r.isMapping else { return nil }
        let onInvalid = OnInvalid(rawValue: r.choice("on_invalid", OnInvalid.allCases.map(\.rawValue), default: ""))
        r.finish()
        return onInvalid.map { PersonNameRule(onInvalid: $0) }
    }
}
