/// `nfc`: Unicode canonical composition (NFD text from some exports becomes NFC).
///
/// Values that pass a byte-level quick check are returned untouched without normalizing: every
/// scalar below U+0300 and every scalar of Latin Extended Additional (U+1E00–U+1EFF) has
/// NFC_Quick_Check=Yes and canonical combining class 0, so a string made only of them is in NFC
/// (UAX #15, "Detecting Normalization Forms"). That covers precomposed Vietnamese; any other
/// scalar (a combining mark, for one) takes the full normalization.
/// - Complexity: O(n); values already in NFC are not copied.
public struct NFCRule: FieldRule {
    // `name` is computed, here and in the other hot rules, so that a rule has no stored String:
    // copying it in and out of an `any FieldRule` (once per value) is then a trivial copy.
    public var name: String { "nfc" }
    public init() {}

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        if let nfc = Self.normalized(v) { value = nfc }
        return nil
    }

    public static func normalize(_ s: String) -> String {
        normalized(s) ?? s
    }

    /// `s` in NFC, or `nil` when it already is.
    static func normalized(_ s: String) -> String? {
        if isQuickNFC(s) { return nil }
        let nfc = s._nfcCodeUnits
        if nfc.elementsEqual(s.utf8) { return nil }
        return String(decoding: nfc, as: UTF8.self)
    }

    /// Whether `s` is made only of scalars below U+0300 or in U+1E00–U+1EFF, and so is in NFC.
    /// `false` says nothing: the value may still be in NFC.
    ///
    /// On UTF-8 that is: no byte is CC–FF other than an E1 followed by B8–BB (lead bytes CC–DF
    /// start U+0300–U+07FF, E0–EF U+0800–U+FFFF, F0–F4 the rest; continuation bytes are 80–BF).
    static func isQuickNFC(_ s: String) -> Bool {
        RuleBytes.withUTF8(s) { isQuickNFC($0) }
    }

    /// `isQuickNFC` of a value's UTF-8 bytes.
    static func isQuickNFC(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        let base = UnsafeRawPointer(b.baseAddress)
        var i = 0
        if let base {
            while i + 8 <= n {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                // The high bit of each byte that is CC or above.
                var high = ((w & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x3434_3434_3434_3434) & w & 0x8080_8080_8080_8080
                while high != 0 {
                    let j = i + high.trailingZeroBitCount >> 3
                    // An E1 is never a string's last byte, so j + 1 < n.
                    guard b[j] == 0xE1 && b[j + 1] & 0xFC == 0xB8 else { return false }
                    high &= high &- 1
                }
                i += 8
            }
        }
        while i < n {
            let c = b[i]
            if c >= 0xCC {
                guard c == 0xE1 && b[i + 1] & 0xFC == 0xB8 else { return false }
            }
            i += 1
        }
        return true
    }
}

/// `trim`: removes white space (Unicode White_Space, including tab and no-break space) from
/// both ends.
/// - Complexity: O(n); a value with no white space at its ends is not copied.
public struct TrimRule: FieldRule {
    public var name: String { "trim" }
    public init() {}

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        if let trimmed = Self.trimmed(v) { value = trimmed }
        return nil
    }

    public static func trim(_ s: String) -> String {
        trimmed(s) ?? s
    }

    /// `s` trimmed, or `nil` when there is nothing to trim.
    static func trimmed(_ s: String) -> String? {
        RuleBytes.withUTF8(s) { b in
            let n = b.count
            guard n > 0 else { return nil }
            // Fast path: a printable ASCII byte at both ends.
            let first = b[0], last = b[n - 1]
            if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return nil }
            var start = 0
            while start < n {
                let w = RuleBytes.whitespaceLength(b, at: start)
                if w == 0 { break }
                start += w
            }
            if start == n { return "" }
            var end = n
            while true {
                let w = RuleBytes.whitespaceLength(b, before: end)
                if w == 0 { break }
                end -= w
            }
            if start == 0 && end == n { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }
    }
}

