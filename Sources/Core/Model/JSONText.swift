/// Writes JSON text without Foundation: string escaping and small objects.
public enum JSONText {
    /// Appends `s` as a JSON string literal (with quotes) to `out`.
    /// - Complexity: O(n) in the UTF-8 length of `s`.
    public static func appendString(_ s: String, to out: inout String) {
        out.append("\"")
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
            needsEscape = true
            break
        }
        if !needsEscape {
            out.append(s)
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out.append("\\\"")
                case "\\": out.append("\\\\")
                case "\n": out.append("\\n")
                case "\r": out.append("\\r")
                case "\t": out.append("\\t")
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        out.append("\"")
    }

    /// Appends `s` as a JSON string literal (with quotes) to the UTF-8 bytes `out`.
    /// - Complexity: O(n) in the UTF-8 length of `s`; one pass and a copy when nothing needs escaping.
    public static func appendString(_ s: String, toBytes out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]])
                }
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A JSON string literal for `s`.
    public static func string(_ s: String) -> String {
        var out = ""
        appendString(s, to: &out)
        return out
    }

    /// A JSON object from ordered pairs; `nil` values become `null`.
    public static func object(_ pairs: some Sequence<(String, String?)>) -> String {
        var out = "{"
        var first = true
        for (k, v) in pairs {
            if !first { out.append(",") }
            first = false
            appendString(k, to: &out)
            out.append(":")
            if let v { appendString(v, to: &out) } else { out.append("null") }
        }
        out.append("}")
        return out
    }
}
