/// Writes PostgreSQL's binary COPY format: a header, then per tuple a field count and
/// length-prefixed fields, then a trailer.
///
/// Text values go as their UTF-8 bytes (the binary form of `text`), so the server neither scans
/// for delimiters nor unescapes.
enum BinaryCopyEncoder {
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]
    static let trailer: [UInt8] = [0xFF, 0xFF]

    @inline(__always)
    static func beginTuple(_ fields: Int, _ out: inout [UInt8]) {
        appendInt16(Int16(fields), &out)
    }

    @inline(__always)
    static func appendNull(_ out: inout [UInt8]) {
        appendInt32(-1, &out)
    }

    @inline(__always)
    static func appendText(_ s: String?, _ out: inout [UInt8]) {
        guard var s else { return appendNull(&out) }
        s.withUTF8 { bytes in
            appendInt32(Int32(bytes.count), &out)
            out.append(contentsOf: bytes)
        }
    }

    @inline(__always)
    static func appendBigint(_ v: Int64, _ out: inout [UInt8]) {
        appendInt32(8, &out)
        let be = v.bigEndian
        withUnsafeBytes(of: be) { out.append(contentsOf: $0) }
    }

    /// A `double precision` value: its IEEE 754 bits, big-endian.
    static func appendFloat8(_ v: Double, _ out: inout [UInt8]) {
        appendInt32(8, &out)
        let be = v.bitPattern.bigEndian
        withUnsafeBytes(of: be) { out.append(contentsOf: $0) }
    }

    @inline(__always)
    static func appendInt(_ v: Int32, _ out: inout [UInt8]) {
        appendInt32(4, &out)
        appendInt32(v, &out)
    }

    @inline(__always)
    static func appendBool(_ v: Bool, _ out: inout [UInt8]) {
        appendInt32(1, &out)
        out.append(v ? 1 : 0)
    }

    /// A `jsonb` value: version byte 1, then the JSON text.
    @inline(__always)
    static func appendJSONB(_ s: String, _ out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            appendInt32(Int32(bytes.count + 1), &out)
            out.append(1)
            out.append(contentsOf: bytes)
        }
    }

    @inline(__always)
    static func appendInt16(_ v: Int16, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) }
    }

    @inline(__always)
    static func appendInt32(_ v: Int32, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) }
    }
}
