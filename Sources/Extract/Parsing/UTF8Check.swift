/// UTF-8 checks: where text stops being valid (the hot path's validation, once per record), and
/// printable byte descriptions for diagnostics.
enum UTF8Check {
    /// The index of the first byte that does not start or continue a valid UTF-8 sequence in
    /// `bytes`, or `nil` when all of it is valid. Runs of ASCII are skipped eight bytes at a time.
    /// - Complexity: O(n).
    static func firstInvalidIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = bytes.count
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
            let b0 = bytes[i]
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
            default: return i
            }
            guard i + 1 < n, bytes[i + 1] >= lower, bytes[i + 1] <= upper else { return i }
            for k in 2..<length {
                guard i + k < n, bytes[i + k] & 0xC0 == 0x80 else { return i }
            }
            i += length
        }
        return nil
    }

    /// The longest prefix of `bytes` that does not end inside a multi-byte sequence.
    static func scalarBoundaryPrefix(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var end = bytes.count
        var back = 0
        while end > 0 && back < 3 && bytes[end - 1] & 0xC0 == 0x80 {
            end -= 1
            back += 1
        }
        if end > 0 && bytes[end - 1] >= 0xC0 {
            let lead = bytes[end - 1]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            if back + 1 < length { return bytes[..<(end - 1)] }
        }
        return bytes[..<bytes.count]
    }

    /// A printable description of the byte at `index` for messages: `'x'`, `a tab`, `byte 0xC3`.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x09: return "a tab"
        case 0x0D: return "a carriage return"
        case 0x0A: return "a line feed"
        case 0x20: return "a space"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x\(hex.count == 1 ? "0" : "")\(hex)"
        }
    }
}
