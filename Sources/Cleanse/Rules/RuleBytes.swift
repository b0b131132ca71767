import Glibc

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

extension RuleBytes {
    /// The high bit of each byte of `w` that is 0, exactly (no borrow between bytes): with
    /// `w` a word of text xor a byte repeated eight times, where that byte is.
    @inline(__always)
    static func zeroBytes(_ w: UInt64) -> UInt64 {
        ~(((w & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | w) & 0x8080_8080_8080_8080
    }

    /// The high bit of each byte of `w` that is not an ASCII digit, exactly: a digit's byte is
    /// 0x30-0x39, so xor 0x30 leaves 0-9, and adding 0x76 to its low seven bits sets its high
    /// bit only from 10 on.
    @inline(__always)
    static func nonDigitBytes(_ w: UInt64) -> UInt64 {
        let t = w ^ 0x3030_3030_3030_3030
        return (((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080
    }

    /// Whether `b`, of 8 to 16 bytes, is ASCII digits only: two words, overlapping when
    /// shorter than 16.
    @inline(__always)
    static func allDigits8to16(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard n >= 8 && n <= 16 else { return false }
        let p = UnsafeRawPointer(b.baseAddress!)
        let first = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
        let last = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        return nonDigitBytes(first) | nonDigitBytes(last) == 0
    }

    /// Whether `x` and `y` hold the same bytes (a length check and `memcmp`, where
    /// `elementsEqual` would step through both one byte at a time).
    @inline(__always)
    static func equal(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        guard x.count > 0 else { return true }
        return memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
    }

    /// Whether the values of UTF-8 `x` and `y` are different text, as `!=` on their strings
    /// says (canonical equivalence), without making the strings in the usual cases: the same
    /// bytes are the same text, and two values in NFC are the same text only when their bytes
    /// are. `inNFC`: both are known to be in NFC (`NFCRule.isQuickNFC`).
    /// - Complexity: O(n).
    static func differ(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, inNFC: Bool) -> Bool {
        if equal(x, y) { return false }
        if inNFC { return true }
        return String(decoding: x, as: UTF8.self) != String(decoding: y, as: UTF8.self)
    }
}

/// A short list of strings held as their NFC bytes, for membership tests that avoid hashing a
/// `String` (which normalizes non-ASCII text): a value in NFC is canonically equal to a
/// member exactly when its bytes equal the member's NFC bytes.
struct NFCByteList: Sendable {
    /// Lists longer than this are not kept (a `Set` or `Dictionary` lookup is then as good).
    static let limit = 16

    private let items: [[UInt8]]
    /// Whether the list is usable (at most `limit` items).
    let enabled: Bool

    init<S: Sequence<String>>(_ strings: S) {
        let all = Array(strings)
        enabled = all.count <= Self.limit
        items = enabled ? all.map { Array(NFCRule.normalize($0).utf8) } : []
    }

    /// The index of the item canonically equal to `value`; -1 when there is none; `nil` when
    /// the list cannot tell (disabled, or `value` not shown to be in NFC).
    @inline(__always)
    func index(of value: String) -> Int? {
        guard enabled, NFCRule.isQuickNFC(value) else { return nil }
        return RuleBytes.withUTF8(value) { v -> Int in
            for (i, item) in items.enumerated() where item.count == v.count {
                let equal = item.withUnsafeBufferPointer { b in
                    b.count == 0 || memcmp(b.baseAddress!, v.baseAddress!, b.count) == 0
                }
                if equal { return i }
            }
            return -1
        }
    }
}
