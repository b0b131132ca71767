import Core

/// The original of a malformed record as a JSON document for quarantine.
///
/// `{"raw": "<text>"}` when the bytes are UTF-8, else `{"raw_base64": "..."}`; a record kept
/// only in part adds `"truncated": true`.
enum RawRecordJSON {
    static func document(_ raw: [UInt8], truncated: Bool) -> String {
        var out = "{"
        if let text = String(validating: raw, as: UTF8.self) {
            out.append("\"raw\":")
            JSONText.appendString(text, to: &out)
        } else {
            out.append("\"raw_base64\":\"")
            out.append(base64(raw))
            out.append("\"")
        }
        if truncated { out.append(",\"truncated\":true") }
        out.append("}")
        return out
    }

    /// Standard base64 with padding (RFC 4648 section 4).
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
            out.append(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            var v = UInt32(bytes[i]) << 16
            if rest == 2 { v |= UInt32(bytes[i + 1]) << 8 }
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