/// `collapse_spaces`: trims, and turns every inner run of white space into one space.
/// - Complexity: O(n); a value that needs no change is not copied.
public struct CollapseSpacesRule: FieldRule {
    public var name: String { "collapse_spaces" }
    public init() {}

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        if let collapsed = Self.collapsed(v) { value = collapsed }
        return nil
    }

    public static func collapse(_ s: String) -> String {
        collapsed(s) ?? s
    }

    /// `s` collapsed, or `nil` when it needs no change.
    static func collapsed(_ s: String) -> String? {
        RuleBytes.withUTF8(s) { b in
            guard needsCollapsing(b) else { return nil }
            return String(unsafeUninitializedCapacity: b.count) { collapse(b, into: $0) }
        }
    }

    /// Whether `b` changes when collapsed.
    static func needsCollapsing(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard n > 0 else { return false }
        if isCollapsed(b) { return false }
        // Anything to do? White space at the start or end, other than one space, or a run.
        var previousSpace = true
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if RuleBytes.isASCIIWhitespace(c) {
                    if previousSpace || c != 0x20 { return true }
                    previousSpace = true
                } else {
                    previousSpace = false
                }
                i += 1
            } else {
                if RuleBytes.nonASCIIWhitespaceLength(b, at: i) > 0 { return true }
                previousSpace = false
                i += RuleBytes.scalarLength(c)
            }
        }
        return previousSpace
    }

    /// Writes `b` collapsed to `out` (room for `b.count` bytes); returns the bytes written.
    static func collapse(_ b: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let n = b.count
        var o = 0
        var pending = false
        var i = 0
        while i < n {
            let w = RuleBytes.whitespaceLength(b, at: i)
            if w > 0 {
                pending = o > 0
                i += w
                continue
            }
            if pending {
                out[o] = 0x20
                o += 1
                pending = false
            }
            let length = RuleBytes.scalarLength(b[i])
            for k in 0..<length { out[o + k] = b[i + k] }
            o += length
            i += length
        }
        return o
    }
}

extension CollapseSpacesRule: ByteRewriteRule {
    func capacity(forBytes count: Int) -> Int { count }

    func rewrite(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> ByteRewrite {
        Self.needsCollapsing(input) ? .rewritten(count: Self.collapse(input, into: out)) : .same
    }
}

extension CollapseSpacesRule {
    /// Whether `b` (not empty) certainly needs no collapsing: no space at either end, no two
    /// spaces in a row, and no byte that can start or be part of other white space (below
    /// 0x20; C2, the lead of U+0085 and U+00A0; 9A, inside U+1680; E2 and E3, the leads of the
    /// rest). Read 8 bytes at a time. `false` says nothing: the exact scan decides.
    /// - Complexity: O(n).
    @inline(__always)
    static func isCollapsed(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard let base = UnsafeRawPointer(b.baseAddress), b[0] != 0x20, b[n - 1] != 0x20 else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        /// Whether word `w` has other white space bytes, or two spaces in a row (also across
        /// from the last byte of the previous word, `spaceBefore`).
        @inline(__always) func clean(_ w: UInt64, _ spaceBefore: inout Bool) -> Bool {
            let below20 = ~(((w & low7) &+ 0x6060_6060_6060_6060) | w) & high
            let other = below20 | RuleBytes.zeroBytes(w ^ (0xC2 &* ones)) | RuleBytes.zeroBytes(w ^ (0x9A &* ones))
                | RuleBytes.zeroBytes((w ^ (0xE2 &* ones)) & 0xFEFE_FEFE_FEFE_FEFE)
            let spaces = RuleBytes.zeroBytes(w ^ (0x20 &* ones))
            if other != 0 || spaces & (spaces << 8) != 0 || (spaceBefore && spaces & 0x80 != 0) { return false }
            spaceBefore = spaces >> 63 != 0
            return true
        }
        var spaceBefore = false
        var i = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            guard clean(w, &spaceBefore) else { return false }
            i += 8
        }
        if i < n {
            // The last bytes, padded with "a".
            var w: UInt64 = 0x6161_6161_6161_6161
            for k in 0..<(n - i) {
                w = w & ~(0xFF << UInt64(8 * k)) | UInt64(b[i + k]) << UInt64(8 * k)
            }
            guard clean(w, &spaceBefore) else { return false }
        }
        return true
    }
}

/// `upper` / `lower`: letter case (Unicode-aware: "đ" <-> "Đ").
public struct CaseRule: FieldRule {
    public let name: String
    private let upper: Bool

    public init(upper: Bool) {
        self.upper = upper
        self.name = upper ? "upper" : "lower"
    }

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        value = upper ? v.uppercased() : v.lowercased()
        return nil
    }
}

/// `null_if: [values]`: values that mean "no value" in a source ("NULL", "-", "N/A").
public struct NullIfRule: FieldRule {
    public let name = "null_if"
    public let values: Set<String>

    public init(values: Set<String>) { self.values = values }

    public func apply(_ value: inout String?) -> RuleFailure? {
        if let v = value, values.contains(v) { value = nil }
        return nil
    }
}
