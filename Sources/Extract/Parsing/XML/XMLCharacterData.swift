/// Character data of XML text and attribute values: references decoded, line ends normalized.
///
/// References: the five predefined entities (`&lt; &gt; &amp; &quot; &apos;`) and character
/// references (`&#233;`, `&#xE9;`) to XML characters. Entities a DTD declares are not expanded
/// (the DOCTYPE is skipped), so any other `&name;` is undefined. Line ends: CR LF and a lone CR
/// become LF (XML 1.0 §2.11). In attribute values, tab, CR, LF (and CR LF) each become one
/// space (§3.3.3); a character reference is not normalized.
enum XMLCharacterData {
    private static let amp = UInt8(ascii: "&")
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A
    private static let tab: UInt8 = 0x09
    private static let semicolon = UInt8(ascii: ";")

    /// Whether `bytes[from..<to]` needs ``decode(_:from:to:attribute:into:)`` rather than being
    /// taken as it is.
    static func needsDecoding(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, attribute: Bool) -> Bool {
        var i = from
        if attribute {
            while i < to {
                let b = bytes[i]
                if b == amp || b == cr || b == lf || b == tab { return true }
                i += 1
            }
        } else {
            while i < to {
                let b = bytes[i]
                if b == amp || b == cr { return true }
                i += 1
            }
        }
        return false
    }

    /// Checks every reference in `bytes[from..<to]` without decoding.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> XMLProblem? {
        var i = from
        while let amp = XMLTokenizer.find(amp, in: bytes, from: i, to: to) {
            switch reference(bytes, at: amp, to: to) {
            case .success(let r): i = r.end
            case .failure(let problem): return problem
            }
        }
        return nil
    }

    /// Appends the character data of `bytes[from..<to]` to `out`.
    /// - Returns: The first bad reference, if any (`out` then holds a prefix).
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, attribute: Bool, into out: inout [UInt8]
    ) -> XMLProblem? {
        var i = from
        var run = from
        while i < to {
            let b = bytes[i]
            if b == amp {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                switch reference(bytes, at: i, to: to) {
                case .success(let r):
                    appendScalar(r.scalar, to: &out)
                    i = r.end
                case .failure(let problem):
                    return problem
                }
                run = i
            } else if b == cr {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                out.append(attribute ? 0x20 : lf)
                i += i + 1 < to && bytes[i + 1] == lf ? 2 : 1
                run = i
            } else if attribute && (b == lf || b == tab) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                out.append(0x20)
                i += 1
                run = i
            } else {
                i += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<to]))
        return nil
    }

    /// Appends `bytes[from..<to]` with line ends normalized (CDATA content).
    static func appendNormalizingLineEnds(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, into out: inout [UInt8]) {
        var run = from
        var i = from
        while let cr = XMLTokenizer.find(cr, in: bytes, from: i, to: to) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<cr]))
            out.append(lf)
            i = cr + 1 < to && bytes[cr + 1] == lf ? cr + 2 : cr + 1
            run = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<to]))
    }

    private struct Reference {
        var scalar: UInt32
        var end: Int
    }

    private static let predefined: [(name: [UInt8], scalar: UInt32)] = [
        (Array("lt".utf8), 0x3C), (Array("gt".utf8), 0x3E), (Array("amp".utf8), 0x26),
        (Array("quot".utf8), 0x22), (Array("apos".utf8), 0x27),
    ]

    /// Longest reference looked at: `&#x10FFFF;` and the longest entity names in real files.
    private static let maxReference = 64

    /// The reference at `bytes[at]` (an `&`).
    private static func reference(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, to: Int) -> Result<Reference, XMLProblem> {
        let limit = min(to, at + maxReference)
        guard let semi = XMLTokenizer.find(semicolon, in: bytes, from: at + 1, to: limit),
              semi > at + 1,
              (at + 1..<semi).allSatisfy({ XMLTokenizer.isNameChar(bytes[$0]) || bytes[$0] == UInt8(ascii: "#") })
        else {
            return .failure(XMLProblem(
                offset: at, found: "'&' not starting a reference",
                expected: "&lt; &gt; &amp; &quot; &apos; or a character reference such as &#233; (write a literal '&' as &amp;)"))
        }
        let text = XMLTokenizer.text(bytes, at, semi + 1)
        if bytes[at + 1] == UInt8(ascii: "#") {
            var value: UInt32 = 0
            var i = at + 2
            let hex = i < semi && bytes[i] == UInt8(ascii: "x")
            if hex { i += 1 }
            var digits = 0
            var valid = i < semi
            while i < semi && valid {
                let b = bytes[i]
                let digit: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(b - UInt8(ascii: "A") + 10)
                default: valid = false; continue
                }
                value = value * (hex ? 16 : 10) + digit
                digits += 1
                if value > 0x10FFFF { valid = false }
                i += 1
            }
            guard valid && digits > 0 else {
                return .failure(XMLProblem(
                    offset: at, found: "malformed character reference '\(text)'",
                    expected: hex ? "hexadecimal digits as in &#xE9;" : "decimal digits as in &#233; or hexadecimal as in &#xE9;"))
            }
            guard isXMLChar(value) else {
                return .failure(XMLProblem(
                    offset: at, found: "character reference '\(text)' to a code point that is not an XML character",
                    expected: "a tab, line feed, carriage return or a code point from U+0020 (no surrogates, U+FFFE or U+FFFF)"))
            }
            return .success(Reference(scalar: value, end: semi + 1))
        }
        let name = UnsafeBufferPointer(rebasing: bytes[(at + 1)..<semi])
        for entity in predefined where entity.name.elementsEqual(name) {
            return .success(Reference(scalar: entity.scalar, end: semi + 1))
        }
        return .failure(XMLProblem(
            offset: at, found: "undefined entity '\(text)'",
            expected: "&lt; &gt; &amp; &quot; &apos; or a character reference (entities a DTD declares are not expanded)"))
    }

    /// XML 1.0 `Char`: `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
    static func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x09 || v == 0x0A || v == 0x0D || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD)
            || (v >= 0x10000 && v <= 0x10FFFF)
    }

    /// Appends the UTF-8 encoding of a valid scalar.
    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
