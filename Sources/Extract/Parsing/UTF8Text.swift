/// Strings from bytes, validating UTF-8 once per record rather than once per field.
enum UTF8Text {
    /// Whether `bytes` is valid UTF-8 (RFC 3629: shortest forms only, no surrogates, nothing
    /// above U+10FFFF), as `String(validating:as:)` decides.
    ///
    /// Runs of ASCII are skipped eight bytes at a time; each multi-byte sequence is checked as
    /// ``UTF8Check/firstInvalidIndex(_:)`` does.
    /// - Complexity: O(n).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var i = 0
        while i < n {
            if i + 8 <= n {
                let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    & 0x8080_8080_8080_8080
                if high == 0 {
                    i += 8
                    continue
                }
                // Straight to the first byte that is not ASCII.
                i += high.trailingZeroBitCount >> 3
            }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard length <= n - i else { return false }
            let b1 = base[i + 1]
            guard b1 >= lower && b1 <= upper else { return false }
            if length > 2 {
                guard base[i + 2] & 0xC0 == 0x80 else { return false }
                if length > 3 {
                    guard base[i + 3] & 0xC0 == 0x80 else { return false }
                }
            }
            i += length
        }
        return true
    }

    /// A String of `bytes`, which the caller has validated (they are a slice, cut at ASCII
    /// bytes, of a validated buffer).
    static func string(validated bytes: UnsafeBufferPointer<UInt8>) -> String {
        if #available(macOS 26.0, *) {
            return String(copying: unsafe UTF8Span(unchecked: bytes.span))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
