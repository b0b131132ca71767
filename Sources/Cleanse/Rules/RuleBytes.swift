/// Byte-level helpers for the text rules: a value's UTF-8 without copying it, and Unicode
/// White_Space recognised on UTF-8 bytes.
///
/// A Swift `String` is always valid UTF-8, so the scanners here may take a lead byte's
/// sequence length on trust.
enum RuleBytes {
    /// Runs `body` on `s`'s UTF-8 code units in place (small strings are spilled to the stack).
    @inline(__always)
    static func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = s
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable(body)!
    }

    /// Whether `b` is an ASCII White_Space character: tab, LF, VT, FF, CR or space.
    @inline(__always)
    static func isASCIIWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// The length of the scalar whose UTF-8 starts with `lead`.
    @inline(__always)
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The byte length of the White_Space scalar starting at `i`, or 0 when the scalar there is
    /// not white space. `i` must be the start of a scalar.
    ///
    /// White_Space (PropList.txt): U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A,
    /// U+2028, U+2029, U+202F, U+205F, U+3000; the same set as `Unicode.Scalar.Properties.isWhitespace`.
    @inline(__always)
    static func whitespaceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return isASCIIWhitespace(c) ? 1 : 0 }
        return nonASCIIWhitespaceLength(b, at: i)
    }

    /// ``whitespaceLength(_:at:)`` for a scalar that is not ASCII.
    static func nonASCIIWhitespaceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        switch b[i] {
        case 0xC2:  // U+0085, U+00A0
            let c1 = b[i + 1]
            return c1 == 0x85 || c1 == 0xA0 ? 2 : 0
        case 0xE1:  // U+1680
            return b[i + 1] == 0x9A && b[i + 2] == 0x80 ? 3 : 0
        case 0xE2:
            let c1 = b[i + 1], c2 = b[i + 2]
            if c1 == 0x80 {  // U+2000–U+200A, U+2028, U+2029, U+202F
                return c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF ? 3 : 0
            }
            return c1 == 0x81 && c2 == 0x9F ? 3 : 0  // U+205F
        case 0xE3:  // U+3000
            return b[i + 1] == 0x80 && b[i + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }

    /// The byte length of the White_Space scalar that ends just before `end`, or 0 when the
    /// scalar there is not white space. `end` must be a scalar boundary greater than 0.
    @inline(__always)
    static func whitespaceLength(_ b: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        let c = b[end - 1]
        if c < 0x80 { return isASCIIWhitespace(c) ? 1 : 0 }
        // Every non-ASCII white space scalar is 2 or 3 bytes long.
        if end >= 2 && b[end - 2] == 0xC2 { return nonASCIIWhitespaceLength(b, at: end - 2) }
        if end >= 3 && b[end - 3] >= 0xE0 && b[end - 3] < 0xF0 { return nonASCIIWhitespaceLength(b, at: end - 3) }
        return 0
    }
}
